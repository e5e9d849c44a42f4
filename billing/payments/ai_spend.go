package payments

import (
	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/billing"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// HookAISpend is the id of the ai.OnCall handler that records provider spend.
const HookAISpend = "igny8.payments.aiSpend"

// bindAISpend adds every provider request's cost to its workspace's day
// (billing.RecordSpend): what the AI cost caps and the cost-anomaly check
// read. A failure is logged: the call was made and must not fail after the fact.
func bindAISpend(app core.App) {
	ai.OnCall(app).Bind(&hook.Handler[*ai.CallEvent]{Id: HookAISpend, Func: func(e *ai.CallEvent) error {
		if e.Outcome != ai.CallCapped && e.Provider != "dev" {
			if _, err := billing.RecordSpend(app, e.Tenant, e.CostUSD, e.Instance, ai.CurrentConfig(app).Now()); err != nil {
				app.Logger().Error("ai spend not recorded", "tenant", e.Tenant, "error", err.Error())
			}
		}
		return e.Next()
	}})
}
