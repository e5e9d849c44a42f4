package collections

import (
	"slices"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// JobFinalStatuses are the statuses a job never leaves.
var JobFinalStatuses = []string{JobSucceeded, JobFailed, JobCanceled}

// JobJustFinished reports whether this save of a jobs record moved it to a
// final status (for after-save hooks: metrics, job logs), and how long it ran
// from its start to that status; timed is false when the job never started
// (canceled while queued) or has no finish time.
func JobJustFinished(r *core.Record) (ran time.Duration, timed, ok bool) {
	status := r.GetString("status")
	if status == r.Original().GetString("status") || !slices.Contains(JobFinalStatuses, status) {
		return 0, false, false
	}
	start, end := r.GetDateTime("started"), r.GetDateTime("finished")
	if start.IsZero() || end.IsZero() {
		return 0, false, true
	}
	return end.Time().Sub(start.Time()), true, true
}
