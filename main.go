// Command igny8 is the self-hostable AI SEO content platform: PocketBase plus
// igny8's collections, hooks, routes and workers, in one binary.
package main

import (
	"github.com/igny8/igny8/autopilot"
	"log"

	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/billing/payments"
	"github.com/igny8/igny8/demo"
	"github.com/igny8/igny8/exports"
	"github.com/igny8/igny8/hooks"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/linker"
	"github.com/igny8/igny8/metrics"
	"github.com/igny8/igny8/notify"
	"github.com/igny8/igny8/ops"
	"github.com/igny8/igny8/optimizer"
	"github.com/igny8/igny8/overlap"
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
	app := pocketbase.NewWithConfig(appConfig())

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
	linker.Register(app)
	autopilot.Register(app)
	overlap.Register(app)
	optimizer.Register(app)
	demo.Register(app)
	public.Register(app)
	ops.Register(app)
	metrics.Register(app)
	wpimport.Register(app)
	exports.Register(app)
	notify.Register(app)

	if err := app.Start(); err != nil {
		log.Fatal(err)
	}
}

// appConfig is igny8's PocketBase configuration.
//
// Dev mode only with an explicit --dev: pocketbase.New turns it on for any
// binary under the temp dir (it takes that for `go run`), and dev mode prints
// every SQL statement — password hashes and token keys included.
//
// The read pool opens at most readConns SQLite connections and keeps all of
// them idle (PocketBase: 120 open, 15 idle). With 15 idle, every burst of more
// than 15 concurrent reads closed the extra connections as they were returned
// and opened new ones for the next burst; a new connection runs its pragmas,
// parses the whole schema and starts with an empty page cache. Under
// bench/load that was the only wait of read requests for the database (88 s
// of goroutine time per 40 s in dsnConnector.Connect, about 20 ms per read).
// More than readConns concurrent SQLite readers do not make reads faster
// (they are CPU work, contended on SQLite's page-cache mutex); the limit also
// bounds the page caches and memory maps (see dbConnect) a burst leaves
// behind. Idle connections still close after PocketBase's 3 minutes.
func appConfig() pocketbase.Config {
	return pocketbase.Config{DefaultDev: false, DBConnect: dbConnect, DataMaxOpenConns: readConns, DataMaxIdleConns: readConns}
}

// readConns is the size of the read connection pool (see appConfig).
const readConns = 32
