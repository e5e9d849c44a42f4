package collections

import "github.com/pocketbase/pocketbase/core"

// Tenants are workspaces: the unit of isolation, billing and plan limits.
const (
	Tenants   = "tenants"
	TenantsId = "pbc_igny8_tenants"
)

// Tenant statuses.
const (
	TenantTrialing  = "trialing"
	TenantActive    = "active"
	TenantPastDue   = "past_due"
	TenantSuspended = "suspended"
)

// TenantAIKey is the hidden, encrypted field holding a workspace's own AI key
// (set through PUT /api/igny8/workspaces/{tenant}/ai-key, never returned).
const TenantAIKey = "ai_api_key"

// TenantSecretFields are the tenant fields stored encrypted.
var TenantSecretFields = []string{TenantAIKey}

func buildTenants(c *core.Collection) {
	c.Fields.Add(
		&core.TextField{Name: "name", Required: true, Max: 120},
		&core.TextField{Name: "slug", Required: true, Max: 80, Pattern: `^[a-z0-9][a-z0-9-]*$`},
		&core.RelationField{Name: "plan", CollectionId: PlansId, Required: true, MaxSelect: 1},
		&core.SelectField{Name: "status", Required: true, MaxSelect: 1, Values: []string{TenantTrialing, TenantActive, TenantPastDue, TenantSuspended}},
		&core.NumberField{Name: "plan_credits", OnlyInt: true, Help: "monthly plan credits left; reset each period"},
		&core.NumberField{Name: "topup_credits", OnlyInt: true, Help: "purchased credits; never expire, spent second"},
		&core.DateField{Name: "credits_reset_at"},
		&core.TextField{Name: "stripe_customer_id", Hidden: true, Max: 200},
		&core.TextField{Name: "stripe_subscription_id", Hidden: true, Max: 200},
		&core.DateField{Name: "past_due_since", Hidden: true, Help: "when the first unpaid invoice failed; suspended after the grace period"},
		&core.DateField{Name: "paid_through", Hidden: true, Help: "end of the latest paid subscription period (older invoices change nothing)"},
		&core.NumberField{Name: "ai_cap_daily_usd", Hidden: true, Min: num(0), Help: "operator's cap on the instance key's AI spend per UTC day; 0 = none"},
		&core.NumberField{Name: "ai_cap_monthly_usd", Hidden: true, Min: num(0), Help: "operator's cap on the instance key's AI spend per UTC month; 0 = none"},
		&core.TextField{Name: "ai_api_key", Hidden: true, Max: 2000, Help: "workspace's own AI key, encrypted at rest"},
		&core.JSONField{Name: "settings", MaxSize: 1 << 16},
	)
	Timestamps(c)
	c.AddIndex("idx_tenants_slug", true, "slug", "")
	c.AddIndex("idx_tenants_plan", false, "plan", "")
	read := Ptr(MemberRule("id", RoleViewer))
	// Owners rename and configure; plan, status, balances and slug only change
	// through billing code.
	update := Ptr(MemberRule("id", RoleOwner) +
		` && @request.body.plan:isset = false && @request.body.status:isset = false` +
		` && @request.body.plan_credits:isset = false && @request.body.topup_credits:isset = false` +
		` && @request.body.credits_reset_at:isset = false && @request.body.slug:isset = false`)
	SetRules(c, read, read, nil, update, Ptr(MemberRule("id", RoleOwner)))
}
