package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Options configure an [Engine]. Zero values take the defaults noted.
type Options struct {
	// Workers is the number of jobs run at once (default 4).
	Workers int
	// TenantConcurrency caps one workspace's running jobs (default: three
	// quarters of Workers, at least 1), so one workspace never takes every worker.
	TenantConcurrency int
	// Lease is how long a claim stays valid without a heartbeat (default 30s);
	// heartbeats renew it every Lease/3, and a job whose lease ran out is
	// queued again by the sweep.
	Lease time.Duration
	// Poll is how often an idle engine looks for due jobs (default 1s); enqueues
	// in this process wake it at once.
	Poll time.Duration
	// BackoffBase and BackoffMax shape retries: attempt n waits between half and
	// all of min(BackoffMax, BackoffBase·2^(n-1)) (defaults 10s and 1h).
	BackoffBase time.Duration
	BackoffMax  time.Duration
	// ShutdownTimeout is how long Stop lets running jobs finish before it
	// cancels them; canceled ones are queued again without using an attempt
	// (default 25s).
	ShutdownTimeout time.Duration
}

func (o Options) withDefaults() Options {
	if o.Workers <= 0 {
		o.Workers = 4
	}
	if o.TenantConcurrency <= 0 {
		o.TenantConcurrency = max(1, o.Workers*3/4)
	}
	if o.Lease <= 0 {
		o.Lease = 30 * time.Second
	}
	if o.Poll <= 0 {
		o.Poll = time.Second
	}
	if o.BackoffBase <= 0 {
		o.BackoffBase = 10 * time.Second
	}
	if o.BackoffMax <= 0 {
		o.BackoffMax = time.Hour
	}
	if o.ShutdownTimeout <= 0 {
		o.ShutdownTimeout = 25 * time.Second
	}
	return o
}

// Engine claims and runs jobs of one app. Start it with [Start] (the serve
// hook does for the real binary) or drive it step by step with RunOnce/Sweep.
type Engine struct {
	app   core.App
	reg   *registry
	opts  Options
	owner string

	mu         sync.Mutex
	running    map[string]*runState
	byTenant   map[string]int
	byType     map[string]int
	lastServed map[string]int64
	seq        int64
	stopping   bool

	wakeCh    chan struct{}
	doneCh    chan struct{}
	stopCh    chan struct{}
	baseCtx   context.Context
	cancelAll context.CancelFunc
	loops     sync.WaitGroup
	workers   sync.WaitGroup
	stopOnce  sync.Once
}

type runState struct {
	tenant, typ string
	attempt     int
	cancel      context.CancelFunc
}

// NewEngine returns an engine for app that is not running yet.
func NewEngine(app core.App, opts Options) *Engine {
	ctx, cancel := context.WithCancel(context.Background())
	e := &Engine{
		app: app, reg: registryOf(app), opts: opts.withDefaults(),
		owner:   "w-" + security.RandomString(12),
		running: map[string]*runState{}, byTenant: map[string]int{}, byType: map[string]int{},
		lastServed: map[string]int64{},
		wakeCh:     make(chan struct{}, 1), doneCh: make(chan struct{}, 1), stopCh: make(chan struct{}),
		baseCtx: ctx, cancelAll: cancel,
	}
	e.reg.addEngine(e)
	return e
}

// Start creates an engine for app and starts its dispatcher and heartbeat.
func Start(app core.App, opts Options) (*Engine, error) {
	e := NewEngine(app, opts)
	e.loops.Add(2)
	go e.dispatch()
	go e.heartbeat()
	return e, nil
}

// Owner is the id this engine writes into lease_owner.
func (e *Engine) Owner() string { return e.owner }

// Stop stops claiming, lets running jobs finish for ShutdownTimeout, cancels
// the rest (they are queued again) and returns when every worker is done.
func (e *Engine) Stop() {
	e.stopOnce.Do(func() {
		e.mu.Lock()
		e.stopping = true
		e.mu.Unlock()
		close(e.stopCh)
		done := make(chan struct{})
		go func() { e.workers.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(e.opts.ShutdownTimeout):
			e.cancelAll()
			<-done
		}
		e.cancelAll()
		e.loops.Wait()
		e.reg.removeEngine(e)
	})
}

func (e *Engine) wake() {
	select {
	case e.wakeCh <- struct{}{}:
	default:
	}
}

func (e *Engine) cancelJob(id string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if rs, ok := e.running[id]; ok {
		rs.cancel()
	}
}

func (e *Engine) dispatch() {
	defer e.loops.Done()
	sweepEvery := e.opts.Lease / 2
	lastSweep := time.Time{}
	timer := time.NewTimer(e.opts.Poll)
	defer timer.Stop()
	for {
		select {
		case <-e.stopCh:
			return
		default:
		}
		if time.Since(lastSweep) >= sweepEvery {
			if _, err := e.Sweep(); err != nil {
				e.app.Logger().Error("jobs: lease sweep", "error", err)
			}
			lastSweep = time.Now()
		}
		claimed := false
		if e.freeSlots() > 0 {
			job, err := e.claim()
			if err != nil {
				e.app.Logger().Error("jobs: claim", "error", err)
			}
			if job != nil {
				claimed = true
				e.workers.Add(1)
				go func() {
					defer e.workers.Done()
					e.run(job)
					select {
					case e.doneCh <- struct{}{}:
					default:
					}
				}()
			}
		}
		if claimed {
			continue
		}
		timer.Reset(e.opts.Poll)
		select {
		case <-e.stopCh:
			return
		case <-e.wakeCh:
		case <-e.doneCh:
		case <-timer.C:
		}
	}
}

func (e *Engine) freeSlots() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.stopping {
		return 0
	}
	return e.opts.Workers - len(e.running)
}

// RunOnce claims one due job and runs it to the end in the calling goroutine.
// It reports whether a job was run. Tests use it for deterministic steps.
func (e *Engine) RunOnce() (bool, error) {
	job, err := e.claim()
	if err != nil || job == nil {
		return false, err
	}
	e.run(job)
	return true, nil
}

// claimable returns the registered types that are below their concurrency cap.
func (e *Engine) claimable() []string {
	all := e.reg.types()
	e.mu.Lock()
	defer e.mu.Unlock()
	out := all[:0:0]
	for _, t := range all {
		h, _ := e.reg.handler(t)
		if h.opts.Concurrency > 0 && e.byType[t] >= h.opts.Concurrency {
			continue
		}
		out = append(out, t)
	}
	return out
}

// readyTenants lists the tenants with queued jobs (a skip-scan over the claim
// index, one probe per tenant) in fair order: fewest running jobs in this
// engine first, then the one served longest ago.
func (e *Engine) readyTenants() ([]string, error) {
	var tenants []string
	err := e.app.DB().NewQuery(`WITH RECURSIVE t(tenant) AS (
		SELECT (SELECT MIN(tenant) FROM ` + collections.Jobs + ` WHERE status = 'queued')
		UNION ALL
		SELECT (SELECT MIN(tenant) FROM ` + collections.Jobs + ` WHERE status = 'queued' AND tenant > t.tenant) FROM t WHERE t.tenant IS NOT NULL
	) SELECT tenant FROM t WHERE tenant IS NOT NULL`).Column(&tenants)
	if err != nil {
		return nil, fmt.Errorf("ready tenants: %w", err)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	out := tenants[:0]
	for _, t := range tenants {
		if e.byTenant[t] < e.opts.TenantConcurrency {
			out = append(out, t)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if e.byTenant[a] != e.byTenant[b] {
			return e.byTenant[a] < e.byTenant[b]
		}
		return e.lastServed[a] < e.lastServed[b]
	})
	return out, nil
}

// claim takes the next due job: the fairest tenant first, then by priority
// and due time. The claim itself is one guarded UPDATE … WHERE id = (SELECT …)
// AND status = 'queued' in a transaction on PocketBase's single writer
// connection, so two workers can never take the same job.
func (e *Engine) claim() (*Job, error) {
	e.mu.Lock()
	stopping := e.stopping
	e.mu.Unlock()
	if stopping {
		return nil, nil
	}
	typesList := e.claimable()
	if len(typesList) == 0 {
		return nil, nil
	}
	tenants, err := e.readyTenants()
	if err != nil || len(tenants) == 0 {
		return nil, err
	}
	now := e.reg.now()
	params := dbx.Params{"owner": e.owner, "now": dateString(now), "lease": dateString(now.Add(e.opts.Lease))}
	holders := make([]string, len(typesList))
	for i, t := range typesList {
		k := fmt.Sprintf("t%d", i)
		holders[i] = "{:" + k + "}"
		params[k] = t
	}
	sqlText := `UPDATE ` + collections.Jobs + ` SET status = 'running', attempts = attempts + 1,
		lease_owner = {:owner}, lease_until = {:lease}, started = {:now}, progress = 0, updated = {:now}
		WHERE id = (SELECT id FROM ` + collections.Jobs + ` WHERE status = 'queued' AND tenant = {:tenant}
			AND run_after <= {:now} AND type IN (` + strings.Join(holders, ",") + `)
			ORDER BY priority DESC, run_after, id LIMIT 1)
		AND status = 'queued' RETURNING id`
	for _, tenant := range tenants {
		params["tenant"] = tenant
		var rec *core.Record
		err := e.app.RunInTransaction(func(tx core.App) error {
			var id string
			if err := tx.DB().NewQuery(sqlText).Bind(params).Row(&id); err != nil {
				if errors.Is(err, sql.ErrNoRows) {
					return nil
				}
				return err
			}
			r, err := tx.FindRecordById(collections.Jobs, id)
			if err != nil {
				return err
			}
			// save once more through PocketBase so realtime subscribers see "running"
			if err := tx.Save(r); err != nil {
				return err
			}
			rec = r
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("claim for tenant %q: %w", tenant, err)
		}
		if rec == nil {
			continue
		}
		job := &Job{Record: rec, app: e.app, engine: e}
		e.mu.Lock()
		e.seq++
		e.lastServed[tenant] = e.seq
		e.byTenant[tenant]++
		e.byType[rec.GetString("type")]++
		e.running[rec.Id] = &runState{tenant: tenant, typ: rec.GetString("type"), attempt: rec.GetInt("attempts"), cancel: func() {}}
		e.mu.Unlock()
		return job, nil
	}
	return nil, nil
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

// run executes job's handler and records the outcome.
func (e *Engine) run(job *Job) {
	defer e.release(job)
	h, ok := e.reg.handler(job.Type())
	timeout := h.opts.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Minute
	}
	ctx, cancel := context.WithTimeout(e.baseCtx, timeout)
	defer cancel()
	e.mu.Lock()
	if rs, ok := e.running[job.Id()]; ok {
		rs.cancel = cancel
	}
	e.mu.Unlock()

	var err error
	if !ok {
		err = Permanent(fmt.Errorf("%w: %q", ErrUnknownType, job.Type()))
	} else {
		err = call(ctx, h.fn, job)
		if err == nil && ctx.Err() != nil {
			err = ctx.Err()
		}
	}
	if ferr := e.finish(ctx, job, h, err); ferr != nil {
		e.app.Logger().Error("jobs: record outcome", "job", job.Id(), "error", ferr)
	}
}

func call(ctx context.Context, fn HandlerFunc, job *Job) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("handler panic: %v\n%s", r, debug.Stack())
		}
	}()
	return fn(ctx, job)
}

// errLost means the job is no longer this attempt's to finish: it was
// canceled, or its lease ran out and it was queued or claimed again.
var errLost = errors.New("job no longer owned by this attempt")

// owned loads job id inside tx and checks that this engine's current attempt
// still holds it (status running, our owner id, same attempt number).
func (e *Engine) owned(tx core.App, id string) (*core.Record, error) {
	rec, err := tx.FindRecordById(collections.Jobs, id)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	rs, ok := e.running[id]
	e.mu.Unlock()
	if rec.GetString("status") != collections.JobRunning || rec.GetString("lease_owner") != e.owner ||
		!ok || rec.GetInt("attempts") != rs.attempt {
		return nil, errLost
	}
	return rec, nil
}

// finish stores the attempt's outcome; success and the handler's OnCommit
// effects are one transaction.
func (e *Engine) finish(ctx context.Context, job *Job, h handler, runErr error) error {
	now := e.reg.now()
	if runErr == nil {
		err := e.app.RunInTransaction(func(tx core.App) error {
			rec, err := e.owned(tx, job.Id())
			if err != nil {
				return err
			}
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
			if err := settleCredits(tx, rec, true, ""); err != nil {
				return err
			}
			return tx.Save(rec)
		})
		if err == nil || errors.Is(err, errLost) {
			return nil
		}
		runErr = err
	}

	e.mu.Lock()
	stopping := e.stopping
	e.mu.Unlock()
	interrupted := stopping && errors.Is(runErr, context.Canceled)
	err := e.app.RunInTransaction(func(tx core.App) error {
		rec, err := e.owned(tx, job.Id())
		if err != nil {
			return err
		}
		job.applyFinal(rec)
		rec.Set("lease_until", "")
		if interrupted {
			// shutdown is not the job's fault: queue it again without spending an attempt
			rec.Set("status", collections.JobQueued)
			rec.Set("attempts", max(rec.GetInt("attempts")-1, 0))
			rec.Set("run_after", now)
			return tx.Save(rec)
		}
		msg := runErr.Error()
		if errors.Is(runErr, context.DeadlineExceeded) {
			msg = "timed out: " + msg
		}
		attempt := rec.GetInt("attempts")
		appendError(rec, attempt, msg, now)
		if IsPermanent(runErr) || attempt >= rec.GetInt("max_attempts") {
			rec.Set("status", collections.JobFailed)
			rec.Set("finished", now)
			if err := settleCredits(tx, rec, false, "job failed: "+truncate(msg, 200)); err != nil {
				return err
			}
		} else {
			rec.Set("status", collections.JobQueued)
			rec.Set("run_after", now.Add(e.backoff(h, attempt)))
		}
		return tx.Save(rec)
	})
	if errors.Is(err, errLost) {
		return nil
	}
	return err
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
	hist = append(hist, AttemptError{Attempt: attempt, Error: truncate(msg, 2000), At: dateString(at)})
	if len(hist) > 50 {
		hist = hist[len(hist)-50:]
	}
	rec.Set("errors", hist)
	rec.Set("error", truncate(msg, 4000))
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

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
		` WHERE status = 'running' AND lease_until != '' AND lease_until < {:now} LIMIT 500`).
		Bind(dbx.Params{"now": dateString(now)}).Column(&ids); err != nil {
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
		registryOf(app).wake()
	}
	return n, nil
}

// dateString formats t the way PocketBase stores DateField values, so SQL
// comparisons of stored dates are string comparisons.
func dateString(t time.Time) string {
	d, _ := types.ParseDateTime(t.UTC())
	return d.String()
}
