package jobs

import (
	"errors"
	"fmt"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// claim is one job taken in a claim transaction, not yet booked in memory.
type claim struct {
	rec    *core.Record
	tenant string
}

func (e *Engine) claimTx(n int, fresh bool) ([]claim, error) {
	picks, err := e.pick(n, fresh)
	if err != nil || len(picks) == 0 {
		return nil, err
	}
	var claimed []claim
	err = e.app.RunInTransaction(func(tx core.App) error {
		var err error
		claimed, err = e.claimPicks(tx, picks)
		return err
	})
	if err != nil {
		return nil, err
	}
	return claimed, nil
}

// book records committed claims in the engine's counters (in claim order,
// which is the round robin order) and wraps them as Jobs.
func (e *Engine) book(claimed []claim) []*Job {
	if len(claimed) == 0 {
		return nil
	}
	out := make([]*Job, 0, len(claimed))
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, c := range claimed {
		typ := c.rec.GetString("type")
		e.seq++
		e.lastServed[c.tenant] = e.seq
		e.byTenant[c.tenant]++
		e.byType[typ]++
		// the claimed state is now the record's original: outcomes are saved as
		// changes against it (see storeOutcomes)
		_ = c.rec.PostScan()
		e.running[c.rec.Id] = &runState{tenant: c.tenant, typ: typ, attempt: c.rec.GetInt("attempts"), cancel: func() {}}
		out = append(out, &Job{Record: c.rec, app: e.app, engine: e, progress: -1})
	}
	return out
}

// claimPicks claims the picked jobs inside tx, each with one guarded save
// (status running, attempts+1, lease) that only writes if the row is still
// queued and due, so two engines can never take the same job; the save's
// realtime event tells subscribers the job is running. Picks another engine
// took since they were read are skipped.
func (e *Engine) claimPicks(tx core.App, picks []claim) ([]claim, error) {
	if len(picks) == 0 {
		return nil, nil
	}
	now := e.reg.now()
	nowStr := dateString(now)
	out := make([]claim, 0, len(picks))
	var lost []string
	defer func() {
		for _, t := range lost {
			e.forgetTenant(t)
		}
		if len(lost) > 0 {
			e.wake() // look again, with fresh reads
		}
	}()
	for _, p := range picks {
		rec := p.rec
		// the row must be exactly as read: still queued and due, and not
		// touched since (attempts and updated are its version)
		guard := dbx.And(dbx.NewExp("status = 'queued' AND run_after <= {:now}", dbx.Params{"now": nowStr}),
			dbx.HashExp{"attempts": rec.GetInt("attempts"), "updated": rec.GetDateTime("updated").String()})
		rec.Set("status", collections.JobRunning)
		rec.Set("attempts", rec.GetInt("attempts")+1)
		rec.Set("lease_owner", e.owner)
		rec.Set("lease_until", now.Add(e.opts.Lease))
		rec.Set("started", now)
		rec.Set("progress", 0)
		err := guardedSave(tx, rec, guard, false)
		if errors.Is(err, errLost) {
			// claimed elsewhere, canceled or edited since it was read
			lost = append(lost, p.tenant)
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("claim %s: %w", rec.Id, err)
		}
		out = append(out, p)
	}
	return out, nil
}

func (e *Engine) release(job *Job) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if rs, ok := e.running[job.Id()]; ok {
		delete(e.running, job.Id())
		e.byTenant[rs.tenant]--
		e.byType[rs.typ]--
	}
}
