package ratelimit

import (
	"sync"
	"time"
)

// window is a fixed-window counter, the same strategy as PocketBase's own
// limiter, kept here because PocketBase's keys every client by IP and does not
// say when a window ends (which Retry-After needs).
type window struct {
	start time.Time
	used  int
}

// limiter counts requests per key for one rule. Rules are read from the
// settings on every request, so a changed rule starts a new limiter.
type limiter struct {
	mu      sync.Mutex
	max     int
	period  time.Duration
	clients map[string]*window
	sweep   time.Time
}

func newLimiter(max int, period time.Duration) *limiter {
	return &limiter{max: max, period: period, clients: map[string]*window{}}
}

// allow consumes one request of key at now; when the window is used up it
// returns false and how long until the next window opens.
func (l *limiter) allow(key string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.sweep) > l.period && len(l.clients) > 1024 {
		for k, w := range l.clients { // forget clients idle for a whole window: memory stays bounded by active keys
			if now.Sub(w.start) >= l.period {
				delete(l.clients, k)
			}
		}
		l.sweep = now
	}
	w := l.clients[key]
	if w == nil || now.Sub(w.start) >= l.period {
		w = &window{start: now}
		l.clients[key] = w
	}
	if w.used >= l.max {
		return false, w.start.Add(l.period).Sub(now)
	}
	w.used++
	return true, 0
}
