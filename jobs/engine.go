package jobs

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tools/redact"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"
	"github.com/pocketbase/pocketbase/tools/types"
)

// DefaultWorkers is how many jobs an engine runs at once when neither
// [Options.Workers] nor IGNY8_WORKERS says otherwise.
const DefaultWorkers = 4

// The other defaults of [Options], and limits of the engine's own writes.
const (
	defaultLease           = 30 * time.Second
	defaultPoll            = time.Second
	defaultBackoffBase     = 10 * time.Second
	defaultBackoffMax      = time.Hour
	defaultShutdownTimeout = 25 * time.Second
	// defaultTimeout bounds a handler whose HandlerOptions set no Timeout.
	defaultTimeout = 30 * time.Minute
	// errorHistoryMax is how many attempts' errors a job keeps (the newest).
	errorHistoryMax = 50
	// failureNoteMax bounds the error text quoted in a failed job's refund note.
	failureNoteMax = 200
	// sweepBatch is how many expired leases one sweep recovers at most.
	sweepBatch = 500
)

// Options configure an [Engine]. Zero values take the defaults noted.
type Options struct {
	// Workers is the number of jobs run at once (default [DefaultWorkers]).
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
		o.Workers = DefaultWorkers
	}
	if o.TenantConcurrency <= 0 {
		o.TenantConcurrency = max(1, o.Workers*3/4)
	}
	if o.Lease <= 0 {
		o.Lease = defaultLease
	}
	if o.Poll <= 0 {
		o.Poll = defaultPoll
	}
	if o.BackoffBase <= 0 {
		o.BackoffBase = defaultBackoffBase
	}
	if o.BackoffMax <= 0 {
		o.BackoffMax = defaultBackoffMax
	}
	if o.ShutdownTimeout <= 0 {
		o.ShutdownTimeout = defaultShutdownTimeout
	}
	return o
}

// Engine claims and runs jobs of one app. Start it with [Start] (the serve
// hook does for the real binary) or drive it step by step with RunOnce/Sweep.
//
// A started engine has one dispatcher goroutine that does all of its claim
// and finish writes: each round is one transaction that records the outcomes
// of every job whose handler returned since the last round and claims as many
// jobs as there are free workers. Under load that batches several jobs into
// one write transaction; an idle engine still answers an enqueue at once
// (enqueues wake it).
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
	started    bool
	cache      readyCache

	wakeCh       chan struct{}
	results      chan outcome
	stopCh       chan struct{}
	dispatchDone chan struct{}
	baseCtx      context.Context
	cancelAll    context.CancelFunc
	loops        sync.WaitGroup
	stopOnce     sync.Once
}

type runState struct {
	tenant, typ string
	attempt     int
	cancel      context.CancelFunc
}

// outcome is how one attempt's handler ended, handed from the worker
// goroutine to the dispatcher, which stores it.
type outcome struct {
	job *Job
	h   handler
	err error
}

// NewEngine returns an engine for app that is not running yet.
func NewEngine(app core.App, opts Options) *Engine {
	ctx, cancel := context.WithCancel(context.Background())
	o := opts.withDefaults()
	e := &Engine{
		app: app, reg: registryOf(app), opts: o,
		owner:   "w-" + security.RandomString(12),
		running: map[string]*runState{}, byTenant: map[string]int{}, byType: map[string]int{},
		lastServed: map[string]int64{}, cache: newReadyCache(),
		wakeCh: make(chan struct{}, 1), results: make(chan outcome, o.Workers),
		stopCh: make(chan struct{}), dispatchDone: make(chan struct{}),
		baseCtx: ctx, cancelAll: cancel,
	}
	e.reg.addEngine(e)
	return e
}

// Start creates an engine for app and starts its dispatcher and heartbeat.
func Start(app core.App, opts Options) (*Engine, error) {
	e := NewEngine(app, opts)
	e.mu.Lock()
	e.started = true
	e.mu.Unlock()
	e.loops.Add(2)
	go e.dispatch()
	go e.heartbeat()
	return e, nil
}

// Owner is the id this engine writes into lease_owner.
func (e *Engine) Owner() string { return e.owner }

// Stop stops claiming, lets running jobs finish for ShutdownTimeout, cancels
// the rest (they are queued again) and returns when every outcome is stored.
func (e *Engine) Stop() {
	e.stopOnce.Do(func() {
		e.mu.Lock()
		e.stopping = true
		started := e.started
		e.mu.Unlock()
		close(e.stopCh)
		if started {
			select {
			case <-e.dispatchDone:
			case <-time.After(e.opts.ShutdownTimeout):
				e.cancelAll()
				<-e.dispatchDone
			}
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

// pick chooses up to n due jobs to claim, fairly: each pick goes to the
// tenant with the fewest running jobs in this engine, then the one served
// longest ago (round robin), so a workspace with 1,000 queued jobs delays
// another's single job by at most one claim; within a tenant, higher priority
// first, then earlier due time. Per-tenant and per-type caps count the picks
// already made. It reads from the engine's cache (see readyCache), or from the
// database outside any transaction; claimPicks then takes the picks. fresh
// re-reads the queue instead of trusting the cache.
func (e *Engine) pick(n int, fresh bool) ([]claim, error) {
	if n <= 0 {
		return nil, nil
	}
	all := e.reg.types()
	if len(all) == 0 {
		return nil, nil
	}

	// local copies of the counters: picks count against the caps as they are made
	e.mu.Lock()
	if e.stopping {
		e.mu.Unlock()
		return nil, nil
	}
	byType := make(map[string]int, len(all))
	for _, t := range all {
		byType[t] = e.byType[t]
	}
	e.mu.Unlock()
	typeCap := make(map[string]int, len(all))
	var open []any
	var openNames []string
	for _, t := range all {
		h, _ := e.reg.handler(t)
		typeCap[t] = h.opts.Concurrency
		if h.opts.Concurrency <= 0 || byType[t] < h.opts.Concurrency {
			open = append(open, t)
			openNames = append(openNames, t)
		}
	}
	if len(open) == 0 {
		return nil, nil
	}
	tenants, err := e.readyList(fresh, strings.Join(openNames, ","))
	if err != nil || len(tenants) == 0 {
		return nil, err
	}
	e.mu.Lock()
	byTenant := make(map[string]int, len(tenants))
	served := make(map[string]int64, len(tenants))
	for _, t := range tenants {
		byTenant[t], served[t] = e.byTenant[t], e.lastServed[t]
	}
	seq := e.seq
	e.mu.Unlock()

	done := map[string]bool{} // nothing more to pick there in this call
	read := map[string]bool{}
	var out []claim
	for len(out) < n {
		bi := -1 // platform jobs have tenant "", so pick by index
		for i, t := range tenants {
			if done[t] || byTenant[t] >= e.opts.TenantConcurrency {
				continue
			}
			if b := tenants[max(bi, 0)]; bi < 0 || byTenant[t] < byTenant[b] || (byTenant[t] == byTenant[b] && served[t] < served[b]) {
				bi = i
			}
		}
		if bi < 0 {
			break
		}
		tenant := tenants[bi]
		e.mu.Lock()
		l := e.cache.lists[tenant]
		if l == nil || (len(l.recs) == 0 && !l.complete) {
			e.mu.Unlock()
			if read[tenant] {
				done[tenant] = true
				continue
			}
			read[tenant] = true
			if err := e.readCandidates(tenant, open); err != nil {
				return nil, err
			}
			continue
		}
		i := 0
		for i < len(l.recs) {
			typ := l.recs[i].GetString("type")
			if typeCap[typ] <= 0 || byType[typ] < typeCap[typ] {
				break
			}
			i++
		}
		if i == len(l.recs) {
			if len(l.recs) == 0 && l.complete {
				// nothing due there: an enqueue or the next re-read brings it back
				delete(e.cache.tenants, tenant)
				delete(e.cache.lists, tenant)
			}
			e.mu.Unlock()
			done[tenant] = true
			continue
		}
		rec := l.recs[i]
		l.recs = slices.Delete(l.recs, i, i+1)
		e.mu.Unlock()
		typ := rec.GetString("type")
		out = append(out, claim{rec: rec, tenant: tenant})
		byTenant[tenant]++
		byType[typ]++
		seq++
		served[tenant] = seq
	}
	return out, nil
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

// execute runs job's handler and returns how it ended; storing the outcome
// is the caller's.
func (e *Engine) execute(job *Job) outcome {
	h, ok := e.reg.handler(job.Type())
	timeout := h.opts.Timeout
	if timeout <= 0 {
		timeout = defaultTimeout
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
	return outcome{job: job, h: h, err: err}
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

// dateString formats t the way PocketBase stores DateField values, so SQL
// comparisons of stored dates are string comparisons.
func dateString(t time.Time) string {
	d, _ := types.ParseDateTime(t.UTC())
	return d.String()
}
