package testapp_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/testapp"
)

// fatalRecorder is a testing.TB whose Fatalf records the message and ends
// the goroutine, as the real one does.
type fatalRecorder struct {
	testing.TB
	msg string
}

func (r *fatalRecorder) Helper() {}

func (r *fatalRecorder) Fatalf(format string, args ...any) {
	r.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// wait runs fn with a recorder in its own goroutine (Fatalf ends it) and
// returns the failure message, empty if none.
func wait(t *testing.T, fn func(tb testing.TB)) string {
	r := &fatalRecorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(r)
	}()
	<-done
	return r.msg
}

func TestWaitForReturnsOnceTheConditionHolds(t *testing.T) {
	n := 0
	msg := wait(t, func(tb testing.TB) {
		testapp.WaitFor(tb, time.Minute, func() bool { n++; return n == 3 }, "never")
	})
	if msg != "" || n != 3 {
		t.Fatalf("checked %d times, failure %q; want 3 checks and no failure", n, msg)
	}
}

func TestWaitForFailsWithItsMessageAtTheDeadline(t *testing.T) {
	type state struct{ seen int }
	s := &state{}
	msg := wait(t, func(tb testing.TB) {
		testapp.WaitForEvery(tb, 20*time.Millisecond, time.Millisecond, func() bool { s.seen++; return false }, "still waiting for %s: %+v", "jobs", s)
	})
	if !strings.HasPrefix(msg, "waited 20ms: still waiting for jobs: &{seen:") || strings.Contains(msg, "seen:0}") {
		t.Fatalf("failure %q: want the timeout, the message and the state at the deadline", msg)
	}
}
