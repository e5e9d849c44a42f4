package jobs

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tools/redact"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// errLost means the job is no longer this attempt's to finish: it was
// canceled, or its lease ran out and it was queued or claimed again.
var errLost = errors.New("job no longer owned by this attempt")

// holds reports whether rec (the current row) still belongs to job's
// attempt: status running, this engine's owner id, the same attempt number.
func (e *Engine) holds(rec *core.Record, job *Job) bool {
	return rec.GetString("status") == collections.JobRunning && rec.GetString("lease_owner") == e.owner &&
		rec.GetInt("attempts") == job.Attempt()
}

// owned loads job's row inside tx and checks that job's attempt still holds it.
func (e *Engine) owned(tx core.App, job *Job) (*core.Record, error) {
	rec, err := tx.FindRecordById(collections.Jobs, job.Id())
	if err != nil {
		return nil, err
	}
	if !e.holds(rec, job) {
		return nil, errLost
	}
	return rec, nil
}

// storeOutcomes records several outcomes inside tx without reading their
// rows again: each starts from the job's record as claimed (nobody else
// writes a running job's row except to cancel it or take it over, and the
// guarded save notices both). Only the fields the outcome changes are
// written. If one job was canceled or taken over meanwhile, its guarded save
// fails the batch, and round stores the outcomes one by one, discarding that
// job's late result.
func (e *Engine) storeOutcomes(tx core.App, pending []outcome) error {
	now := e.reg.now()
	for _, o := range pending {
		rec := o.job.Record.Clone()
		if o.err == nil {
			if err := e.storeSuccess(tx, rec, o.job, now); err != nil {
				return err
			}
			continue
		}
		if err := e.storeFailure(tx, rec, o, now); err != nil {
			return err
		}
	}
	return nil
}

// finish stores one outcome in its own transactions: success and the
// handler's OnCommit effects are one transaction; if that fails, the attempt
// is stored as failed.
func (e *Engine) finish(o outcome) error {
	now := e.reg.now()
	runErr := o.err
	if runErr == nil {
		err := e.app.RunInTransaction(func(tx core.App) error {
			rec, err := e.owned(tx, o.job)
			if err != nil {
				return err
			}
			return e.storeSuccess(tx, rec, o.job, now)
		})
		if err == nil || errors.Is(err, errLost) {
			return nil
		}
		runErr = err
	}
	err := e.app.RunInTransaction(func(tx core.App) error {
		rec, err := e.owned(tx, o.job)
		if err != nil {
			return err
		}
		return e.storeFailure(tx, rec, outcome{job: o.job, h: o.h, err: runErr}, now)
	})
	if errors.Is(err, errLost) {
		return nil
	}
	return err
}

// storeSuccess applies the job's OnCommit effects, commits its credits and
// marks it succeeded, all in tx: either all of it is stored or none.
func (e *Engine) storeSuccess(tx core.App, rec *core.Record, job *Job, now time.Time) error {
	job.mu.Lock()
	fns := append([]func(core.App) error(nil), job.onCommit...)
	job.mu.Unlock()
	for _, fn := range fns {
		if err := fn(tx); err != nil {
			return fmt.Errorf("commit effect: %w", err)
		}
	}
	job.applyFinal(rec)
	rec.Set("status", collections.JobSucceeded)
	rec.Set("progress", 100)
	rec.Set("finished", now)
	rec.Set("lease_until", "")
	rec.Set("error", "")
	if err := job.refundUnused(tx, rec); err != nil {
		return err
	}
	if err := settleCredits(tx, rec, true, ""); err != nil {
		return err
	}
	return e.saveHeld(tx, rec, job)
}

// saveHeld saves rec's changes only if job's attempt still holds the row.
// Fields the handler filled (result, model) are validated like any save; a
// save that only moves engine fields skips validation.
func (e *Engine) saveHeld(tx core.App, rec *core.Record, job *Job) error {
	guard := dbx.HashExp{"status": collections.JobRunning, "lease_owner": e.owner, "attempts": job.Attempt()}
	return guardedSave(tx, rec, guard, job.hasOutput())
}

// storeFailure records a failed attempt in tx: queued again with backoff,
// failed and refunded when out of attempts or permanent, or queued again
// without spending the attempt — at once when the engine is stopping and
// canceled the handler, after the wait a [Snoozer] asked for.
func (e *Engine) storeFailure(tx core.App, rec *core.Record, o outcome, now time.Time) error {
	e.mu.Lock()
	stopping := e.stopping
	e.mu.Unlock()
	runErr := o.err
	o.job.applyFinal(rec)
	rec.Set("lease_until", "")
	if stopping && errors.Is(runErr, context.Canceled) {
		// shutdown is not the job's fault: queue it again without spending an attempt
		rec.Set("status", collections.JobQueued)
		rec.Set("attempts", max(rec.GetInt("attempts")-1, 0))
		rec.Set("run_after", now)
		return e.saveHeld(tx, rec, o.job)
	}
	if d, ok := snoozed(runErr); ok {
		// a wait, not a failure: queued again later, the attempt not counted,
		// credits still reserved, no error recorded; the step says why it
		// waits (a rate limit, a cost cap) so the owner sees it
		rec.Set("status", collections.JobQueued)
		rec.Set("step", collections.Truncate("waiting: "+redact.Secrets(runErr.Error()), collections.JobStepMax))
		rec.Set("attempts", max(rec.GetInt("attempts")-1, 0))
		rec.Set("run_after", now.Add(d))
		return e.saveHeld(tx, rec, o.job)
	}
	// a handler's error often carries an upstream answer (an AI gateway, a
	// WordPress): the history is shown to editors, so credentials go first
	msg := redact.Secrets(runErr.Error())
	if errors.Is(runErr, context.DeadlineExceeded) {
		msg = "timed out: " + msg
	}
	attempt := rec.GetInt("attempts")
	appendError(rec, attempt, msg, now)
	if IsPermanent(runErr) || attempt >= rec.GetInt("max_attempts") {
		rec.Set("status", collections.JobFailed)
		rec.Set("finished", now)
		if err := settleCredits(tx, rec, false, "job failed: "+collections.Truncate(msg, failureNoteMax)); err != nil {
			return err
		}
	} else {
		rec.Set("status", collections.JobQueued)
		rec.Set("run_after", now.Add(e.backoff(o.h, attempt)))
	}
	return e.saveHeld(tx, rec, o.job)
}

// backoff is the delay before the attempt after attempt n: exponential,
// capped, with "equal jitter" (half fixed, half random) so retries of many
// jobs that failed together spread out.
func (e *Engine) backoff(h handler, n int) time.Duration {
	if h.opts.Backoff != nil {
		return h.opts.Backoff(n)
	}
	d := e.opts.BackoffBase
	for i := 1; i < n && d < e.opts.BackoffMax; i++ {
		d *= 2
	}
	d = min(d, e.opts.BackoffMax)
	half := d / 2
	return half + time.Duration(rand.Int64N(int64(half)+1))
}

// AttemptError is one entry of a job's error history.
type AttemptError struct {
	Attempt int    `json:"attempt"`
	Error   string `json:"error"`
	At      string `json:"at"`
}

func appendError(rec *core.Record, attempt int, msg string, at time.Time) {
	var hist []AttemptError
	_ = rec.UnmarshalJSONField("errors", &hist)
	hist = append(hist, AttemptError{Attempt: attempt, Error: collections.Truncate(msg, collections.JobAttemptErrorMax), At: dateString(at)})
	if len(hist) > errorHistoryMax {
		hist = hist[len(hist)-errorHistoryMax:]
	}
	rec.Set("errors", hist)
	rec.Set("error", collections.Truncate(msg, collections.JobErrorMax))
}
