package migrations

import (
	"slices"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The Stripe webhook gets its own rate-limit rule (3000 per minute per IP):
// Stripe sends every event from a few addresses, and under the guest rule
// ("/api/", 100 per minute per IP) a burst such as a renewal day's invoices
// answered 429, which Stripe retries for days and the webhook alert counts
// as failures. An operator's own rule with this label is kept. The down
// removes the rule.
const webhookRateLabel = "POST /api/igny8/billing/webhook"

func init() {
	m.Register(func(app core.App) error {
		s := app.Settings()
		if slices.ContainsFunc(s.RateLimits.Rules, func(r core.RateLimitRule) bool { return r.Label == webhookRateLabel }) {
			return nil
		}
		s.RateLimits.Rules = append(s.RateLimits.Rules, core.RateLimitRule{Label: webhookRateLabel, MaxRequests: 3000, Duration: 60})
		return app.Save(s)
	}, func(app core.App) error {
		s := app.Settings()
		s.RateLimits.Rules = slices.DeleteFunc(s.RateLimits.Rules, func(r core.RateLimitRule) bool { return r.Label == webhookRateLabel })
		return app.Save(s)
	})
}
