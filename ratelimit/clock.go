package ratelimit

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// Clock is the time source of igny8's own limiters (RuleUser, RuleTenantAI):
// windows open, fill and close on it. PocketBase's per-IP limiter keeps the
// wall clock.
type Clock interface{ Now() time.Time }

type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }

const clockKey = "igny8.rateLimitClock"

// SetClock replaces app's limiter clock, like jobs.SetClock and ai.Config.Now:
// tests hold it still or move it across a window instead of counting requests
// against wall-clock seconds. Nothing in the release binary calls it.
func SetClock(app core.App, c Clock) {
	app.Store().Set(clockKey, c)
}

// clockOf is app's limiter clock, the wall clock unless a test set another.
// The store is shared with transaction apps, so a request's e.App finds it.
func clockOf(app core.App) Clock {
	if c, ok := app.Store().Get(clockKey).(Clock); ok {
		return c
	}
	return wallClock{}
}
