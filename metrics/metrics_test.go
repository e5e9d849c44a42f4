package metrics_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/metrics"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	dto "github.com/prometheus/client_model/go"
)

func TestMain(m *testing.M) { testapp.Main(m) }

// /metrics answers only Prometheus's token or a superuser.
func TestMetricsAuth(t *testing.T) {
	t.Setenv(metrics.TokenEnv, "scrape-token-123")
	for _, c := range []struct {
		name, bearer string // a raw header, else the token of who/role (testapp.Authorization)
		who, role    string
		status       int
	}{
		{"anonymous", "", testapp.Anonymous, "", 401},
		{"wrong token", "Bearer nope", "", "", 401},
		{"workspace owner", "", testapp.A, collections.RoleOwner, 401},
		{"the token", "Bearer scrape-token-123", "", "", 200},
		{"superuser", "", testapp.Superuser, "", 200},
	} {
		app := testapp.New(t)
		auth := c.bearer
		if auth == "" {
			auth = testapp.Authorization(t, app, c.who, c.role)
		}
		s := tests.ApiScenario{Name: c.name, Method: http.MethodGet, URL: "/metrics", ExpectedStatus: c.status,
			Headers:        map[string]string{"Authorization": auth},
			TestAppFactory: func(testing.TB) *tests.TestApp { return app }, DisableTestAppCleanup: true}
		if c.status == 200 {
			s.ExpectedContent = []string{"igny8_jobs_oldest_ready_seconds", "igny8_scheduler_schedules"}
		} else {
			s.NotExpectedContent = []string{"igny8_"}
		}
		s.Test(t)
	}
}

// Every family moves when the things it counts happen: jobs succeed, fail
// and retry, credits are reserved, committed and refunded, a publish
// succeeds and one fails, requests are served, a job waits, a schedule is late.
func TestMetricsMove(t *testing.T) {
	app := testapp.New(t)
	set := metrics.Of(app)
	clock := testapp.NewClock(time.Now().UTC())
	jobs.SetClock(app, clock)
	tenant := testapp.TenantId(testapp.A)

	attempts := 0
	jobs.Handle(app, "t.metrics.ok", func(ctx context.Context, j *jobs.Job) error { return nil }, jobs.HandlerOptions{})
	jobs.Handle(app, "t.metrics.flaky", func(ctx context.Context, j *jobs.Job) error {
		attempts++
		if attempts == 1 {
			return errors.New("first attempt fails")
		}
		return jobs.Permanent(errors.New("then gives up"))
	}, jobs.HandlerOptions{MaxAttempts: 2})
	mustEnqueue(t, app, jobs.EnqueueParams{Tenant: tenant, Type: "t.metrics.ok", Credits: 2})
	mustEnqueue(t, app, jobs.EnqueueParams{Tenant: tenant, Type: "t.metrics.flaky", Credits: 1})
	engine := jobs.NewEngine(app, jobs.Options{})
	for i := 0; i < 6; i++ {
		if _, err := engine.RunOnce(); err != nil {
			t.Fatal(err)
		}
		clock.Add(10 * time.Minute)
	}
	mustEnqueue(t, app, jobs.EnqueueParams{Tenant: tenant, Type: "t.metrics.ok"}) // left waiting

	content, err := app.FindRecordById(collections.Contents, testapp.RecordId(collections.Contents, testapp.A))
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []string{collections.PublishPublished, collections.PublishFailed} {
		content.Set("publish_status", st)
		if err := app.Save(content); err != nil {
			t.Fatal(err)
		}
	}
	sched := core.NewRecord(mustCollection(t, app, collections.Schedules))
	sched.Load(map[string]any{"tenant": tenant, "type": "late", "spec": "@every 1h", "enabled": true, "next_run": time.Now().UTC().Add(-time.Hour)})
	if err := app.Save(sched); err != nil {
		t.Fatal(err)
	}
	// the scheduler computes next_run on save; make this one an hour overdue
	if _, err := app.DB().Update(collections.Schedules, dbx.Params{"next_run": time.Now().UTC().Add(-time.Hour).Format("2006-01-02 15:04:05.000Z")},
		dbx.HashExp{"id": sched.Id}).Execute(); err != nil {
		t.Fatal(err)
	}
	(&tests.ApiScenario{Method: http.MethodGet, URL: "/api/health", ExpectedStatus: 200, ExpectedContent: []string{"healthy"},
		TestAppFactory: func(testing.TB) *tests.TestApp { return app }, DisableTestAppCleanup: true}).Test(t)

	ai.Configure(app, ai.Config{Dev: true})
	if _, _, err := ai.Text(context.Background(), app, ai.Request{Task: ai.TaskContent, Tenant: tenant,
		Messages: []ai.Message{{Role: "user", Content: "Write one sentence."}}}); err != nil {
		t.Fatal(err)
	}
	site, err := app.FindRecordById(collections.Sites, testapp.SiteId(testapp.A))
	if err != nil {
		t.Fatal(err)
	}
	siteStatus := site.GetString("status")
	families, err := set.Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]func(float64) bool{
		`igny8_jobs_finished_total{status="succeeded",type="t.metrics.ok"}`:                  eq(1),
		`igny8_jobs_finished_total{status="failed",type="t.metrics.flaky"}`:                  eq(1),
		`igny8_jobs_attempts_total{type="t.metrics.flaky"}`:                                  eq(2),
		`igny8_jobs_attempt_failures_total{type="t.metrics.flaky"}`:                          eq(1),
		`igny8_jobs_duration_seconds{type="t.metrics.ok"}`:                                   eq(1), // sample count
		`igny8_credits_total{kind="reserve"}`:                                                eq(3),
		`igny8_credits_total{kind="commit"}`:                                                 eq(2),
		`igny8_credits_total{kind="refund"}`:                                                 eq(1),
		`igny8_publish_outcomes_total{outcome="published",site_status="` + siteStatus + `"}`: eq(1),
		`igny8_publish_outcomes_total{outcome="failed",site_status="` + siteStatus + `"}`:    eq(1),
		`igny8_http_request_duration_seconds{method="GET",route="/api/health",status="2xx"}`: eq(1),
		`igny8_jobs_queue_depth{status="queued",type="t.metrics.ok"}`:                        eq(1),
		`igny8_scheduler_lag_seconds`:                                                        gt(3000),
		`igny8_ai_calls_total{model="dev",outcome="ok",provider="dev"}`:                      eq(1),
		`igny8_ai_call_duration_seconds{model="dev",provider="dev"}`:                         eq(1),
		`igny8_ai_rate_limit_wait_seconds_total{model="dev"}`:                                gt(-1),
		`igny8_jobs_oldest_ready_seconds`:                                                    gt(-1),
	}
	got := flatten(families)
	for key, ok := range want {
		v, found := got[key]
		if !found || !ok(v) {
			t.Errorf("%s = %v (present %v)", key, v, found)
		}
	}
}

func eq(want float64) func(float64) bool { return func(v float64) bool { return v == want } }
func gt(min float64) func(float64) bool  { return func(v float64) bool { return v > min } }

// flatten keys each sample as name{labels} (histograms by their count).
func flatten(families []*dto.MetricFamily) map[string]float64 {
	out := map[string]float64{}
	for _, f := range families {
		for _, m := range f.GetMetric() {
			labels := []string{}
			for _, l := range m.GetLabel() {
				labels = append(labels, l.GetName()+`="`+l.GetValue()+`"`)
			}
			key := f.GetName()
			if len(labels) > 0 {
				key += "{" + strings.Join(labels, ",") + "}"
			}
			switch {
			case m.Counter != nil:
				out[key] = m.Counter.GetValue()
			case m.Gauge != nil:
				out[key] = m.Gauge.GetValue()
			case m.Histogram != nil:
				out[key] = float64(m.Histogram.GetSampleCount())
			}
		}
	}
	return out
}

func mustEnqueue(t *testing.T, app core.App, p jobs.EnqueueParams) *core.Record {
	t.Helper()
	r, err := jobs.Enqueue(app, p)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func mustCollection(t *testing.T, app core.App, name string) *core.Collection {
	t.Helper()
	c, err := app.FindCollectionByNameOrId(name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The alert rules, the Grafana dashboard and docs/DEPLOY.md name only metrics
// that exist (histograms with their _bucket/_count/_sum series), and every
// igny8 family is documented.
func TestOpsFilesUseRealMetrics(t *testing.T) {
	app := testapp.New(t)
	known := map[string]bool{}
	for _, n := range metrics.Of(app).Names() {
		known[n] = true
	}
	name := regexp.MustCompile(`(?:^|[^.\w])(igny8_[a-z0-9_]+)`) // not .igny8_encryption_key
	for _, file := range []string{"../docs/ops/alerts.yml", "../docs/ops/grafana-dashboard.json", "../docs/DEPLOY.md"} {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range name.FindAllStringSubmatch(string(b), -1) {
			n := m[1]
			base := n
			for _, suffix := range []string{"_bucket", "_count", "_sum"} {
				base = strings.TrimSuffix(base, suffix)
			}
			if !known[n] && !known[base] && !strings.HasSuffix(n, "_") {
				t.Errorf("%s names %s, which igny8 does not serve", file, n)
			}
		}
	}
	doc, _ := os.ReadFile("../docs/DEPLOY.md")
	for n := range known {
		if strings.HasPrefix(n, "igny8_") && !strings.HasPrefix(n, "igny8_process_") && !strings.Contains(string(doc), "`"+n+"`") {
			t.Errorf("%s is not documented in docs/DEPLOY.md", n)
		}
	}
	var dash map[string]any
	b, _ := os.ReadFile("../docs/ops/grafana-dashboard.json")
	if err := json.Unmarshal(b, &dash); err != nil || len(dash["panels"].([]any)) == 0 {
		t.Errorf("grafana dashboard is not a dashboard: %v", err)
	}
}
