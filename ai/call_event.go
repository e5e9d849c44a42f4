package ai

import (
	"context"
	"errors"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// Outcomes of one provider request, as CallEvent reports them.
const (
	CallOK      = "ok"
	CallError   = "error"
	CallTimeout = "timeout"
)

// CallEvent describes one request to a provider: which model, how long it
// waited for the model's rate limit and how long the request took.
type CallEvent struct {
	hook.Event
	Model    string
	Provider string
	Wait     time.Duration
	Duration time.Duration
	Outcome  string
}

const callHookKey = "igny8.ai.onCall"

// OnCall is the hook triggered after every provider request (retries
// included), for metrics; handlers must be quick and must call e.Next().
func OnCall(app core.App) *hook.Hook[*CallEvent] {
	return app.Store().GetOrSet(callHookKey, func() any { return &hook.Hook[*CallEvent]{} }).(*hook.Hook[*CallEvent])
}

func callOutcome(err error, actx context.Context) string {
	switch {
	case err == nil:
		return CallOK
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(actx.Err(), context.DeadlineExceeded):
		return CallTimeout
	}
	return CallError
}

func (e *engine) reportCall(m Model, wait, took time.Duration, err error, actx context.Context) {
	_ = OnCall(e.app).Trigger(&CallEvent{Model: m.Name, Provider: m.Provider, Wait: wait, Duration: took, Outcome: callOutcome(err, actx)})
}
