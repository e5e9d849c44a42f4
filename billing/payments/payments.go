// Package payments is igny8's side of Stripe: Checkout Sessions for plans and
// credit packs, the Customer Portal, the workspace's invoices and plan/usage
// summary, the signed webhook that applies each event exactly once, and
// `igny8 billing sync-plans`. No card data ever reaches igny8: customers pay
// on Stripe's pages and igny8 acts on Stripe's events.
//
// It lives apart from package billing (the ledger) because its routes need
// tenancy's roles and error mapper, and tenancy itself imports billing for the
// credit errors. Every change of credits still goes through billing.Append
// with the Stripe object's id in the idempotency key.
//
// Without STRIPE_SECRET_KEY the routes answer 503 "billing is not configured"
// and igny8 runs self-hosted: operators set plans in the admin UI and grant
// credits with `igny8 credits grant`.
package payments

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/spf13/cobra"
)

// Hook ids, exported so tests and other packages can order around them.
const (
	HookServe        = "igny8.payments.serve"
	webhookBodyLimit = 1 << 20
)

// Register reads the Stripe configuration from the environment, binds the AI spend recorder,
// and mounts the billing routes (`igny8 billing sync-plans` comes from [Commands]).
func Register(app core.App) error {
	Configure(app, ConfigFromEnv())
	bindAISpend(app)
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{Id: HookServe, Func: func(se *core.ServeEvent) error {
		g := se.Router.Group("/api/igny8/billing")
		g.POST("/webhook", webhookRoute).BindFunc(limitBody(webhookBodyLimit))
		g.POST("/workspaces/{tenant}/checkout", checkoutRoute)
		g.POST("/workspaces/{tenant}/portal", portalRoute)
		g.GET("/workspaces/{tenant}/invoices", invoicesRoute)
		g.GET("/workspaces/{tenant}/summary", summaryRoute)
		g.GET("/workspaces/{tenant}/ledger.csv", ledgerCSVRoute)
		return se.Next()
	}})
	return nil
}

// Commands returns `igny8 billing` for the real binary; the wiring list
// (modules.RegisterCommands) adds it to the root command.
func Commands(app core.App) []*cobra.Command {
	return []*cobra.Command{NewBillingCommand(app)}
}

// MustRegister is [Register] that panics on an error.
func MustRegister(app core.App) {
	if err := Register(app); err != nil {
		panic(err)
	}
}
