// Package metrics serves igny8's Prometheus metrics at /metrics under the
// igny8_ namespace: the job queue, AI calls, publishing, HTTP requests,
// credits and the scheduler. Counters are fed by record hooks on the
// collections that already record each event (jobs, credit_ledger, contents)
// and by one HTTP middleware, so the modules need no metrics code of their
// own; gauges are read from the database when Prometheus scrapes.
package metrics

import (
	"crypto/subtle"
	"os"
	"regexp"
	"strings"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Namespace prefixes every igny8 metric.
const Namespace = "igny8"

// TokenEnv names the variable holding the bearer token Prometheus sends; without
// it only a superuser's auth token can read /metrics.
const TokenEnv = "IGNY8_METRICS_TOKEN"

// Ids of the hooks and middleware this package binds.
const (
	HookServe         = "igny8.metrics.serve"
	MiddlewareHTTP    = "igny8.metrics.http"
	HookJobs          = "igny8.metrics.jobs"
	HookLedger        = "igny8.metrics.ledger"
	HookPublish       = "igny8.metrics.publish"
	HookAICalls       = "igny8.metrics.aiCalls"
	HookAnomalies     = "igny8.metrics.aiCostAnomalies"
	storeKey          = "igny8.metrics"
	durationBucketsHi = 3600
)

// Set holds one app's metric families; tests read them through the registry.
type Set struct {
	Registry *prometheus.Registry

	HTTPDuration *prometheus.HistogramVec
	JobsFinished *prometheus.CounterVec
	JobDuration  *prometheus.HistogramVec
	JobAttempts  *prometheus.CounterVec
	JobRetries   *prometheus.CounterVec
	AITokens     *prometheus.CounterVec
	AICost       *prometheus.CounterVec
	AICalls      *prometheus.CounterVec
	AILatency    *prometheus.HistogramVec
	AIWait       *prometheus.CounterVec
	Publish      *prometheus.CounterVec
	Credits      *prometheus.CounterVec
	AIAnomalies  prometheus.Counter

	collectors []prometheus.Collector
}

func newSet(app core.App) *Set {
	s := &Set{Registry: prometheus.NewRegistry()}
	jobBuckets := prometheus.ExponentialBucketsRange(0.05, durationBucketsHi, 14)
	s.HTTPDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: Namespace, Subsystem: "http",
		Name: "request_duration_seconds", Help: "HTTP request durations by method, route pattern and status class.",
		Buckets: []float64{.002, .005, .01, .025, .05, .1, .2, .5, 1, 2.5, 5, 10}}, []string{"method", "route", "status"})
	s.JobsFinished = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Subsystem: "jobs",
		Name: "finished_total", Help: "Jobs that reached a final status, by type and status (succeeded, failed, canceled)."}, []string{"type", "status"})
	s.JobDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: Namespace, Subsystem: "jobs",
		Name: "duration_seconds", Help: "Time from a job's start to its final status, by type.", Buckets: jobBuckets}, []string{"type"})
	s.JobAttempts = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Subsystem: "jobs",
		Name: "attempts_total", Help: "Job attempts started (claims), by type."}, []string{"type"})
	s.JobRetries = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Subsystem: "jobs",
		Name: "attempt_failures_total", Help: "Attempts that failed and were queued again (or recovered after a lost lease), by type."}, []string{"type"})
	s.AITokens = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Subsystem: "ai",
		Name: "tokens_total", Help: "Tokens used by finished jobs, by model and direction (in, out)."}, []string{"model", "direction"})
	s.AICost = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Subsystem: "ai",
		Name: "cost_usd_total", Help: "Provider cost in USD of finished jobs, by model."}, []string{"model"})
	s.AICalls = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Subsystem: "ai",
		Name: "calls_total", Help: "Provider calls by model, provider and outcome (ok, error, timeout)."}, []string{"model", "provider", "outcome"})
	s.AILatency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: Namespace, Subsystem: "ai",
		Name: "call_duration_seconds", Help: "Provider call latency by model and provider.",
		Buckets: prometheus.ExponentialBucketsRange(0.01, 600, 14)}, []string{"model", "provider"})
	s.AIWait = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Subsystem: "ai",
		Name: "rate_limit_wait_seconds_total", Help: "Time calls waited for a model's rate limit, by model."}, []string{"model"})
	s.Publish = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Subsystem: "publish",
		Name: "outcomes_total", Help: "Publish outcomes (published, failed) by the site's connection status."}, []string{"outcome", "site_status"})
	s.Credits = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Subsystem: "credits",
		Name: "total", Help: "Credits moved through the ledger, by entry kind (reserve, commit, refund, grant, topup, adjust)."}, []string{"kind"})

	s.AIAnomalies = prometheus.NewCounter(prometheus.CounterOpts{Namespace: Namespace, Subsystem: "ai",
		Name: "cost_anomalies_total", Help: "Workspace days whose AI spend passed 5x the workspace's 14-day median (each also an ai.cost_anomaly audit entry)."})

	s.collectors = []prometheus.Collector{s.HTTPDuration, s.JobsFinished, s.JobDuration, s.JobAttempts, s.JobRetries,
		s.AITokens, s.AICost, s.AICalls, s.AILatency, s.AIWait, s.Publish, s.Credits, s.AIAnomalies,
		&dbCollector{app: app}, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{Namespace: Namespace})}
	s.Registry.MustRegister(s.collectors...)
	return s
}

var fqName = regexp.MustCompile(`fqName: "([^"]+)"`)

// Names lists the name of every metric family the set can serve, including
// vectors that have no series yet (docs and dashboards are checked against it).
func (s *Set) Names() []string {
	ch := make(chan *prometheus.Desc, 256)
	go func() {
		for _, c := range s.collectors {
			c.Describe(ch)
		}
		close(ch)
	}()
	var names []string
	for d := range ch {
		if m := fqName.FindStringSubmatch(d.String()); m != nil {
			names = append(names, m[1])
		}
	}
	return names
}

// Of returns app's metric set, creating it on first use.
func Of(app core.App) *Set {
	return app.Store().GetOrSet(storeKey, func() any { return newSet(app) }).(*Set)
}

// Register binds the hooks that feed the counters and mounts GET /metrics.
func Register(app core.App) error {
	set := Of(app)
	bindRecordHooks(app, set)
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{Id: HookServe, Func: func(se *core.ServeEvent) error {
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{Id: MiddlewareHTTP, Func: set.observeRequest, Priority: -1000})
		se.Router.GET("/metrics", handler(set))
		return se.Next()
	}})
	return nil
}

// MustRegister is [Register] that panics on an error.
func MustRegister(app core.App) {
	if err := Register(app); err != nil {
		panic(err)
	}
}

// authorized lets in Prometheus's bearer token (when one is configured) or a
// superuser; everyone else gets 401 so the endpoint tells nothing.
func authorized(e *core.RequestEvent) bool {
	if e.HasSuperuserAuth() {
		return true
	}
	want := os.Getenv(TokenEnv)
	got, ok := strings.CutPrefix(e.Request.Header.Get("Authorization"), "Bearer ")
	return want != "" && ok && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

func handler(set *Set) func(e *core.RequestEvent) error {
	h := promhttp.HandlerFor(set.Registry, promhttp.HandlerOpts{})
	return func(e *core.RequestEvent) error {
		if !authorized(e) {
			return apis.NewUnauthorizedError("Metrics need the metrics token or a superuser.", nil)
		}
		h.ServeHTTP(e.Response, e.Request)
		return nil
	}
}
