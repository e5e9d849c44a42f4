package exports_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/exports"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/core"
)

func TestMain(m *testing.M) { testapp.Main(m) }

func runJobs(t *testing.T, app core.App) {
	t.Helper()
	e := jobs.NewEngine(app, jobs.Options{})
	for i := 0; i < 50; i++ {
		ran, err := e.RunOnce()
		if err != nil {
			t.Fatal(err)
		}
		if !ran {
			return
		}
	}
	t.Fatal("jobs still running after 50 rounds")
}

func save(t *testing.T, app core.App, collection string, data map[string]any) *core.Record {
	t.Helper()
	col, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(col)
	r.Load(data)
	if err := app.Save(r); err != nil {
		t.Fatalf("save %s: %v", collection, err)
	}
	return r
}

// readZip opens the export's stored file.
func readZip(t *testing.T, app core.App, rec *core.Record) map[string]string {
	t.Helper()
	fsys, err := app.NewFilesystem()
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	r, err := fsys.GetReader(rec.BaseFilesPath() + "/" + rec.GetString("file"))
	if err != nil {
		t.Fatalf("export file: %v", err)
	}
	defer r.Close()
	raw, _ := io.ReadAll(r)
	z, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	out := map[string]string{}
	for _, f := range z.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		out[f.Name] = string(b)
	}
	return out
}

// TestExportZipOfSuspendedWorkspace: an admin of a suspended workspace
// queues the export (a second click answers the same one), the job writes the
// keywords and clusters as formula-escaped CSV (across several pages) and the
// article as HTML (its text escaped) and Markdown with its image copied into
// the zip, and only admins of the workspace can download the protected file.
func TestExportZipOfSuspendedWorkspace(t *testing.T) {
	app := testapp.New(t)
	*exports.PageSize = 2
	t.Cleanup(func() { *exports.PageSize = 1000 })
	clock := testapp.NewClock(time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC))
	jobs.SetClock(app, clock)
	a, site := testapp.TenantId(testapp.A), testapp.SiteId(testapp.A)
	for i, kw := range []string{"=HYPERLINK(\"http://evil\")", "+cmd|calc", "plain one", "@SUM(A1)", "fifth keyword"} {
		save(t, app, collections.Keywords, map[string]any{"tenant": a, "site": site, "keyword": kw, "normalized": fmt.Sprint("n", i), "status": "new"})
	}
	img := testapp.RecordId(collections.Images, testapp.A)
	file := testapp.ImageFile(app, testapp.A)
	content, _ := app.FindRecordById(collections.Contents, testapp.RecordId(collections.Contents, testapp.A))
	content.Set("title", "Cold <brew> & \"you\"")
	content.Set("slug", "cold-brew")
	content.Set("html", `<h2>Why</h2><figure data-igny8-image="`+img+`"><img src="/api/files/images/`+img+`/`+file+`" alt="a cup"></figure><p>Steep it <strong>long</strong>.</p>`+
		`<figure data-igny8-image="missing00000000"><img src="/api/files/images/missing00000000/x.png" alt=""></figure>`)
	if err := app.Save(content); err != nil {
		t.Fatal(err)
	}
	tenant, _ := app.FindRecordById(collections.Tenants, a)
	tenant.Set("status", collections.TenantSuspended)
	if err := app.Save(tenant); err != nil {
		t.Fatal(err)
	}

	c := testapp.NewClient(t, app)
	path := "/api/igny8/workspaces/" + a + "/export"
	c.Must(http.MethodPost, path, testapp.Authorization(t, app, testapp.A, collections.RoleEditor), "", http.StatusForbidden)
	c.Must(http.MethodPost, path, testapp.Authorization(t, app, testapp.B, collections.RoleOwner), "", http.StatusNotFound)
	first := c.Must(http.MethodPost, path, testapp.Authorization(t, app, testapp.A, collections.RoleAdmin), "", http.StatusAccepted)
	again := c.Must(http.MethodPost, path, testapp.Authorization(t, app, testapp.A, collections.RoleOwner), "", http.StatusAccepted)
	if again["id"] != first["id"] || again["existing"] != true {
		t.Fatalf("second click: %v, first %v", again, first)
	}
	runJobs(t, app)

	rec, err := app.FindRecordById(collections.Exports, first["id"].(string))
	if err != nil || rec.GetString("status") != collections.ExportReady || rec.GetString("file") == "" {
		t.Fatalf("export %v: %v (error %q)", rec, err, rec.GetString("error"))
	}
	if got := rec.GetDateTime("expires").Time(); !got.Equal(clock.Now().Add(exports.TTL)) {
		t.Fatalf("expires %v", got)
	}
	files := readZip(t, app, rec)
	kw := files["keywords.csv"]
	for _, want := range []string{`'=HYPERLINK(""http://evil"")`, "'+cmd|calc", "'@SUM(A1)", "fifth keyword", "keyword a,10", "Site a"} {
		if !strings.Contains(kw, want) {
			t.Errorf("keywords.csv lacks %q:\n%s", want, kw)
		}
	}
	if strings.Count(kw, "\n") != 7 { // header + fixture + 5
		t.Errorf("keywords.csv has %d lines:\n%s", strings.Count(kw, "\n"), kw)
	}
	if !strings.Contains(files["clusters.csv"], "Cluster a") {
		t.Errorf("clusters.csv: %s", files["clusters.csv"])
	}
	folder := "articles/site-a-" + site + "/"
	local := "images/" + img + "-" + file
	html, md := files[folder+"cold-brew-"+content.Id+".html"], files[folder+"cold-brew-"+content.Id+".md"]
	if !strings.Contains(html, "<h1>Cold &lt;brew&gt; &amp; &#34;you&#34;</h1>") || !strings.Contains(html, `src="`+local+`"`) ||
		strings.Contains(html, "/api/files/") || strings.Contains(html, "missing00000000") {
		t.Errorf("html:\n%s\nfiles: %v", html, keys(files))
	}
	if !strings.Contains(md, `title: "Cold <brew> & \"you\""`) || !strings.Contains(md, "**long**") || !strings.Contains(md, "## Why") ||
		!strings.Contains(md, "featured_image: \""+local+"\"") {
		t.Errorf("markdown:\n%s", md)
	}
	if _, ok := files[folder+local]; !ok {
		t.Errorf("image not in the zip: %v", keys(files))
	}

	// the protected file: A's admin downloads it with a file token; A's editor and B's owner do not
	download := "/api/files/" + collections.Exports + "/" + rec.Id + "/" + rec.GetString("file") + "?token="
	for who, want := range map[string]int{collections.RoleAdmin: 200, collections.RoleEditor: 404} {
		tok := c.Must(http.MethodPost, "/api/files/token", testapp.Authorization(t, app, testapp.A, who), "", 200)["token"].(string)
		if got := c.Do(http.MethodGet, download+tok, "", "").Status; got != want {
			t.Errorf("%s of A downloads: %d, want %d", who, got, want)
		}
	}
	tok := c.Must(http.MethodPost, "/api/files/token", testapp.Authorization(t, app, testapp.B, collections.RoleOwner), "", 200)["token"].(string)
	if got := c.Do(http.MethodGet, download+tok, "", "").Status; got != 404 {
		t.Errorf("owner of B downloads A's export: %d", got)
	}
	if got := c.Do(http.MethodGet, download, "", "").Status; got != 404 {
		t.Errorf("download without a token: %d", got)
	}

	// expiry: the clean-up deletes it and its file once expired, not before
	if n, err := exports.Cleanup(app); err != nil || n != 0 {
		t.Fatalf("clean-up before expiry: %d %v", n, err)
	}
	clock.Add(exports.TTL + time.Minute)
	if n, err := exports.Cleanup(app); err != nil || n != 1 {
		t.Fatalf("clean-up after expiry: %d %v", n, err)
	}
	if _, err := app.FindRecordById(collections.Exports, rec.Id); err == nil {
		t.Fatal("expired export still there")
	}
	fsys, err := app.NewFilesystem()
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	// PocketBase deletes a deleted record's files in the background
	testapp.WaitForEvery(t, 30*time.Second, 100*time.Millisecond, func() bool {
		ok, err := fsys.Exists(rec.BaseFilesPath() + "/" + rec.GetString("file"))
		if err != nil {
			t.Fatal(err)
		}
		return !ok
	}, "expired export's file still stored")
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
