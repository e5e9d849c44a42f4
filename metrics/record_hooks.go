package metrics

import (
	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// bindRecordHooks counts events where they are recorded: a job's status
// change, a ledger entry, a provider request, a content's publish outcome. The hooks run after
// the write committed, so a rolled-back transaction counts nothing.
func bindRecordHooks(app core.App, s *Set) {
	app.OnRecordAfterUpdateSuccess("jobs").Bind(&hook.Handler[*core.RecordEvent]{Id: HookJobs, Func: func(e *core.RecordEvent) error {
		s.observeJob(e.Record)
		return e.Next()
	}})
	app.OnRecordAfterCreateSuccess("credit_ledger").Bind(&hook.Handler[*core.RecordEvent]{Id: HookLedger, Func: func(e *core.RecordEvent) error {
		s.observeLedger(e.Record)
		return e.Next()
	}})
	ai.OnCall(app).Bind(&hook.Handler[*ai.CallEvent]{Id: HookAICalls, Func: func(e *ai.CallEvent) error {
		s.AICalls.WithLabelValues(e.Model, e.Provider, e.Outcome).Inc()
		s.AILatency.WithLabelValues(e.Model, e.Provider).Observe(e.Duration.Seconds())
		s.AIWait.WithLabelValues(e.Model).Add(e.Wait.Seconds())
		return e.Next()
	}})
	app.OnRecordAfterCreateSuccess("audit_log").Bind(&hook.Handler[*core.RecordEvent]{Id: HookAnomalies, Func: func(e *core.RecordEvent) error {
		if e.Record.GetString("action") == "ai.cost_anomaly" {
			s.AIAnomalies.Inc()
		}
		return e.Next()
	}})
	app.OnRecordAfterUpdateSuccess("contents").Bind(&hook.Handler[*core.RecordEvent]{Id: HookPublish, Func: func(e *core.RecordEvent) error {
		s.observePublish(e.App, e.Record)
		return e.Next()
	}})
}

func (s *Set) observeJob(r *core.Record) {
	// a commit's ledger entry moves no balance, so spent credits are counted
	// from the job whose reservation became committed
	if r.GetString("credits_state") == "committed" && r.Original().GetString("credits_state") != "committed" {
		s.Credits.WithLabelValues("commit").Add(float64(r.GetInt("credits")))
	}
	before, now, typ := r.Original().GetString("status"), r.GetString("status"), r.GetString("type")
	switch {
	case before == now:
	case now == collections.JobRunning:
		s.JobAttempts.WithLabelValues(typ).Inc()
	case now == collections.JobQueued && before == collections.JobRunning:
		s.JobRetries.WithLabelValues(typ).Inc()
	default:
		ran, timed, finished := collections.JobJustFinished(r)
		if !finished {
			return
		}
		s.JobsFinished.WithLabelValues(typ, now).Inc()
		if timed {
			s.JobDuration.WithLabelValues(typ).Observe(ran.Seconds())
		}
		if model := r.GetString("model"); model != "" {
			s.AITokens.WithLabelValues(model, "in").Add(float64(r.GetInt("tokens_in")))
			s.AITokens.WithLabelValues(model, "out").Add(float64(r.GetInt("tokens_out")))
			s.AICost.WithLabelValues(model).Add(r.GetFloat("cost_usd"))
		}
	}
}

func (s *Set) observeLedger(r *core.Record) {
	delta := r.GetInt("delta")
	if delta < 0 {
		delta = -delta
	}
	if kind := r.GetString("kind"); kind != "" && kind != "commit" {
		s.Credits.WithLabelValues(kind).Add(float64(delta))
	}
}

func (s *Set) observePublish(app core.App, r *core.Record) {
	before, now := r.Original().GetString("publish_status"), r.GetString("publish_status")
	if before == now || (now != "published" && now != "failed") {
		return
	}
	status := "unknown"
	if site, err := app.FindRecordById("sites", r.GetString("site")); err == nil {
		status = site.GetString("status")
	}
	s.Publish.WithLabelValues(now, status).Inc()
}
