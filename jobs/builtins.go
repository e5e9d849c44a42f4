package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// DefaultRetentionDays is how long finished jobs and request logs are kept
// when IGNY8_JOB_RETENTION_DAYS is not set.
const DefaultRetentionDays = 30

func registerBuiltins(app core.App) {
	Handle(app, TypeScheduleRun, scheduleRun, HandlerOptions{MaxAttempts: 3, Timeout: 10 * time.Minute})
	Handle(app, TypeCleanup, cleanup, HandlerOptions{Concurrency: 1, MaxAttempts: 3, Timeout: 30 * time.Minute})
}

// cleanup is the global clean-up job: it deletes finished jobs (succeeded,
// failed, canceled) and request logs older than the retention. The credit
// ledger is never cleaned: it is the books.
func cleanup(ctx context.Context, job *Job) error {
	app := job.App()
	days := envInt(EnvRetentionDays, DefaultRetentionDays)
	if days == 0 {
		days = DefaultRetentionDays
	}
	n, err := DeleteFinished(app, registryOf(app).now().AddDate(0, 0, -days))
	if err != nil {
		return err
	}
	if err := app.DeleteOldLogs(registryOf(app).now().AddDate(0, 0, -days)); err != nil {
		return fmt.Errorf("delete old logs: %w", err)
	}
	job.SetResult(map[string]any{"deletedJobs": n, "retentionDays": days})
	return nil
}

// DeleteFinished deletes jobs that finished before cutoff, in batches, and
// returns how many it deleted. Queued and running jobs are never touched.
func DeleteFinished(app core.App, cutoff time.Time) (int, error) {
	total := 0
	for {
		var ids []string
		err := app.DB().Select("id").From(collections.Jobs).
			Where(dbx.In("status", collections.JobSucceeded, collections.JobFailed, collections.JobCanceled)).
			AndWhere(dbx.NewExp("finished != '' AND finished < {:cut}", dbx.Params{"cut": dateString(cutoff)})).
			Limit(500).Column(&ids)
		if err != nil {
			return total, err
		}
		if len(ids) == 0 {
			return total, nil
		}
		args := make([]any, len(ids))
		for i, id := range ids {
			args[i] = id
		}
		if _, err := app.NonconcurrentDB().Delete(collections.Jobs, dbx.In("id", args...)).Execute(); err != nil {
			return total, fmt.Errorf("delete finished jobs: %w", err)
		}
		total += len(ids)
	}
}

func validationError(field, msg string) error {
	return validation.Errors{field: validation.NewError("igny8_invalid_"+field, msg)}
}
