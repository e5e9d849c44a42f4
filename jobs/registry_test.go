package jobs_test

import (
	"context"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/igny8/igny8/jobs"
)

// TestWakeWhileTheClockIsSet: enqueueing wakes every engine of the app while
// another goroutine replaces the job clock. The wake read the clock under
// the registry's read lock it already held, so a writer queued between the
// two deadlocked both (Go's RWMutex lets no new reader in once a writer
// waits).
func TestWakeWhileTheClockIsSet(t *testing.T) {
	t.Parallel()
	app, clock := newApp(t)
	jobs.Handle(app, "t.noop", func(context.Context, *jobs.Job) error { return nil }, jobs.HandlerOptions{})
	e := jobs.NewEngine(app, jobs.Options{}) // registered, not started: it only takes the wakes
	var stop atomic.Bool
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for !stop.Load() {
			jobs.SetClock(app, clock)
		}
	}()
	go func() {
		defer wg.Done()
		defer stop.Store(true)
		for range 300 {
			if _, err := jobs.Enqueue(app, jobs.EnqueueParams{Tenant: tenantA, Type: "t.noop"}); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
		e.Stop()
	case <-time.After(60 * time.Second):
		// Exit, not t.Fatal or a panic: the app's clean-up (which testing
		// runs either way) would wait for the deadlocked lock, and the test
		// would hang instead of failing.
		fmt.Fprintln(os.Stderr, "--- FAIL: TestWakeWhileTheClockIsSet: enqueueing and setting the job clock deadlocked (no progress in 60 s)")
		os.Exit(1)
	}
}
