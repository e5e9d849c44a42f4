// Package billing owns igny8's credits: the cost table, the append-only credit
// ledger and the workspace balances it explains, the grant a new workspace gets
// and the monthly reset of plan credits. Stripe lives elsewhere; jobs.Enqueue
// reserves credits through [Reserve] in the transaction that queues the job.
package billing

import (
	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/core"
)

// Hook and route ids, exported so tests and other packages can order around them.
const (
	HookTenantGrant = "igny8.billing.tenantGrant"
	RouteCosts      = "igny8.billing.costs"
)

// Register binds the tenant grant hook, the cost route and, for the real
// binary, the `credits` command.
func Register(app core.App) {
	collections.RememberRootApp(app)
	bindTenantGrant(app)
	bindBalanceGuard(app)
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET("/api/igny8/costs", costsRoute)
		return se.Next()
	})
	if pb, ok := app.(*pocketbase.PocketBase); ok {
		pb.RootCmd.AddCommand(NewCreditsCommand(app))
	}
}
