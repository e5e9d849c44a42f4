// Command igny8 is the self-hostable AI SEO content platform: PocketBase plus
// igny8's collections, hooks, routes and workers, in one binary.
package main

import (
	"log"

	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/billing/payments"
	"github.com/igny8/igny8/demo"
	"github.com/igny8/igny8/hooks"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/metrics"
	"github.com/igny8/igny8/ops"
	_ "github.com/igny8/igny8/pb_migrations"
	public "github.com/igny8/igny8/pb_public"
	"github.com/igny8/igny8/planner"
	"github.com/igny8/igny8/ratelimit"
	"github.com/igny8/igny8/thinker"
	"github.com/igny8/igny8/wordpress"
	"github.com/igny8/igny8/workspaces"
	"github.com/igny8/igny8/wpimport"
	"github.com/igny8/igny8/writer"
	"github.com/pocketbase/pocketbase"
)

func main() {
	// Dev mode only with an explicit --dev: pocketbase.New turns it on for any
	// binary under the temp dir (it takes that for `go run`), and dev mode
	// prints every SQL statement — password hashes and token keys included.
	app := pocketbase.NewWithConfig(pocketbase.Config{DefaultDev: false})

	hooks.Register(app)
	ratelimit.Register(app)
	workspaces.Register(app)
	billing.Register(app)
	payments.Register(app)
	jobs.Register(app)
	ai.Register(app)
	planner.Register(app)
	writer.Register(app)
	thinker.Register(app)
	wordpress.Register(app)
	demo.Register(app)
	public.Register(app)
	ops.Register(app)
	metrics.Register(app)
	wpimport.Register(app)

	if err := app.Start(); err != nil {
		log.Fatal(err)
	}
}
