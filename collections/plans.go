package collections

import "github.com/pocketbase/pocketbase/core"

// Plans holds the subscription plans; their limits and credits drive billing and plan checks.
const (
	Plans   = "plans"
	PlansId = "pbc_igny8_plans"
)

func buildPlans(c *core.Collection) {
	c.Fields.Add(
		&core.TextField{Name: "code", Required: true, Max: 40, Pattern: `^[a-z0-9_-]+$`},
		&core.TextField{Name: "name", Required: true, Max: 80},
		&core.NumberField{Name: "price_usd", Min: num(0)},
		&core.NumberField{Name: "monthly_credits", Min: num(0), OnlyInt: true},
		&core.NumberField{Name: "max_users", Min: num(0), OnlyInt: true, Help: "0 = unlimited"},
		&core.NumberField{Name: "max_sites", Min: num(0), OnlyInt: true, Help: "0 = unlimited"},
		&core.BoolField{Name: "custom", Help: "priced by contract (Enterprise)"},
		&core.TextField{Name: "stripe_price_id", Hidden: true, Max: 200},
		&core.NumberField{Name: "sort", OnlyInt: true},
		&core.BoolField{Name: "active"},
	)
	Timestamps(c)
	c.AddIndex("idx_plans_code", true, "code", "")
	signedIn := Ptr(`@request.auth.id != ""`)
	SetRules(c, signedIn, signedIn, nil, nil, nil)
}
