package wpclient

import (
	"context"
	"errors"
	"sync"
	"time"
)

// ErrSiteDegraded is returned without calling WordPress while a site's circuit
// breaker is open: the site failed too often in a row and gets a rest.
var ErrSiteDegraded = errors.New("wordpress site is degraded (too many failures in a row); paused")

// Gate limits and guards the requests to one WordPress site, shared by every
// client of that site in this process: at most Concurrency requests at once
// (small shared hosts fall over under bursts), and a circuit breaker that opens
// after BreakAfter consecutive failures for Cooldown.
type Gate struct {
	sem        chan struct{}
	breakAfter int
	cooldown   time.Duration

	mu        sync.Mutex
	failures  int
	openUntil time.Time
}

// Gate defaults.
const (
	DefaultConcurrency = 4
	DefaultBreakAfter  = 5
	DefaultCooldown    = 2 * time.Minute
)

var gates sync.Map // site key -> *Gate

// GateFor returns the shared gate of a site (keyed by site id or URL).
func GateFor(key string) *Gate {
	if g, ok := gates.Load(key); ok {
		return g.(*Gate)
	}
	g, _ := gates.LoadOrStore(key, NewGate(DefaultConcurrency, DefaultBreakAfter, DefaultCooldown))
	return g.(*Gate)
}

// NewGate builds a gate; GateFor is what clients use.
func NewGate(concurrency, breakAfter int, cooldown time.Duration) *Gate {
	return &Gate{sem: make(chan struct{}, concurrency), breakAfter: breakAfter, cooldown: cooldown}
}

// Acquire waits for a request slot or fails fast while the breaker is open
// (with the error of [Gate.Degraded]).
func (g *Gate) Acquire(ctx context.Context) (release func(), err error) {
	if err := g.Degraded(); err != nil {
		return nil, err
	}
	select {
	case g.sem <- struct{}{}:
		return func() { <-g.sem }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Open reports whether the breaker is open now.
func (g *Gate) Open() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return time.Now().Before(g.openUntil)
}

// Degraded returns nil while the breaker is closed; while it is open, an
// error that is [ErrSiteDegraded] and says when the rest ends. It is a
// jobs.Snoozer: a job that meets an open breaker waits for it to close
// without spending an attempt per cool-down.
func (g *Gate) Degraded() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !time.Now().Before(g.openUntil) {
		return nil
	}
	return &restingError{until: g.openUntil}
}

// restingError is ErrSiteDegraded with the end of the site's rest.
type restingError struct{ until time.Time }

func (e *restingError) Error() string {
	return ErrSiteDegraded.Error() + " until " + e.until.UTC().Format("15:04:05 UTC")
}
func (e *restingError) Is(target error) bool { return target == ErrSiteDegraded }

// SnoozeFor is the rest left (the jobs engine queues the job again after it).
func (e *restingError) SnoozeFor() time.Duration { return time.Until(e.until) }

// Record notes the outcome of one request (after its retries) and reports
// whether this call opened the breaker.
func (g *Gate) Record(failed bool) (opened bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !failed {
		g.failures = 0
		return false
	}
	g.failures++
	if g.failures >= g.breakAfter && !time.Now().Before(g.openUntil) {
		g.openUntil = time.Now().Add(g.cooldown)
		g.failures = 0
		return true
	}
	return false
}

// Reset closes the breaker (a connection check that passes resets it).
func (g *Gate) Reset() {
	g.mu.Lock()
	g.failures, g.openUntil = 0, time.Time{}
	g.mu.Unlock()
}
