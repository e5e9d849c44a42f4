package jobs_test

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/planner"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// TestRunScheduleNow: "run now" on a disabled schedule queues the scheduler's
// own schedule.run job; the module's function gets the site and the batch
// size; last_result records the run (window "manual", what it enqueued);
// next_run is untouched; a second click while the run is queued answers the
// same job; once it finished, the next click is a new run.
func TestRunScheduleNow(t *testing.T) {
	t.Parallel()
	app, _ := newApp(t)
	var runs atomic.Int32
	jobs.RegisterSchedule(app, planner.ScheduleClustering, func(ctx context.Context, app core.App, site *core.Record, batch int) (int, error) {
		if site.Id != siteA || batch != 100 {
			t.Errorf("site %s batch %d", site.Id, batch)
		}
		runs.Add(1)
		return 3, nil
	})
	s := siteSchedule(t, app, siteA, planner.ScheduleClustering)
	first, created, err := jobs.RunScheduleNow(app, s, "")
	if err != nil || !created || first.GetString("type") != jobs.TypeScheduleRun || first.GetString("tenant") != tenantA || first.GetString("site") != siteA {
		t.Fatalf("run now: %v created %v %v", first, created, err)
	}
	again, created, err := jobs.RunScheduleNow(app, siteSchedule(t, app, siteA, planner.ScheduleClustering), "")
	if err != nil || created || again.Id != first.Id {
		t.Fatalf("second click: %v created %v %v, want job %s", again, created, err, first.Id)
	}
	runAll(t, jobs.NewEngine(app, jobs.Options{}))
	if runs.Load() != 1 {
		t.Fatalf("the schedule's function ran %d times", runs.Load())
	}
	s = siteSchedule(t, app, siteA, planner.ScheduleClustering)
	var last map[string]any
	_ = s.UnmarshalJSONField("last_result", &last)
	if last["enqueued"] != float64(3) || last["window"] != jobs.ManualWindow || last["job"] != first.Id || s.GetDateTime("last_run").IsZero() {
		t.Fatalf("last_result %v, last_run %v", last, s.GetDateTime("last_run"))
	}
	if !s.GetDateTime("next_run").IsZero() || s.GetBool("enabled") {
		t.Fatalf("a run now changed the cadence: next_run %v enabled %v", s.GetDateTime("next_run"), s.GetBool("enabled"))
	}
	next, created, err := jobs.RunScheduleNow(app, s, "")
	if err != nil || !created || next.Id == first.Id {
		t.Fatalf("a click after the run finished: %v created %v %v", next, created, err)
	}
}

// TestRunScheduleRoute: the route answers 202 {job, created} for A's admin,
// 403 for A's editor, 404 for B's owner and for the global clean-up schedule.
func TestRunScheduleRoute(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, role, ws string
		cleanup        bool
		status         int
		want           string
	}{
		{"admin", collections.RoleAdmin, testapp.A, false, http.StatusAccepted, `"created":true`},
		{"editor", collections.RoleEditor, testapp.A, false, http.StatusForbidden, `igny8_role_too_low`},
		{"other workspace", collections.RoleOwner, testapp.B, false, http.StatusNotFound, `"data":`},
		{"clean-up schedule", collections.RoleOwner, testapp.A, true, http.StatusNotFound, `"data":`},
	}
	for _, c := range cases {
		s := &tests.ApiScenario{Name: c.name, Method: http.MethodPost, ExpectedStatus: c.status, ExpectedContent: []string{c.want},
			TestAppFactory: func(t testing.TB) *tests.TestApp { app, _ := newApp(t); return app }}
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			id := collections.CleanupScheduleId
			if !c.cleanup {
				id = siteSchedule(t, app, siteA, planner.ScheduleIdeas).Id
			}
			s.URL = "/api/igny8/schedules/" + id + "/run"
			s.Headers = map[string]string{"Authorization": testapp.Token(t, app, c.ws, c.role)}
		}
		s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, res *http.Response) {
			n, _ := app.CountRecords(collections.Jobs, dbx.HashExp{"type": jobs.TypeScheduleRun})
			if (n == 1) != (c.status == http.StatusAccepted) || n > 1 {
				t.Fatalf("%d schedule.run jobs after a %d", n, c.status)
			}
		}
		s.Test(t)
	}
}
