package collections

import "github.com/pocketbase/pocketbase/core"

// AISpend is provider spend in USD per workspace and UTC day, added to after
// every provider call (ai.OnCall): what the cost caps and the cost-anomaly
// check read. instance_usd is the part the instance's own key paid (a
// workspace that brings its own key pays its provider itself); tenant is
// empty for calls made on no workspace's behalf. Superusers only: owners see
// their spend and caps in the billing summary.
const (
	AISpend   = "ai_spend"
	AISpendId = "pbc_igny8_ai_spend"
)

// AISpendDayLayout is the format of ai_spend.day.
const AISpendDayLayout = "2006-01-02"

// BuildAISpend defines the ai_spend collection.
func BuildAISpend(c *core.Collection) {
	c.Fields.Add(
		&core.RelationField{Name: "tenant", CollectionId: TenantsId, MaxSelect: 1, CascadeDelete: true},
		&core.TextField{Name: "day", Required: true, Max: 10, Pattern: `^\d{4}-\d{2}-\d{2}$`},
		&core.NumberField{Name: "cost_usd", Min: num(0), Help: "all provider spend of the day"},
		&core.NumberField{Name: "instance_usd", Min: num(0), Help: "the part paid by the instance's key (what the caps limit)"},
		&core.NumberField{Name: "calls", OnlyInt: true, Min: num(0)},
		&core.BoolField{Name: "anomaly", Help: "the day's spend passed the anomaly threshold (alerted once)"},
	)
	Timestamps(c)
	c.AddIndex("idx_ai_spend_tenant_day", true, "tenant, day", "")
	c.AddIndex("idx_ai_spend_day", false, "day", "")
	SetRules(c, nil, nil, nil, nil, nil)
}
