package jobs

import (
	"errors"
	"fmt"
	"time"
)

// Snoozer is an error that asks for its job to wait instead of failing: the
// engine queues the job again after SnoozeFor without counting the attempt
// (River's JobSnooze). Any package can return one without importing jobs (the
// ai layer's rate-limit error does; a WordPress site resting behind its
// breaker does); wrapped with %w it still counts.
type Snoozer interface {
	error
	SnoozeFor() time.Duration
}

// MaxSnooze caps one snooze, so a wrong duration cannot park a job for good.
const MaxSnooze = 24 * time.Hour

// Snooze returns an error a handler returns to wait d before running again:
// the job goes back to queued with run_after moved by d, its attempt is not
// counted and its credits stay reserved. Use it for waits that end on their
// own (a provider's rate limit, a site's cool-down), not for failures.
func Snooze(d time.Duration) error { return &snoozeError{d: d} }

type snoozeError struct{ d time.Duration }

func (s *snoozeError) Error() string            { return fmt.Sprintf("snoozed for %s", s.d) }
func (s *snoozeError) SnoozeFor() time.Duration { return s.d }

// snoozed reports whether err asks for a snooze, and for how long (0 to
// MaxSnooze). A permanent error never snoozes.
func snoozed(err error) (time.Duration, bool) {
	var s Snoozer
	if err == nil || IsPermanent(err) || !errors.As(err, &s) {
		return 0, false
	}
	return min(max(s.SnoozeFor(), 0), MaxSnooze), true
}
