package ai

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/igny8/igny8/collections"
	"golang.org/x/time/rate"
)

// Rate limits belong to a provider key, not to a model of the instance: the
// instance's key is shared by every workspace that has none of its own, and a
// workspace's own key has its own limits at the provider. One limiter per
// (provider, base URL, key, model) follows what the provider says about the
// key — x-ratelimit-remaining-requests / x-ratelimit-reset-requests on every
// answer, and 429s — with the model's configured rpm as a ceiling (a token
// bucket, burst 1). Waits up to Config.MaxRateWait are waited out in place;
// a longer one returns a *RateLimitError, which a job turns into a snooze
// (jobs.Snoozer) instead of holding a worker.

// ErrRateLimited is what a *RateLimitError is (errors.Is).
var ErrRateLimited = errors.New("ai: rate limited")

// RateLimitError means the call's key may not send to Model for Wait: the
// provider said so (429, no requests remaining) or the configured ceiling is
// used up. Nothing was sent for the attempt that returned it.
type RateLimitError struct {
	Model string
	Wait  time.Duration
}

func (e *RateLimitError) Error() string {
	return fmt.Sprintf("ai: %s is rate limited for this key; next request in %s", e.Model, e.Wait.Round(time.Second))
}

// Is makes every RateLimitError match ErrRateLimited.
func (e *RateLimitError) Is(target error) bool { return target == ErrRateLimited }

// SnoozeFor lets the jobs engine queue the job again when the limit allows
// (it implements jobs.Snoozer).
func (e *RateLimitError) SnoozeFor() time.Duration { return e.Wait }

// keyLimit is the state of one key and model: the ceiling bucket and the
// time before which the provider asked for no more requests.
type keyLimit struct {
	mu        sync.Mutex
	bucket    *rate.Limiter
	notBefore time.Time
}

// limitKey names the limiter of model m used through these credentials (the
// key is hashed: limiter names show up in no log, but need not hold secrets).
func limitKey(m Model, cr creds) string {
	url, key := cr.baseURL, cr.openaiKey
	if m.Provider == collections.AIProviderRunware {
		url, key = cr.runwareURL, cr.runwareKey
	}
	sum := sha256.Sum256([]byte(key))
	return m.Provider + "|" + url + "|" + hex.EncodeToString(sum[:8]) + "|" + m.Name
}

// keyLimit returns the limiter named key, its ceiling set to model m's rpm
// (or Config.RPMOverride).
func (e *engine) keyLimit(m Model, key string) *keyLimit {
	rpm := m.rpm()
	if o := e.config().RPMOverride; o > 0 {
		rpm = o
	}
	limit := rate.Limit(float64(rpm) / 60)
	e.limMu.Lock()
	defer e.limMu.Unlock()
	l, ok := e.limiters[key]
	if !ok {
		l = &keyLimit{bucket: rate.NewLimiter(limit, 1)}
		e.limiters[key] = l
	} else if l.bucket.Limit() != limit {
		l.bucket.SetLimit(limit)
	}
	return l
}

// admit takes the next request slot: it waits for it with sleep when it
// is at most maxWait away, else returns a *RateLimitError without taking it.
// afterPause skips the provider's pause (the caller has just waited out a 429
// itself). The clock and the sleep are Config.Now and Config.Sleep, so tests
// read the pacing off a fake clock instead of wall-clock arrival times.
func (l *keyLimit) admit(ctx context.Context, clock func() time.Time, sleep func(context.Context, time.Duration) error, model string, maxWait time.Duration, afterPause bool) error {
	now := clock()
	l.mu.Lock()
	r := l.bucket.ReserveN(now, 1)
	d := r.DelayFrom(now)
	if p := l.notBefore.Sub(now); !afterPause && p > d {
		d = p
	}
	if d > maxWait {
		r.CancelAt(now)
		l.mu.Unlock()
		return &RateLimitError{Model: model, Wait: d}
	}
	l.mu.Unlock()
	if d <= 0 {
		return nil
	}
	if err := sleep(ctx, d); err != nil {
		r.CancelAt(clock())
		return fmt.Errorf("ai: waiting for %s rate limit: %w", model, err)
	}
	return nil
}

// observe adapts the limiter to one answer: no requests remaining pauses the
// key until the provider's reset, a 429 until its Retry-After (else the
// reset, else a second).
func (l *keyLimit) observe(now time.Time, ci *callInfo) {
	var pause time.Duration
	if ci.remaining == 0 {
		pause = ci.reset
	}
	if ci.status == http.StatusTooManyRequests {
		pause = max(pause, ci.retryAfter)
		if pause <= 0 {
			pause = max(ci.reset, time.Second)
		}
	}
	if pause <= 0 {
		return
	}
	l.mu.Lock()
	if t := now.Add(pause); t.After(l.notBefore) {
		l.notBefore = t
	}
	l.mu.Unlock()
}

// Rate-limit headers read from every answer (OpenAI's names; OpenRouter,
// Groq, Together and most gateways send the same).
const (
	HeaderRemainingRequests = "X-Ratelimit-Remaining-Requests"
	HeaderResetRequests     = "X-Ratelimit-Reset-Requests"
)

// readLimitHeaders fills ci's remaining (-1 when absent) and reset from h.
func readLimitHeaders(ci *callInfo, h http.Header) {
	ci.remaining = -1
	if v := strings.TrimSpace(h.Get(HeaderRemainingRequests)); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n >= 0 {
			ci.remaining = n
		}
	}
	ci.reset = parseReset(h.Get(HeaderResetRequests))
}

// parseReset reads a reset as a Go duration ("6m0s", "20ms": OpenAI), seconds
// ("30"), a Unix time or an RFC 3339 time; it is capped at an hour.
func parseReset(v string) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if x, err := time.ParseDuration(v); err == nil {
		d = x
	} else if s, err := strconv.ParseFloat(v, 64); err == nil {
		if s > 1e9 { // a Unix time
			d = time.Until(time.Unix(int64(s), 0))
		} else {
			d = time.Duration(s * float64(time.Second))
		}
	} else if t, err := time.Parse(time.RFC3339, v); err == nil {
		d = time.Until(t)
	}
	return min(max(d, 0), time.Hour)
}
