package jobs

import (
	"fmt"

	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/pocketbase/pocketbase/core"
)

// Errors returned by Retry.
var (
	ErrNotRetryable error = &tenancy.StateError{Msg: "Only a failed job can be retried."}
	ErrNewerActive  error = &tenancy.StateError{Msg: "A newer job for the same action is already queued or running."}
)

// Retry queues a failed job again with a fresh set of attempts, reserving its
// credits again (a new reservation round in the ledger, settled like the
// first), in one transaction. The workspace must be writable and able to pay;
// a job whose action has a newer queued or running job (the same active key)
// stays failed with ErrNewerActive. The error history is kept.
func Retry(app core.App, jobId string) (*core.Record, error) {
	reg := registryOf(app)
	var rec *core.Record
	err := app.RunInTransaction(func(tx core.App) error {
		var err error
		if rec, err = tx.FindRecordById(collections.Jobs, jobId); err != nil {
			return fmt.Errorf("job %s: %w", jobId, err)
		}
		if rec.GetString("status") != collections.JobFailed {
			return ErrNotRetryable
		}
		if err := checkOwner(tx, EnqueueParams{Tenant: rec.GetString("tenant"), Site: rec.GetString("site")}); err != nil {
			return err
		}
		if k := rec.GetString("active_key"); k != "" && ActiveJob(tx, k) != nil {
			return ErrNewerActive
		}
		if credits := rec.GetInt("credits"); credits > 0 {
			round, err := billing.ReservationRound(tx, rec.Id)
			if err != nil {
				return err
			}
			fromPlan, err := billing.ReserveRound(tx, rec.GetString("tenant"), rec.Id, round+1, credits)
			if err != nil {
				return err
			}
			rec.Set("credits_plan", fromPlan)
			rec.Set("credits_state", collections.CreditsReserved)
		}
		rec.Set("status", collections.JobQueued)
		rec.Set("attempts", 0)
		rec.Set("run_after", reg.now())
		rec.Set("lease_until", "")
		rec.Set("finished", "")
		rec.Set("progress", 0)
		rec.Set("error", "")
		if err := tx.Save(rec); err != nil {
			if isUniqueViolation(err) {
				return ErrNewerActive
			}
			return fmt.Errorf("retry job: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	reg.wake(rec.GetString("tenant"), rec)
	return rec, nil
}
