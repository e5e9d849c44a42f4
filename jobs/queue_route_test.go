package jobs_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/planner"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// seedJobs gives A two queued jobs and B one, through the real Enqueue.
func seedJobs(t testing.TB, app *tests.TestApp) (a, b string) {
	t.Helper()
	jobs.Handle(app, "t.seed", noop, jobs.HandlerOptions{})
	a = mustEnqueue(t, app, jobs.EnqueueParams{Tenant: tenantA, Type: "t.seed"}).Id
	mustEnqueue(t, app, jobs.EnqueueParams{Tenant: tenantA, Type: "t.seed"})
	b = mustEnqueue(t, app, jobs.EnqueueParams{Tenant: tenantB, Type: "t.seed"}).Id
	return a, b
}

// auth is the scenario headers for who (see testapp.Authorization); none for
// an anonymous request.
func auth(t testing.TB, app core.App, who, role string) map[string]string {
	if who == testapp.Anonymous {
		return nil
	}
	return map[string]string{"Authorization": testapp.Authorization(t, app, who, role)}
}

func TestQueueRoute(t *testing.T) {
	t.Parallel()
	url := "/api/igny8/system/queue"
	cases := []struct {
		name, ws, role, query string
		status                int
		content, notContent   []string
	}{
		{"viewer sees own workspace", testapp.A, "viewer", "", 200, []string{`"tenant":"` + tenantA, `"queued":2`}, []string{tenantB}},
		{"B owner sees only B", testapp.B, "owner", "", 200, []string{`"tenant":"` + tenantB, `"queued":1`}, []string{tenantA}},
		{"B owner asking for A", testapp.B, "owner", "?tenant=" + tenantA, 404, nil, []string{`"queued"`}},
		{"outsider", testapp.Outsider, "", "", 404, nil, []string{`"queued"`}},
		{"anonymous", "", "", "", 401, nil, []string{`"queued"`}},
		{"superuser sees all", testapp.Superuser, "", "", 200, []string{`"tenant":""`, `"queued":3`}, nil},
		{"superuser narrows", testapp.Superuser, "", "?tenant=" + tenantB, 200, []string{`"queued":1`}, nil},
	}
	for _, tc := range cases {
		tc := tc
		s := &tests.ApiScenario{
			Name: tc.name, Method: http.MethodGet, URL: url + tc.query,
			ExpectedStatus: tc.status, ExpectedContent: tc.content, NotExpectedContent: tc.notContent,
			TestAppFactory: testapp.Factory,
		}
		if tc.status >= 400 {
			s.ExpectedContent = []string{`"data"`}
		}
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			seedJobs(t, app)
			s.Headers = auth(t, app, tc.ws, tc.role)
		}
		s.Test(t)
	}
}

func TestCostsRoute(t *testing.T) {
	t.Parallel()
	(&tests.ApiScenario{
		Name: "cost table is public and read-only", Method: http.MethodGet, URL: "/api/igny8/costs",
		ExpectedStatus: 200, TestAppFactory: testapp.Factory,
		ExpectedContent: []string{`"action":"clustering","credits":1,"per":30`, `"action":"article","credits":3`, `"action":"publish","credits":0`},
	}).Test(t)
	(&tests.ApiScenario{
		Name: "no writes", Method: http.MethodPost, URL: "/api/igny8/costs", Body: strings.NewReader(`{}`),
		ExpectedStatus: 404, TestAppFactory: testapp.Factory, ExpectedContent: []string{`"data"`},
	}).Test(t)
}

// jobs, credit_ledger and schedules through the collection API: members of
// the workspace read, nobody else does, and nobody writes jobs or the ledger.
func TestCollectionsIsolation(t *testing.T) {
	t.Parallel()
	type tc struct {
		name, method, url, ws, role, body string
		status                            int
		content, notContent               []string
	}
	var cases []tc
	for _, col := range []string{collections.Jobs, collections.CreditLedger, collections.Schedules} {
		base := "/api/collections/" + col + "/records"
		cases = append(cases,
			tc{col + " A viewer lists A only", http.MethodGet, base + "?perPage=200", testapp.A, "viewer", "", 200, []string{tenantA}, []string{tenantB}},
			tc{col + " B owner lists B only", http.MethodGet, base + "?perPage=200", testapp.B, "owner", "", 200, []string{tenantB}, []string{tenantA}},
			tc{col + " outsider lists nothing", http.MethodGet, base, testapp.Outsider, "", "", 200, []string{`"totalItems":0`}, nil},
			tc{col + " anonymous lists nothing", http.MethodGet, base, "", "", "", 200, []string{`"totalItems":0`}, nil},
			tc{col + " owner cannot create", http.MethodPost, base, testapp.A, "owner", `{"tenant":"` + tenantA + `","type":"x","kind":"grant","idempotency_key":"k","spec":"@every 1h"}`, 403, nil, nil},
		)
	}
	cases = append(cases,
		tc{"schedules: viewer cannot enable", http.MethodPatch, "/api/collections/schedules/records/{schedA}", testapp.A, "viewer", `{"enabled":true}`, 404, nil, nil},
		tc{"schedules: B admin cannot enable A's", http.MethodPatch, "/api/collections/schedules/records/{schedA}", testapp.B, "admin", `{"enabled":true}`, 404, nil, nil},
		tc{"schedules: admin enables", http.MethodPatch, "/api/collections/schedules/records/{schedA}", testapp.A, "admin", `{"enabled":true,"spec":"@every 2h"}`, 200, []string{`"enabled":true`, `"next_run":"2`}, nil},
		tc{"schedules: bad spec is a field error", http.MethodPatch, "/api/collections/schedules/records/{schedA}", testapp.A, "admin", `{"spec":"sometimes"}`, 400, []string{`"spec"`, `Invalid schedule`}, nil},
		tc{"schedules: cannot move to another site", http.MethodPatch, "/api/collections/schedules/records/{schedA}", testapp.A, "owner", `{"site":"` + siteB + `"}`, 404, nil, nil},
		tc{"jobs: owner cannot update", http.MethodPatch, "/api/collections/jobs/records/{jobA}", testapp.A, "owner", `{"status":"succeeded"}`, 403, nil, nil},
		tc{"jobs: owner cannot delete", http.MethodDelete, "/api/collections/jobs/records/{jobA}", testapp.A, "owner", ``, 403, nil, nil},
		tc{"jobs: B cannot view A's", http.MethodGet, "/api/collections/jobs/records/{jobA}", testapp.B, "owner", ``, 404, nil, nil},
		tc{"jobs: A viewer views", http.MethodGet, "/api/collections/jobs/records/{jobA}", testapp.A, "viewer", ``, 200, []string{`"status":"queued"`}, []string{"lease_owner"}},
	)
	for _, c := range cases {
		c := c
		s := &tests.ApiScenario{
			Name: c.name, Method: c.method, ExpectedStatus: c.status,
			ExpectedContent: c.content, NotExpectedContent: c.notContent, TestAppFactory: testapp.Factory,
		}
		if c.body != "" {
			s.Body = strings.NewReader(c.body)
		}
		if len(c.content) == 0 && c.status >= 400 {
			s.ExpectedContent = []string{`"data"`}
		}
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			jobA, _ := seedJobs(t, app)
			sched := siteSchedule(t, app, siteA, planner.ScheduleIdeas)
			s.URL = strings.NewReplacer("{schedA}", sched.Id, "{jobA}", jobA).Replace(c.url)
			s.Headers = auth(t, app, c.ws, c.role)
		}
		s.Test(t)
	}
}

// Realtime: a subscriber of B never hears about A's job; A's viewer sees its
// progress live.
func TestRealtimeIsolation(t *testing.T) {
	t.Parallel()
	app, _ := newApp(t)
	testapp.BindRealtime(t, app)
	viewerA, _ := app.FindAuthRecordByEmail(collections.Users, testapp.Email(testapp.A, "viewer"))
	ownerB, _ := app.FindAuthRecordByEmail(collections.Users, testapp.Email(testapp.B, "owner"))
	la := testapp.Listen(app, viewerA, collections.Jobs)
	lb := testapp.Listen(app, ownerB, collections.Jobs, collections.Jobs+"/*")

	progressed := make(chan struct{})
	jobs.Handle(app, "t.progress", func(ctx context.Context, job *jobs.Job) error {
		defer close(progressed)
		return job.Progress(40)
	}, jobs.HandlerOptions{})
	rec := mustEnqueue(t, app, jobs.EnqueueParams{Tenant: tenantA, Type: "t.progress"})
	if _, err := jobs.NewEngine(app, jobs.Options{}).RunOnce(); err != nil {
		t.Fatal(err)
	}
	<-progressed
	// create, running, progress 40, succeeded
	for i := 0; i < 4; i++ {
		if topic, id := la.Next(t, 5*time.Second); topic != collections.Jobs || id != rec.Id {
			t.Fatalf("A viewer got %s %s", topic, id)
		}
	}
	// a B job afterwards proves B's listener works and got nothing before it
	bJob := mustEnqueue(t, app, jobs.EnqueueParams{Tenant: tenantB, Type: "t.progress"})
	if _, id := lb.Next(t, 5*time.Second); id != bJob.Id {
		t.Fatalf("B's first realtime message was about %s, want its own job %s", id, bJob.Id)
	}
}
