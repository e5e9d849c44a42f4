package autopilot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/hooks"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/planner"
	"github.com/igny8/igny8/wordpress"
	"github.com/igny8/igny8/writer"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Steps in chain order: the per-site schedule types, each with the default
// cadence and batch the plan gives it (docs/JOBS.md; all disabled on a new site).
var Chain = []jobs.SiteDefault{
	{Type: planner.ScheduleClustering, Spec: "@every 6h", Batch: 100},
	{Type: planner.ScheduleIdeas, Spec: "@every 6h", Batch: 10},
	{Type: writer.ScheduleWriting, Spec: "@every 3h", Batch: 5},
	{Type: writer.ScheduleImages, Spec: "@every 3h", Batch: 10},
	{Type: wordpress.SchedulePublishing, Spec: "@every 12h", Batch: 5},
}

func registerSchedules(app core.App) {
	for _, d := range Chain {
		jobs.RegisterSiteSchedule(app, d, stepFunc(d.Type))
	}
}

// activeJobs counts site's queued or running jobs of typ.
func activeJobs(app core.App, siteId, typ string) (int, error) {
	n, err := app.CountRecords(collections.Jobs, dbx.HashExp{"site": siteId, "type": typ}, dbx.In("status", collections.JobQueued, collections.JobRunning))
	return int(n), err
}

// enabled says whether site's schedule of typ is enabled.
func enabled(app core.App, siteId, typ string) (bool, error) {
	s, err := app.FindFirstRecordByFilter(collections.Schedules, "site = {:s} && type = {:t}", dbx.Params{"s": siteId, "t": typ})
	if err != nil {
		if isNotFound(err) {
			return false, nil
		}
		return false, err
	}
	return s.GetBool("enabled"), nil
}

// stepFunc is the schedule function of step: plan the window, then do each
// action through the same enqueue function as its button, auditing each with
// the schedule that did it. A workspace that cannot pay stops the window
// cleanly (the next window tries again, so a grant resumes the chain); any
// other failure fails the schedule run with its error.
func stepFunc(step string) jobs.ScheduleFunc {
	return func(ctx context.Context, app core.App, site *core.Record, batch int) (int, error) {
		now := jobs.Now(app)
		sched := jobs.ScheduleOf(ctx)
		by, schedId := "", ""
		if sched != nil {
			schedId = sched.Id
			by = CreatedByPrefix + sched.Id
		}
		out := Outcome{At: now.UTC().Format(time.RFC3339), Schedule: schedId}
		pilot, err := Load(app, site)
		if err != nil {
			return 0, err
		}
		p, err := Plan(app, site, pilot, step, batch, now)
		if err != nil {
			out.State, out.Error = StateFailed, err.Error()
			return 0, errors.Join(err, recordStep(app, site, step, out))
		}
		out.State, out.Note = p.State, p.Note
		var runErr error
		for _, a := range p.actions {
			if ctx.Err() != nil {
				break
			}
			id, err := a.do(app, by)
			if errors.Is(err, billing.ErrInsufficientCredits) {
				out.State, out.Note = StateWaitingCredits, "the workspace ran out of credits"
				break
			}
			if err != nil {
				out.State, out.Error = StateFailed, err.Error()
				runErr = fmt.Errorf("%s %s: %w", a.kind, a.target.Id, err)
				break
			}
			if id == "" {
				continue
			}
			switch {
			case a.counts:
				out.Enqueued++
				out.Credits += a.credits
			case a.kind == "task":
				out.Tasks++
			default:
				out.Reviewed++
			}
			changes := map[string]any{"schedule": schedId, "schedule_type": step, "credits": a.credits, "ids": id}
			for k, v := range a.detail {
				changes[k] = v
			}
			hooks.Audit(app, nil, site.GetString("tenant"), "autopilot."+a.kind, a.target, changes)
		}
		if out.State == "" {
			out.State = StateIdle
			if out.Enqueued+out.Tasks+out.Reviewed > 0 {
				out.State = StateRan
			}
		}
		return out.Enqueued, errors.Join(runErr, recordStep(app, site, step, out))
	}
}
