package wpimport_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/tools/safehttp"
)

// TestImportRoutes: the in-app import — the database address through the
// outbound guard, the dry run's report, the import as a job, the rollback —
// for admins of the site's workspace only.
func TestImportRoutes(t *testing.T) {
	dsn, db := legacyDB(t)
	loadTablesShape(t, db, "wp_", 20, 200)
	app := testapp.New(t)
	siteRec, _ := app.FindRecordById(collections.Sites, testapp.SiteId(testapp.A))
	siteRec.Set("status", "new")
	if err := app.Save(siteRec); err != nil {
		t.Fatal(err)
	}
	c := testapp.NewClient(t, app)
	owner := testapp.Token(t, app, testapp.A, collections.RoleOwner)
	path := "/api/igny8/sites/" + testapp.SiteId(testapp.A) + "/import-wp"
	body, _ := json.Marshal(map[string]any{"dsn": dsn, "prefix": "wp_"})

	for _, who := range []struct {
		auth   string
		status int
	}{
		{"", 401},
		{testapp.Token(t, app, testapp.A, collections.RoleViewer), 403},
		{testapp.Token(t, app, testapp.A, collections.RoleEditor), 403},
		{testapp.Token(t, app, testapp.B, collections.RoleOwner), 404},
	} {
		c.Must("POST", path+"/check", who.auth, string(body), who.status)
		c.Must("POST", path, who.auth, string(body), who.status)
	}
	c.Must("POST", path+"/check", owner, `{"dsn":"not a dsn"}`, 400)
	c.Must("POST", path+"/check", owner, `{"dsn":"u:p@tcp(db.example.com:3306)/wp","prefix":"wp_; DROP"}`, 400)

	// The database listens on loopback: refused unless the operator allows it.
	t.Setenv(safehttp.EnvAllowPrivateHosts, "")
	r := c.Do("POST", path+"/check", owner, string(body))
	if r.Status != 400 || !strings.Contains(r.Body, "igny8_address_refused") || !strings.Contains(r.Body, "loopback") {
		t.Fatalf("loopback database not refused: %d %s", r.Status, r.Body)
	}
	t.Setenv(safehttp.EnvAllowPrivateHosts, "127.0.0.1")

	batches := count(t, app, collections.ImportBatches, "tenant = {:t}")
	rep := c.Must("POST", path+"/check", owner, string(body), 200)
	if rep["dryRun"] != true || rep["shape"] != "tables" || len(rep["tables"].([]any)) == 0 {
		t.Fatalf("dry run report %v", rep)
	}
	if n := count(t, app, collections.ImportBatches, "tenant = {:t}"); n != batches {
		t.Fatal("the dry run wrote a batch")
	}

	started := c.Must("POST", path, owner, string(body), 202)
	jobId, _ := started["job"].(string)
	job, err := app.FindRecordById(collections.Jobs, jobId)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(job.GetString("payload"), "igny8-legacy-db") {
		t.Fatalf("the job keeps the database password: %s", job.GetString("payload"))
	}
	// a second click while it is queued gets the same job
	if again := c.Must("POST", path, owner, string(body), 202); again["job"] != jobId {
		t.Fatalf("second start queued another job: %v", again)
	}
	if ran, err := jobs.NewEngine(app, jobs.Options{}).RunOnce(); err != nil || !ran {
		t.Fatalf("run the import job: %v %v", ran, err)
	}
	job, _ = app.FindRecordById(collections.Jobs, jobId)
	var result struct {
		Batch     string `json:"batch"`
		Validated bool   `json:"validated"`
	}
	_ = json.Unmarshal([]byte(job.GetString("result")), &result)
	if job.GetString("status") != "succeeded" || !result.Validated || job.GetInt("progress") != 100 {
		t.Fatalf("job %s %s progress %d: %s", job.GetString("status"), job.GetString("error"), job.GetInt("progress"), job.GetString("result"))
	}
	batch, err := app.FindRecordById(collections.ImportBatches, result.Batch)
	if err != nil || batch.GetString("user") != testapp.UserId(testapp.A, collections.RoleOwner) || batch.GetString("actor") != testapp.Email(testapp.A, collections.RoleOwner) {
		t.Fatalf("batch %v %v", batch, err)
	}
	if n := count(t, app, collections.Keywords, "tenant = {:t} AND source = 'wp-plugin'"); n != 197 {
		t.Fatalf("imported keywords %d", n)
	}

	rb := "/api/igny8/import-batches/" + batch.Id + "/rollback"
	c.Must("POST", rb, testapp.Token(t, app, testapp.A, collections.RoleEditor), "", 403)
	c.Must("POST", rb, testapp.Token(t, app, testapp.B, collections.RoleOwner), "", 404)
	c.Must("POST", rb, testapp.Token(t, app, testapp.A, collections.RoleAdmin), "", 200)
	c.Must("POST", rb, owner, "", 409)
	if n := count(t, app, collections.Keywords, "tenant = {:t} AND source = 'wp-plugin'"); n != 0 {
		t.Fatalf("keywords left after the rollback: %d", n)
	}
}
