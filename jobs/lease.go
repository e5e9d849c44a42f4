package jobs

import (
	"fmt"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// heartbeat renews the leases of this engine's running jobs every Lease/3 and
// cancels any whose row no longer belongs to it (canceled elsewhere).
func (e *Engine) heartbeat() {
	defer e.loops.Done()
	t := time.NewTicker(e.opts.Lease / 3)
	defer t.Stop()
	for {
		select {
		case <-e.baseCtx.Done():
			return
		case <-t.C:
			if err := e.Heartbeat(); err != nil {
				e.app.Logger().Error("jobs: heartbeat", "error", err)
			}
		}
	}
}

// Heartbeat extends the leases of this engine's running jobs once.
func (e *Engine) Heartbeat() error {
	e.mu.Lock()
	n := len(e.running)
	e.mu.Unlock()
	if n == 0 {
		return nil
	}
	now := e.reg.now()
	if _, err := e.app.NonconcurrentDB().NewQuery(`UPDATE ` + collections.Jobs +
		` SET lease_until = {:lease} WHERE lease_owner = {:owner} AND status = 'running'`).
		Bind(dbx.Params{"lease": dateString(now.Add(e.opts.Lease)), "owner": e.owner}).Execute(); err != nil {
		return err
	}
	var rows []struct {
		Id       string `db:"id"`
		Attempts int    `db:"attempts"`
	}
	if err := e.app.DB().NewQuery(`SELECT id, attempts FROM ` + collections.Jobs +
		` WHERE lease_owner = {:owner} AND status = 'running'`).Bind(dbx.Params{"owner": e.owner}).All(&rows); err != nil {
		return err
	}
	held := make(map[string]int, len(rows))
	for _, r := range rows {
		held[r.Id] = r.Attempts
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for id, rs := range e.running {
		if a, ok := held[id]; !ok || a != rs.attempt {
			rs.cancel()
		}
	}
	return nil
}

// Sweep queues again (or fails, when out of attempts) every running job whose
// lease expired: its worker crashed, was killed or lost the database. It
// returns how many jobs it recovered.
func (e *Engine) Sweep() (int, error) {
	return sweepExpired(e.app, e.reg.now())
}

func sweepExpired(app core.App, now time.Time) (int, error) {
	var ids []string
	if err := app.DB().NewQuery(`SELECT id FROM ` + collections.Jobs +
		` WHERE status = 'running' AND lease_until != '' AND lease_until < {:now} LIMIT {:limit}`).
		Bind(dbx.Params{"now": dateString(now), "limit": sweepBatch}).Column(&ids); err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		err := app.RunInTransaction(func(tx core.App) error {
			rec, err := tx.FindRecordById(collections.Jobs, id)
			if err != nil {
				return err
			}
			lease := rec.GetDateTime("lease_until").Time()
			if rec.GetString("status") != collections.JobRunning || lease.IsZero() || !lease.Before(now) {
				return nil // renewed or finished meanwhile
			}
			attempt := rec.GetInt("attempts")
			appendError(rec, attempt, "worker lost: lease expired (crash, kill or restart)", now)
			rec.Set("lease_until", "")
			if attempt >= rec.GetInt("max_attempts") {
				rec.Set("status", collections.JobFailed)
				rec.Set("finished", now)
				if err := settleCredits(tx, rec, false, "job failed: worker lost"); err != nil {
					return err
				}
			} else {
				rec.Set("status", collections.JobQueued)
				rec.Set("run_after", now)
			}
			n++
			return tx.Save(rec)
		})
		if err != nil {
			return n, fmt.Errorf("recover job %s: %w", id, err)
		}
	}
	if n > 0 {
		registryOf(app).wakeAll()
	}
	return n, nil
}
