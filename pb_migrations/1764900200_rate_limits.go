package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Rate limits on by default (PocketBase ships them off). Editable in the admin
// UI under Settings → Rate limits; docs/SECURITY.md explains each rule.
// PocketBase applies the per-IP rules; igny8:user (per signed-in user) and
// igny8:tenant_ai (per workspace, on routes that spend AI credits) are applied
// by the ratelimit package, since PocketBase keys every rule by IP.
func init() {
	m.Register(func(app core.App) error {
		s := app.Settings()
		s.RateLimits.Enabled = true
		s.RateLimits.Rules = []core.RateLimitRule{
			{Label: "*:auth", MaxRequests: 10, Duration: 60},                 // sign-in attempts (password, OAuth2, OTP) per IP
			{Label: "*:requestOTP", MaxRequests: 5, Duration: 60},            // one-time codes mailed per IP
			{Label: "*:requestPasswordReset", MaxRequests: 5, Duration: 600}, // reset mails per IP
			{Label: "*:requestVerification", MaxRequests: 5, Duration: 600},  // verification mails per IP
			{Label: "POST /api/igny8/auth/signup", MaxRequests: 5, Duration: 3600},
			{Label: "/api/", Audience: core.RateLimitRuleAudienceGuest, MaxRequests: 100, Duration: 60},
			{Label: "igny8:user", Audience: core.RateLimitRuleAudienceAuth, MaxRequests: 600, Duration: 60},
			{Label: "igny8:tenant_ai", MaxRequests: 30, Duration: 60},
		}
		return app.Save(s)
	}, func(app core.App) error {
		s := app.Settings()
		s.RateLimits.Enabled = false
		return app.Save(s)
	})
}
