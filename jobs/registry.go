package jobs

import (
	"context"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// HandlerFunc runs one job. Returning nil succeeds the job; an error retries
// it with backoff until MaxAttempts; a [Permanent] error fails it at once. The
// context is canceled on Cancel, on timeout and at shutdown. Handlers must be
// idempotent: a job whose worker died is run again.
type HandlerFunc func(ctx context.Context, job *Job) error

// HandlerOptions tune one job type.
type HandlerOptions struct {
	// Concurrency caps running jobs of this type in the process (0 = no cap
	// beyond the worker count); use it for rate-limited providers.
	Concurrency int
	// MaxAttempts is the default for jobs of this type (0 = 3).
	MaxAttempts int
	// Timeout bounds one attempt (0 = 30 minutes).
	Timeout time.Duration
	// Backoff overrides the delay before retry n (1-based); nil uses the
	// engine's exponential backoff with jitter.
	Backoff func(attempt int) time.Duration
}

// Clock is the engine's time source; tests inject a fake one so days of
// retries and cadence pass in milliseconds.
type Clock interface{ Now() time.Time }

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

type handler struct {
	fn   HandlerFunc
	opts HandlerOptions
}

// registry is the per-app state: handlers, schedules, the clock and the
// engines that run in this process. It lives in app.Store() so transaction
// apps (which share the store) find it too.
type registry struct {
	mu        sync.RWMutex
	handlers  map[string]handler
	schedules map[string]ScheduleFunc
	// siteDefaults are the per-site schedules modules registered, in order
	siteDefaults []SiteDefault
	clock        Clock
	engines      []*Engine
	serve        *Engine
}

const storeKey = "igny8.jobs.registry"

func registryOf(app core.App) *registry {
	return app.Store().GetOrSet(storeKey, func() any {
		bindSaveGuard(app)
		return &registry{handlers: map[string]handler{}, schedules: map[string]ScheduleFunc{}, clock: realClock{}}
	}).(*registry)
}

// Handle registers fn for jobs of type typ (e.g. "planner.cluster") from the
// owning package's Register. A later registration replaces an earlier one,
// which lets tests substitute a handler.
func Handle(app core.App, typ string, fn HandlerFunc, opts HandlerOptions) {
	r := registryOf(app)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.handlers[typ] = handler{fn: fn, opts: opts}
}

// SetClock replaces app's job clock: the injection point for time, like
// ai.Config.Sleep (tests move a hand clock; the default is the wall clock and
// nothing in the release binary calls it).
func SetClock(app core.App, c Clock) {
	r := registryOf(app)
	r.mu.Lock()
	r.clock = c
	r.mu.Unlock()
}

// Now is app's job clock (the wall clock unless a test set another): the
// time the scheduler, the engine and billing's webhook agree on.
func Now(app core.App) time.Time { return registryOf(app).now() }

func (r *registry) now() time.Time {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.clock.Now().UTC()
}

func (r *registry) handler(typ string) (handler, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	h, ok := r.handlers[typ]
	return h, ok
}

func (r *registry) types() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]string, 0, len(r.handlers))
	for t := range r.handlers {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

func (r *registry) addEngine(e *Engine) {
	r.mu.Lock()
	r.engines = append(r.engines, e)
	r.mu.Unlock()
}

func (r *registry) removeEngine(e *Engine) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, x := range r.engines {
		if x == e {
			r.engines = append(r.engines[:i], r.engines[i+1:]...)
			return
		}
	}
}

// wake nudges every engine of the app after rec was enqueued (committed) for
// tenant, so they add it to their caches and claim it at once.
func (r *registry) wake(tenant string, rec *core.Record) {
	for _, e := range r.engineList() {
		e.noteEnqueued(tenant, rec)
		e.wake()
	}
}

// engineList is a copy of the app's engines. Callers act on the engines
// after the registry's lock is released: an engine reads the job clock under
// that lock (reg.now), and a read lock taken twice deadlocks once a writer
// (SetClock, Handle) waits in between.
func (r *registry) engineList() []*Engine {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return slices.Clone(r.engines)
}

// wakeAll nudges every engine and makes it re-read the queue (jobs were
// queued again by a sweep).
func (r *registry) wakeAll() {
	for _, e := range r.engineList() {
		e.invalidate()
		e.wake()
	}
}

// cancelRunning cancels the context of job id if an engine of this process runs it.
func (r *registry) cancelRunning(id string) {
	for _, e := range r.engineList() {
		e.cancelJob(id)
	}
}

func (r *registry) setServeEngine(e *Engine) {
	r.mu.Lock()
	r.serve = e
	r.mu.Unlock()
}

func (r *registry) serveEngine() *Engine {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.serve
}
