// Command igny8 is the self-hostable AI SEO content platform: PocketBase plus
// igny8's collections, hooks, routes and workers, in one binary.
package main

import (
	"log"

	"github.com/igny8/igny8/modules"
	"github.com/pocketbase/pocketbase"
)

// main builds the app, wires every package from the one list (modules.List:
// hooks, routes, jobs, schedules), adds their commands to the CLI, and runs
// PocketBase's command line (`serve` by default).
func main() {
	app := pocketbase.NewWithConfig(appConfig())
	modules.MustRegister(app, modules.Options{})
	modules.MustRegisterCommands(app, app.RootCmd)

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
