// Package billing owns igny8's credits: the cost table, the append-only credit
// ledger and the workspace balances it explains, the grant a new workspace gets
// and the monthly reset of plan credits. Stripe lives in billing/payments; jobs.Enqueue
// reserves credits through [Reserve] in the transaction that queues the job.
package billing

import (
	"errors"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/spf13/cobra"
)

// HookTenantGrant is the id of the hook that grants a new workspace its
// plan's credits; exported so tests and other packages can order around it.
const HookTenantGrant = "igny8.billing.tenantGrant"

// ErrNotConfigured is what the Stripe routes return on an instance without a
// Stripe key (self-hosted: operators change plans in the admin UI and grant
// credits with `igny8 credits grant`); tenancy.APIError answers it with 503.
var ErrNotConfigured = errors.New("billing is not configured")

// ErrPaymentProvider wraps a failed or refused call to Stripe; tenancy.APIError
// answers it with 502 and keeps Stripe's text (which may name ids) in the log.
var ErrPaymentProvider = errors.New("the payment provider did not answer as expected")

// HookCostsRoute is the id of the serve hook that mounts the cost table route.
const HookCostsRoute = "igny8.billing.costsRoute"

// Register binds the tenant grant hook, the balance guard and the cost route
// (the `credits` command comes from [Commands]).
func Register(app core.App) error {
	collections.RememberRootApp(app)
	bindTenantGrant(app)
	bindBalanceGuard(app)
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{Id: HookCostsRoute, Func: func(se *core.ServeEvent) error {
		se.Router.GET("/api/igny8/costs", costsRoute)
		return se.Next()
	}})
	return nil
}

// Commands returns `igny8 credits` for the real binary; the wiring list
// (modules.RegisterCommands) adds it to the root command.
func Commands(app core.App) []*cobra.Command {
	return []*cobra.Command{NewCreditsCommand(app)}
}

// MustRegister is [Register] that panics on an error.
func MustRegister(app core.App) {
	if err := Register(app); err != nil {
		panic(err)
	}
}
