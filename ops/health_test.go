package ops_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// A superuser's /api/health adds the database, queue and scheduler state to
// PocketBase's own fields (which the admin UI reads); nobody else sees them.
func TestHealthState(t *testing.T) {
	for _, who := range []string{"superuser", collections.RoleOwner, "anonymous"} {
		app := testapp.New(t)
		jobs.Handle(app, "t.health", nil, jobs.HandlerOptions{})
		if _, err := jobs.Enqueue(app, jobs.EnqueueParams{Tenant: testapp.TenantId(testapp.A), Type: "t.health"}); err != nil {
			t.Fatal(err)
		}
		s := tests.ApiScenario{Name: who, Method: http.MethodGet, URL: "/api/health", ExpectedStatus: 200,
			TestAppFactory: func(testing.TB) *tests.TestApp { return app }, DisableTestAppCleanup: true}
		switch who {
		case "superuser":
			s.Headers = map[string]string{"Authorization": testapp.SuperuserToken(t, app)}
			s.ExpectedContent = []string{`"canBackup":true`, `"database":"ok"`, `"queued":1`, `"running":0`, `"scheduler":{"enabled":1`}
		case collections.RoleOwner:
			s.Headers = map[string]string{"Authorization": testapp.Token(t, app, testapp.A, collections.RoleOwner)}
			fallthrough
		default:
			s.ExpectedContent, s.NotExpectedContent = []string{`"data":{}`}, []string{"igny8", "queued"}
		}
		s.Test(t)
	}
}

// A finished job leaves one structured entry in PocketBase's logs with the
// fields operators filter on.
func TestJobLog(t *testing.T) {
	app := testapp.New(t)
	s := app.Settings()
	s.Logs.MaxDays = 30 // test apps start with logs off
	if err := app.Save(s); err != nil {
		t.Fatal(err)
	}
	jobs.Handle(app, "t.logged", func(ctx context.Context, j *jobs.Job) error { return nil }, jobs.HandlerOptions{})
	rec, err := jobs.Enqueue(app, jobs.EnqueueParams{Tenant: testapp.TenantId(testapp.A), Type: "t.logged", Credits: 1})
	if err != nil {
		t.Fatal(err)
	}
	if ran, err := jobs.NewEngine(app, jobs.Options{}).RunOnce(); err != nil || !ran {
		t.Fatalf("run: %v %v", ran, err)
	}
	var logs []*core.Log
	// PocketBase writes logs in batches
	testapp.WaitForEvery(t, 30*time.Second, 100*time.Millisecond, func() bool {
		logs = nil
		if err := app.AuxDB().Select("*").From("_logs").Where(dbx.NewExp("json_extract(data, '$.job') = {:id}", dbx.Params{"id": rec.Id})).All(&logs); err != nil {
			t.Fatal(err)
		}
		return len(logs) > 0
	}, "no log entry for job %s", rec.Id)
	if len(logs) != 1 {
		t.Fatalf("%d log entries for the job, want 1", len(logs))
	}
	d := logs[0].Data
	if logs[0].Message != "job succeeded" || d["workspace"] != testapp.TenantId(testapp.A) || d["jobType"] != "t.logged" ||
		d["status"] != "succeeded" || d["credits"] != float64(1) || d["creditsState"] != "committed" || d["durationMs"] == nil {
		t.Fatalf("job log entry: %q %v", logs[0].Message, d)
	}
}
