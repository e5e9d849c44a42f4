package planner_test

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/tests"
)

// drainJobs runs queued jobs to the end with a fresh engine.
func drainJobs(t testing.TB, app *tests.TestApp) {
	t.Helper()
	e := jobs.NewEngine(app, jobs.Options{Lease: time.Minute})
	for i := 0; i < 20; i++ {
		ran, err := e.RunOnce()
		if err != nil {
			t.Fatal(err)
		}
		if !ran {
			return
		}
	}
	t.Fatal("jobs keep running")
}

// TestImportJob: async=true (or a file over AsyncImportBytes) answers 202 with
// the job; the job imports in batches and ends with the ImportResult as its
// result, progress 100 and the stored upload removed. A file error the
// read-through finds fails the job for good and writes nothing.
func TestImportJob(t *testing.T) {
	t.Parallel()
	siteA := testapp.SiteId(testapp.A)
	var rows strings.Builder
	rows.WriteString("Keyword,Volume,Clicks,Impressions\n")
	for i := 0; i < 12000; i++ { // more than one batch of 5000
		fmt.Fprintf(&rows, "job keyword %d,%d,%d,%d\n", i, i, i%7, 100+i)
	}
	big := rows.String()
	jobOf := func(t testing.TB, app *tests.TestApp, body []byte) string {
		var r struct{ Job string }
		if err := json.Unmarshal(body, &r); err != nil || r.Job == "" {
			t.Fatalf("no job in %s", body)
		}
		drainJobs(t, app)
		return r.Job
	}
	cases := []importCase{
		{name: "async import runs as a job", ws: testapp.A, role: "editor", site: siteA, file: "big.csv",
			body:   func() io.Reader { return strings.NewReader(big) },
			fields: map[string]string{"async": "true", "period_start": "2026-10-01", "period_end": "2026-10-31"}, status: 202,
			content: []string{`"job":"`, `"source":"generic"`, `"clicks":"Clicks"`},
			after: func(t testing.TB, app *tests.TestApp, body []byte) {
				id := jobOf(t, app, body)
				job, err := app.FindRecordById(collections.Jobs, id)
				if err != nil {
					t.Fatal(err)
				}
				if job.GetString("status") != "succeeded" || job.GetInt("progress") != 100 || job.GetString("type") != "planner.import" || job.GetInt("credits") != 0 {
					t.Fatalf("job %s status %s progress %d", id, job.GetString("status"), job.GetInt("progress"))
				}
				var res struct{ Rows, Imported, Updated, Metrics int }
				raw, _ := json.Marshal(job.Get("result"))
				if err := json.Unmarshal(raw, &res); err != nil || res.Rows != 12000 || res.Imported != 12000 || res.Updated != 0 || res.Metrics != 12000 {
					t.Fatalf("job result %s", raw)
				}
				if n := len(siteKeywords(t, app, siteA)); n != 12001 {
					t.Fatalf("want 12001 keywords, got %d", n)
				}
				k := siteKeywords(t, app, siteA)["job keyword 11999"]
				if k.GetFloat("volume") != 11999 || k.GetFloat("clicks") != 11999%7 || k.GetFloat("impressions") != 12099 ||
					k.GetString("metrics_period") != "2026-10-01..2026-10-31" || k.GetString("metrics_source") != "generic" {
					t.Fatalf("last keyword %v", k.FieldsData())
				}
				left, _ := os.ReadDir(filepath.Join(app.DataDir(), "imports"))
				if len(left) != 0 {
					t.Fatalf("stored uploads left: %v", left)
				}
			}},
		{name: "a file error fails the job and writes nothing", ws: testapp.A, role: "editor", site: siteA, file: "ragged.csv",
			body:   func() io.Reader { return strings.NewReader("Keyword,Volume\n" + strings.Repeat("a,1,2\n", 30)) },
			fields: map[string]string{"async": "true"}, status: 202, content: []string{`"job":"`},
			after: func(t testing.TB, app *tests.TestApp, body []byte) {
				id := jobOf(t, app, body)
				job, _ := app.FindRecordById(collections.Jobs, id)
				if job.GetString("status") != "failed" || !strings.Contains(job.GetString("errors"), "rows do not match the header") {
					t.Fatalf("job %s: %s %s", id, job.GetString("status"), job.GetString("errors"))
				}
				if n := len(siteKeywords(t, app, siteA)); n != 1 {
					t.Fatalf("keywords written: %d", n)
				}
			}},
		{name: "a job canceled before it runs removes its stored upload", ws: testapp.A, role: "editor", site: siteA, file: "cancel.csv",
			body:   func() io.Reader { return strings.NewReader(big) },
			fields: map[string]string{"async": "true"}, status: 202, content: []string{`"job":"`},
			after: func(t testing.TB, app *tests.TestApp, body []byte) {
				var r struct{ Job string }
				if err := json.Unmarshal(body, &r); err != nil || r.Job == "" {
					t.Fatalf("no job in %s", body)
				}
				dir := filepath.Join(app.DataDir(), "imports")
				if left, _ := os.ReadDir(dir); len(left) != 1 {
					t.Fatalf("stored uploads before the cancel: %v, want the one", left)
				}
				if err := jobs.Cancel(app, r.Job); err != nil {
					t.Fatal(err)
				}
				if left, _ := os.ReadDir(dir); len(left) != 0 {
					t.Fatalf("stored uploads left after the cancel: %v", left)
				}
			}},
		{name: "a queued job deleted with its workspace's records removes its stored upload", ws: testapp.A, role: "editor", site: siteA, file: "gone.csv",
			body:   func() io.Reader { return strings.NewReader(big) },
			fields: map[string]string{"async": "true"}, status: 202, content: []string{`"job":"`},
			after: func(t testing.TB, app *tests.TestApp, body []byte) {
				var r struct{ Job string }
				if err := json.Unmarshal(body, &r); err != nil || r.Job == "" {
					t.Fatalf("no job in %s", body)
				}
				job, err := app.FindRecordById(collections.Jobs, r.Job)
				if err != nil {
					t.Fatal(err)
				}
				if err := app.Delete(job); err != nil {
					t.Fatal(err)
				}
				if left, _ := os.ReadDir(filepath.Join(app.DataDir(), "imports")); len(left) != 0 {
					t.Fatalf("stored uploads left after the job was deleted: %v", left)
				}
			}},
		{name: "B owner cannot queue an import into A's site", ws: testapp.B, role: "owner", site: siteA, file: "x.csv",
			body: func() io.Reader { return strings.NewReader(big) }, fields: map[string]string{"async": "true"}, status: 404,
			after: func(t testing.TB, app *tests.TestApp, body []byte) {
				if n, _ := app.CountRecords(collections.Jobs, dbx.HashExp{"type": "planner.import"}); n != 0 {
					t.Fatalf("%d import jobs queued", n)
				}
			}},
	}
	for _, c := range cases {
		c.url = "/api/igny8/planner/import"
		c.run(t)
	}
}
