package ai

import (
	"context"
	"errors"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// Outcomes of one provider request, as CallEvent reports them.
const (
	CallOK      = "ok"
	CallError   = "error"
	CallTimeout = "timeout"
	// CallCapped: no request was made because an AI cost cap is reached
	// (billing.CheckAICap); the job waits for the cap's period to end.
	CallCapped = "capped"
)

// CallEvent describes one request to a provider: which model, for which
// workspace, how long it waited for the model's rate limit, how long the
// request took and what it cost (billing records the spend per workspace and
// day from it, for the cost caps and the anomaly alert).
type CallEvent struct {
	hook.Event
	Model    string
	Provider string
	Wait     time.Duration
	Duration time.Duration
	Outcome  string
	// Tenant is the workspace the call was made for ("" for a platform call).
	Tenant string
	// CostUSD is the request's cost from the ai_models price table (0 for a
	// failed request and the dev provider).
	CostUSD float64
	// Instance says the instance's own key paid (the workspace brought none,
	// or the provider is one only the instance has a key for).
	Instance bool
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
	ev := &CallEvent{Model: m.Name, Provider: m.Provider, Wait: wait, Duration: took, Outcome: callOutcome(err, actx)}
	if ci, ok := actx.Value(callInfoKey{}).(*callInfo); ok && err == nil {
		ev.CostUSD = ci.costUSD
	}
	if p := payerOf(actx); p != nil {
		ev.Tenant, ev.Instance = p.tenant, p.pays(m)
	}
	_ = OnCall(e.app).Trigger(ev)
}

// payer travels in a call's context: the workspace it is made for and
// whether that workspace's own OpenAI key is used (set once the credentials
// are resolved), so each provider request can say who paid for it.
type payer struct {
	tenant    string
	dev       bool
	ownOpenAI bool
}

type payerKey struct{}

func withPayer(ctx context.Context, tenant string) (context.Context, *payer) {
	p := &payer{tenant: tenant}
	return context.WithValue(ctx, payerKey{}, p), p
}

func payerOf(ctx context.Context) *payer {
	p, _ := ctx.Value(payerKey{}).(*payer)
	return p
}

// pays reports whether the instance's key pays a request to model m.
func (p *payer) pays(m Model) bool {
	if p.dev || m.Provider == providerDev {
		return false
	}
	return !(p.ownOpenAI && m.Provider != collections.AIProviderRunware)
}

// setCallCost records the cost of the request made with ctx.
func setCallCost(ctx context.Context, usd float64) {
	if ci, ok := ctx.Value(callInfoKey{}).(*callInfo); ok {
		ci.costUSD = usd
	}
}
