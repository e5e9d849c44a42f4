package payments

import (
	"net/http"
	"time"

	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/pocketbase/pocketbase/core"
)

// summaryRoute (every member) answers the workspace's plan, status, balances,
// period and usage against the plan's limits (with what to remove or which
// plan fits when over them), whether Stripe is configured, and the AI cost caps (with the reason AI work
// waits when one is reached). It works
// without Stripe: a self-hosted instance shows the same summary.
func summaryRoute(e *core.RequestEvent) error {
	tenantId := e.Request.PathValue("tenant")
	if _, err := tenancy.Require(e.App, e.Auth, tenantId, collections.RoleViewer); err != nil {
		return err
	}
	t, err := e.App.FindRecordById(collections.Tenants, tenantId)
	if err != nil {
		return err
	}
	plan, err := e.App.FindRecordById(collections.Plans, t.GetString("plan"))
	if err != nil {
		return err
	}
	fit, err := billing.CheckFit(e.App, t.Id, plan)
	if err != nil {
		return err
	}
	bal, err := billing.GetBalance(e.App, t.Id)
	if err != nil {
		return err
	}
	out := map[string]any{
		"stripe": stateOf(e.App).client != nil,
		"plan": map[string]any{"code": plan.GetString("code"), "name": plan.GetString("name"), "priceUsd": plan.GetFloat("price_usd"),
			"monthlyCredits": plan.GetInt("monthly_credits"), "maxUsers": plan.GetInt("max_users"), "maxSites": plan.GetInt("max_sites")},
		"status":         t.GetString("status"),
		"subscribed":     t.GetString("stripe_subscription_id") != "",
		"balance":        map[string]any{"plan": bal.Plan, "topup": bal.Topup, "total": bal.Total()},
		"creditsResetAt": dateOrNil(t, "credits_reset_at"),
		"paidThrough":    dateOrNil(t, "paid_through"),
		"fit":            fit,
		"packs":          Packs,
	}
	caps, err := billing.AICaps(e.App, t, ai.CurrentConfig(e.App).Now())
	if err != nil {
		return err
	}
	out["aiCaps"] = caps
	if since := t.GetDateTime("past_due_since").Time(); !since.IsZero() {
		out["pastDueSince"] = since.Format(time.RFC3339)
		if t.GetString("status") == collections.TenantPastDue {
			out["suspendsAt"] = since.Add(billing.Grace()).Format(time.RFC3339)
		}
	}
	return e.JSON(http.StatusOK, out)
}

func dateOrNil(r *core.Record, field string) any {
	if d := r.GetDateTime(field); !d.IsZero() {
		return d.Time().Format(time.RFC3339)
	}
	return nil
}
