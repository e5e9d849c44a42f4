package jobs

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// dispatch is the engine's single writer loop: sweep expired leases now and
// then, store finished outcomes and claim free slots in one transaction per
// round, start the claimed jobs, and sleep until an enqueue, a finished job,
// the poll timer or Stop wakes it. After Stop it only stores outcomes, and
// returns once no job of this engine is running.
func (e *Engine) dispatch() {
	defer e.loops.Done()
	defer close(e.dispatchDone)
	sweepEvery := e.opts.Lease / 2
	lastSweep := time.Time{}
	timer := time.NewTimer(e.opts.Poll)
	defer timer.Stop()
	var pending []outcome
	stopCh := e.stopCh
	for {
		pending = e.drainResults(pending)
		e.mu.Lock()
		stopping, running := e.stopping, len(e.running)
		e.mu.Unlock()
		if stopping && running == 0 {
			return
		}
		if !stopping && time.Since(lastSweep) >= sweepEvery {
			if _, err := e.Sweep(); err != nil {
				e.app.Logger().Error("jobs: lease sweep", "error", err)
			}
			lastSweep = time.Now()
		}
		free := 0
		if !stopping {
			// finished jobs still count as running until their outcome is stored
			free = e.opts.Workers - running + len(pending)
		}
		again := false
		if len(pending) > 0 || free > 0 {
			// after storing outcomes look once more: slots are free and a
			// retry may already be due
			again = len(pending) > 0
			jobs := e.round(pending, free)
			pending = pending[:0]
			for _, job := range jobs {
				go func() { e.results <- e.execute(job) }()
			}
			again = again || len(jobs) > 0
		}
		if again || len(e.results) > 0 {
			continue
		}
		if stopping {
			stopCh = nil // closed: only outcomes matter now
		}
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
		timer.Reset(e.opts.Poll)
		select {
		case <-stopCh:
		case <-e.wakeCh:
		case o := <-e.results:
			pending = append(pending, o)
		case <-timer.C:
		}
	}
}

func (e *Engine) drainResults(pending []outcome) []outcome {
	for {
		select {
		case o := <-e.results:
			pending = append(pending, o)
		default:
			return pending
		}
	}
}

// round stores pending outcomes and claims up to free jobs in one write
// transaction. Its only reads (the claim candidates) run before it, on
// PocketBase's concurrent read connections, so they overlap with other
// transactions instead of holding the single writer connection; every write
// in the transaction is a guarded save, so a row that changed since it was
// read (canceled, claimed elsewhere) is not overwritten. If the
// transaction fails (a commit effect of one job failed, a job was canceled
// meanwhile) it is rolled back as a whole and every outcome is stored in its
// own transaction instead, so one job's failure never touches another's.
func (e *Engine) round(pending []outcome, free int) []*Job {
	for _, o := range pending {
		e.release(o.job)
	}
	picks, perr := e.pick(free, false)
	if perr != nil {
		e.app.Logger().Error("jobs: claim candidates", "error", perr)
	}
	if len(pending) == 0 && len(picks) == 0 {
		return nil // nothing to write: don't queue for the writer connection
	}
	var claimed []claim
	err := e.app.RunInTransaction(func(tx core.App) error {
		if err := e.storeOutcomes(tx, pending); err != nil {
			return err
		}
		var err error
		claimed, err = e.claimPicks(tx, picks)
		return err
	})
	for _, o := range pending {
		if o.err != nil {
			e.forgetTenant(o.job.Tenant()) // it may be due again soon: read it afresh
		}
	}
	if err != nil {
		claimed = nil
		for _, o := range pending {
			if ferr := e.finish(o); ferr != nil {
				e.app.Logger().Error("jobs: record outcome", "job", o.job.Id(), "error", ferr)
			}
		}
		if free > 0 {
			if claimed, err = e.claimTx(free, false); err != nil {
				e.app.Logger().Error("jobs: claim", "error", err)
			}
		}
	}
	return e.book(claimed)
}

// RunOnce claims one due job and runs it to the end in the calling goroutine.
// It reports whether a job was run. Tests use it for deterministic steps.
func (e *Engine) RunOnce() (bool, error) {
	e.mu.Lock()
	stopping := e.stopping
	e.mu.Unlock()
	if stopping {
		return false, nil
	}
	claimed, err := e.claimTx(1, true)
	if err != nil || len(claimed) == 0 {
		return false, err
	}
	job := e.book(claimed)[0]
	o := e.execute(job)
	e.release(job)
	if err := e.finish(o); err != nil {
		e.app.Logger().Error("jobs: record outcome", "job", job.Id(), "error", err)
	}
	return true, nil
}
