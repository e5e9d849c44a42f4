package ratelimit

import (
	"fmt"
	"testing"
	"time"
)

// The fixed window on explicit times: max requests per key and window, the
// refusal saying how long until the window ends, keys counted apart, a new
// window once the period has passed since its first request.
func TestLimiterWindow(t *testing.T) {
	start := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	l := newLimiter(3, time.Minute)
	for i := range 3 {
		if ok, _ := l.allow("a", start.Add(time.Duration(i)*time.Second)); !ok {
			t.Fatalf("request %d of 3 refused", i+1)
		}
	}
	if ok, wait := l.allow("a", start.Add(20*time.Second)); ok || wait != 40*time.Second {
		t.Fatalf("4th request: allowed %v, wait %s; want refused for 40s", ok, wait)
	}
	if ok, _ := l.allow("b", start.Add(20*time.Second)); !ok {
		t.Fatal("another key shares a's window")
	}
	if ok, wait := l.allow("a", start.Add(time.Minute-time.Nanosecond)); ok || wait != time.Nanosecond {
		t.Fatalf("just before the window ends: allowed %v, wait %s", ok, wait)
	}
	if ok, _ := l.allow("a", start.Add(time.Minute)); !ok {
		t.Fatal("the next window did not open a period after the first request")
	}
}

// Past 1,024 keys, keys idle for a whole window are forgotten (at most once a
// period), so memory follows the active keys; active ones keep their count.
func TestLimiterForgetsIdleKeys(t *testing.T) {
	start := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	l := newLimiter(1, time.Minute)
	for i := range 1100 {
		l.allow(fmt.Sprint("idle", i), start)
	}
	later := start.Add(90 * time.Second)
	l.allow("active", later.Add(-time.Second))
	l.allow("new", later)
	if n := len(l.clients); n != 2 {
		t.Fatalf("%d keys kept, want 2 (the active and the new one)", n)
	}
	if ok, _ := l.allow("active", later); ok {
		t.Fatal("the active key's count was forgotten")
	}
}
