// Package modules is igny8's one wiring list: every package that registers
// into the PocketBase app, in the order they register. main.go and the test
// app factory (testapp) both wire from [List], so a test app is the real app
// minus what only a served binary needs, and a new package is added in one
// place.
//
// It lives in its own package because main cannot be imported and testapp is
// test code (the release binary must not depend on it); it imports every
// module, and nothing but main and testapp imports it.
package modules

import (
	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/autopilot"
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
	_ "github.com/igny8/igny8/pb_migrations" // the schema every module's collections come from
	public "github.com/igny8/igny8/pb_public"
	"github.com/igny8/igny8/planner"
	"github.com/igny8/igny8/ratelimit"
	"github.com/igny8/igny8/thinker"
	"github.com/igny8/igny8/wordpress"
	"github.com/igny8/igny8/workspaces"
	"github.com/igny8/igny8/wpimport"
	"github.com/igny8/igny8/writer"
	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"
)

// A Module is one package as the wiring list knows it: PocketBase's plugin
// shape (a Register that returns an error) plus, separately, the CLI commands
// it adds to the real binary.
type Module struct {
	// Name names the module in errors: its package path below the module root.
	Name string

	// Register binds the package's hooks, routes, job handlers and schedules
	// to app. It runs once per app, before the app starts.
	Register func(app core.App) error

	// Commands, when set, builds the package's CLI commands (`igny8 credits`,
	// `igny8 backup`, ...). Only the real binary has a root command to add them
	// to ([RegisterCommands]); a command's RunE uses app once PocketBase has
	// bootstrapped it.
	Commands func(app core.App) []*cobra.Command

	// BinaryOnly keeps the module out of test apps ([Options].TestApp): the
	// demo seeding reads the real server's address, and the embedded web app's
	// catch-all GET route and headers would answer every unknown path of every
	// package's tests. Their own tests register them explicitly, and the built
	// binary (testapp.Binary) runs them.
	BinaryOnly bool
}

// List returns every igny8 module in registration order, the order main.go
// has always used. Keep it: handlers of one event run in binding order, so
// the shared record policies (hooks) bind before any module's, and autopilot,
// whose steps enqueue planner, writer and wordpress jobs, registers after
// them (its Register says so). Append a new module at the end unless it must
// run before another.
func List() []Module {
	return []Module{
		{Name: "hooks", Register: hooks.Register, Commands: hooks.Commands},
		{Name: "ratelimit", Register: ratelimit.Register},
		{Name: "workspaces", Register: workspaces.Register},
		{Name: "billing", Register: billing.Register, Commands: billing.Commands},
		{Name: "billing/payments", Register: payments.Register, Commands: payments.Commands},
		{Name: "jobs", Register: jobs.Register},
		{Name: "ai", Register: ai.Register},
		{Name: "planner", Register: planner.Register},
		{Name: "writer", Register: writer.Register},
		{Name: "thinker", Register: thinker.Register},
		{Name: "wordpress", Register: wordpress.Register},
		{Name: "linker", Register: linker.Register},
		{Name: "autopilot", Register: autopilot.Register},
		{Name: "overlap", Register: overlap.Register},
		{Name: "optimizer", Register: optimizer.Register},
		{Name: "demo", Register: demo.Register, BinaryOnly: true},
		{Name: "pb_public", Register: public.Register, BinaryOnly: true},
		{Name: "ops", Register: ops.Register, Commands: ops.Commands},
		{Name: "metrics", Register: metrics.Register},
		{Name: "wpimport", Register: wpimport.Register, Commands: wpimport.Commands},
		{Name: "exports", Register: exports.Register},
		{Name: "notify", Register: notify.Register},
	}
}
