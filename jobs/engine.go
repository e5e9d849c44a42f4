package jobs

import (
	"context"
	"sync"
	"time"

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

	cache *readyCache // the queue between claims; its own lock

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

// dateString formats t the way PocketBase stores DateField values, so SQL
// comparisons of stored dates are string comparisons.
func dateString(t time.Time) string {
	d, _ := types.ParseDateTime(t.UTC())
	return d.String()
}
