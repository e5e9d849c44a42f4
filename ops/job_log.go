package ops

import (
	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// HookJobLog is the id of the hook that writes one structured log entry per
// finished job.
const HookJobLog = "igny8.jobLog"

// bindJobLog logs every job that reaches a final status into PocketBase's
// logs (Settings > Logs in the admin UI, kept 30 days), with what an operator
// filters on: workspace, type, status, duration, model, credits and output
// size (seed §9.13). It runs after the write committed.
func bindJobLog(app core.App) {
	app.OnRecordAfterUpdateSuccess("jobs").Bind(&hook.Handler[*core.RecordEvent]{Id: HookJobLog, Func: func(e *core.RecordEvent) error {
		logJob(e.App, e.Record)
		return e.Next()
	}})
}

func logJob(app core.App, r *core.Record) {
	ran, _, finished := collections.JobJustFinished(r)
	if !finished {
		return
	}
	status := r.GetString("status")
	attrs := []any{
		"type", "job", "job", r.Id, "workspace", r.GetString("tenant"), "site", r.GetString("site"),
		"jobType", r.GetString("type"), "status", status, "attempts", r.GetInt("attempts"), "durationMs", ran.Milliseconds(),
		"model", r.GetString("model"), "tokensIn", r.GetInt("tokens_in"), "tokensOut", r.GetInt("tokens_out"),
		"costUsd", r.GetFloat("cost_usd"), "credits", r.GetInt("credits"), "creditsState", r.GetString("credits_state"),
		"outputBytes", len(r.GetString("result")),
	}
	if status == collections.JobFailed {
		app.Logger().Warn("job failed", append(attrs, "error", r.GetString("error"))...)
		return
	}
	app.Logger().Info("job "+status, attrs...)
}
