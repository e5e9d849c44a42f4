package testapp

import (
	"fmt"
	"testing"
	"time"
)

// DefaultPoll is how often [WaitFor] checks its condition.
const DefaultPoll = 5 * time.Millisecond

// WaitFor polls cond every [DefaultPoll] until it holds. If timeout passes
// first it fails t with msg (formatted with args like fmt.Sprintf, at the
// moment of failure, so a pointer argument shows its latest value).
//
// Tests wait for background work (a running engine, PocketBase's batched log
// writes, a file deleted after its record) with it instead of an open loop,
// so a regression fails with a message instead of hanging until the test
// binary's -timeout. The timeout is a guard, not an assertion about speed:
// give it ample room for a loaded machine.
func WaitFor(t testing.TB, timeout time.Duration, cond func() bool, msg string, args ...any) {
	t.Helper()
	WaitForEvery(t, timeout, DefaultPoll, cond, msg, args...)
}

// WaitForEvery is [WaitFor] checking cond every interval, for conditions
// that are costly to check (an HTTP request, a database scan).
func WaitForEvery(t testing.TB, timeout, every time.Duration, cond func() bool, msg string, args ...any) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if !time.Now().Before(deadline) {
			t.Fatalf("waited %s: %s", timeout, fmt.Sprintf(msg, args...))
			return
		}
		time.Sleep(every)
	}
}
