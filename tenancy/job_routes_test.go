package tenancy_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/tenancy"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

func post(t *testing.T, mux http.Handler, url, token string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, url, strings.NewReader(""))
	req.Header.Set("Authorization", token)
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	return rec
}

func balanceOf(t *testing.T, app core.App) int {
	t.Helper()
	b, err := billing.GetBalance(app, testapp.TenantId(testapp.A))
	if err != nil {
		t.Fatal(err)
	}
	return b.Total()
}

// TestJobCancelRetry: an editor cancels a queued paid job (credits back,
// canceling again is 409), and retries a failed one: it reserves its credits
// again, runs again and succeeds, and the ledger still balances.
func TestJobCancelRetry(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	var runs atomic.Int32
	jobs.Handle(app, "test.flaky", func(ctx context.Context, job *jobs.Job) error {
		if runs.Add(1) == 1 {
			return errors.New("first attempt fails")
		}
		return nil
	}, jobs.HandlerOptions{MaxAttempts: 1})
	mux := serveMux(t, app)
	editor := testapp.Token(t, app, testapp.A, collections.RoleEditor)
	start := balanceOf(t, app)

	queued, err := jobs.Enqueue(app, jobs.EnqueueParams{Tenant: testapp.TenantId(testapp.A), Type: "test.flaky", Credits: 3})
	if err != nil {
		t.Fatal(err)
	}
	if got := balanceOf(t, app); got != start-3 {
		t.Fatalf("balance %d after reserving 3 of %d", got, start)
	}
	if res := post(t, mux, "/api/igny8/jobs/"+queued.Id+"/cancel", editor); res.Code != 200 || !strings.Contains(res.Body.String(), `"status":"canceled"`) {
		t.Fatalf("cancel: %d %s", res.Code, res.Body)
	}
	if got := balanceOf(t, app); got != start {
		t.Fatalf("balance %d after cancel, want %d", got, start)
	}
	if res := post(t, mux, "/api/igny8/jobs/"+queued.Id+"/cancel", editor); res.Code != 409 || !strings.Contains(res.Body.String(), tenancy.CodeConflict) {
		t.Fatalf("second cancel: %d %s", res.Code, res.Body)
	}
	if res := post(t, mux, "/api/igny8/jobs/"+queued.Id+"/retry", editor); res.Code != 409 {
		t.Fatalf("retry of a canceled job: %d %s", res.Code, res.Body)
	}

	failing, err := jobs.Enqueue(app, jobs.EnqueueParams{Tenant: testapp.TenantId(testapp.A), Type: "test.flaky", Credits: 2})
	if err != nil {
		t.Fatal(err)
	}
	e := jobs.NewEngine(app, jobs.Options{})
	if ran, err := e.RunOnce(); !ran || err != nil {
		t.Fatalf("run: %v %v", ran, err)
	}
	if j, _ := app.FindRecordById(collections.Jobs, failing.Id); j.GetString("status") != collections.JobFailed || balanceOf(t, app) != start {
		t.Fatalf("after the failing attempt: %s, balance %d", j.GetString("status"), balanceOf(t, app))
	}
	res := post(t, mux, "/api/igny8/jobs/"+failing.Id+"/retry", editor)
	if res.Code != 202 || !strings.Contains(res.Body.String(), `"status":"queued"`) {
		t.Fatalf("retry: %d %s", res.Code, res.Body)
	}
	if got := balanceOf(t, app); got != start-2 {
		t.Fatalf("balance %d after retry, want %d (credits reserved again)", got, start-2)
	}
	if ran, err := e.RunOnce(); !ran || err != nil {
		t.Fatalf("rerun: %v %v", ran, err)
	}
	j, _ := app.FindRecordById(collections.Jobs, failing.Id)
	if j.GetString("status") != collections.JobSucceeded || j.GetString("credits_state") != collections.CreditsCommitted || runs.Load() != 2 {
		t.Fatalf("after retry: %s %s, %d runs", j.GetString("status"), j.GetString("credits_state"), runs.Load())
	}
	if got := balanceOf(t, app); got != start-2 {
		t.Fatalf("balance %d after the retried job succeeded, want %d", got, start-2)
	}
	if m, err := billing.Verify(app); err != nil || len(m) > 0 {
		t.Fatalf("credits verify: %v %v", m, err)
	}
	if res := post(t, mux, "/api/igny8/jobs/"+failing.Id+"/retry", editor); res.Code != 409 {
		t.Fatalf("retry of a succeeded job: %d %s", res.Code, res.Body)
	}
}

// TestIsolationJobRoutes: cancel and retry of workspace A's jobs as every
// actor: A's editors and up (and superusers) may, A's viewers get 403,
// anonymous 401, and everyone else 404 exactly like a missing job; a refused
// call leaves the job as it was.
func TestIsolationJobRoutes(t *testing.T) {
	t.Parallel()
	for _, act := range actors() {
		for _, c := range []struct {
			action, id, status string
			ok                 int
		}{{"cancel", queuedJobId, collections.JobQueued, 200}, {"retry", failedJobId, collections.JobFailed, 202}} {
			s := &tests.ApiScenario{Name: act.name + " " + c.action + "s A's job", Method: http.MethodPost,
				URL: "/api/igny8/jobs/" + c.id + "/" + c.action, TestAppFactory: testapp.Factory, ExpectedContent: []string{`"status":`}}
			allowed := memberOfA(collections.RoleEditor)(act)
			switch {
			case allowed:
				s.ExpectedStatus = c.ok
			case act.kind == "anonymous":
				s.ExpectedStatus = 401
			case act.ws == testapp.A:
				s.ExpectedStatus = 403
			default:
				s.ExpectedStatus = 404
			}
			s.BeforeTestFunc = chain(func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) { policySetup(t, app) }, withHeaders(act, s))
			s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, res *http.Response) {
				j, err := app.FindRecordById(collections.Jobs, c.id)
				if err != nil {
					t.Fatal(err)
				}
				if !allowed && j.GetString("status") != c.status {
					t.Fatalf("refused %s changed the job to %s", c.action, j.GetString("status"))
				}
			}
			casesChecked.Add(1)
			s.Test(t)
		}
	}
}
