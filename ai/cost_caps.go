package ai

import (
	"context"

	"github.com/igny8/igny8/billing"
)

// checkCaps refuses, before any request is sent, a call the instance's key
// would pay for while an AI cost cap is reached (billing.CheckAICap: the
// workspace's or the instance's daily or monthly cap). The *billing.CapError
// it returns is a jobs.Snoozer, so an AI job waits for the cap's period to
// end instead of failing; the refusal is reported as a CallCapped call, which
// /metrics counts. A workspace that brings its own OpenAI key pays its
// provider itself and is not capped for OpenAI models.
func (e *engine) checkCaps(ctx context.Context, tenant string, cr creds, ms []Model) error {
	if cr.dev || len(ms) == 0 {
		return nil
	}
	p := &payer{tenant: tenant, ownOpenAI: cr.ownKey}
	instance := false
	for _, m := range ms {
		instance = instance || p.pays(m)
	}
	if !instance {
		return nil
	}
	err := billing.CheckAICap(e.app, tenant, e.config().Now())
	if err != nil {
		_ = OnCall(e.app).Trigger(&CallEvent{Model: ms[0].Name, Provider: ms[0].Provider, Outcome: CallCapped, Tenant: tenant, Instance: true})
	}
	return err
}
