// Package jobs is igny8's job engine: handlers registered by type, Enqueue and
// Cancel, a worker pool that claims jobs from the `jobs` collection atomically
// and fairly across workspaces, retries with backoff, lease recovery after a
// crash, and the scheduler that turns per-site cadences into jobs. The queue
// is a PocketBase collection so job status passes through API rules and
// realtime like every other record.
package jobs

import (
	"os"
	"strconv"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// Hook and cron ids, exported so tests and other packages can find,
// unbind or order around them.
const (
	HookServe         = "igny8.jobs.serve"
	HookTerminate     = "igny8.jobs.terminate"
	HookSiteSchedules = "igny8.jobs.siteSchedules"
	HookScheduleSpec  = "igny8.jobs.scheduleSpec"
	CronScheduler     = "igny8_scheduler"
)

// Environment variables read by the engine (documented in docs/JOBS.md).
const (
	EnvWorkers           = "IGNY8_WORKERS"
	EnvTenantConcurrency = "IGNY8_TENANT_CONCURRENCY"
	EnvLease             = "IGNY8_JOB_LEASE"
	EnvRetentionDays     = "IGNY8_JOB_RETENTION_DAYS"
	EnvTestHandlers      = "IGNY8_TEST_HANDLERS" // only in a build with -tags igny8test
	// BuildTagTest is the build tag that compiles the test-only handlers and
	// routes in (testapp.Binary uses it; release builds never do).
	BuildTagTest = "igny8test"
)

// Register wires the engine into app: job and schedule handlers of the
// package, the hooks that create site schedules, the queue route, and — when
// the app really serves HTTP — the workers and the scheduler's cron entry.
// Tests start an engine themselves with [Start].
func Register(app core.App) error {
	reg := registryOf(app)
	registerBuiltins(app)
	bindScheduleHooks(app)
	if testHandlersEnabled() {
		registerTestHandlers(app)
	}
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: HookServe,
		Func: func(se *core.ServeEvent) error {
			bindRoutes(se)
			if se.Server != nil { // a real server, not a tests.ApiScenario
				if n, err := BackfillSiteSchedules(se.App); err != nil {
					se.App.Logger().Error("site schedules backfill", "error", err)
				} else if n > 0 {
					se.App.Logger().Info("site schedules backfill: created the schedules sites lacked", "created", n)
				}
				se.App.Cron().MustAdd(CronScheduler, "* * * * *", func() {
					if _, err := Tick(se.App); err != nil {
						se.App.Logger().Error("scheduler tick", "error", err)
					}
				})
				if n := envInt(EnvWorkers, DefaultWorkers); n > 0 {
					e, err := Start(se.App, OptionsFromEnv())
					if err != nil {
						return err
					}
					reg.setServeEngine(e)
				}
			}
			return se.Next()
		},
	})
	app.OnTerminate().Bind(&hook.Handler[*core.TerminateEvent]{
		Id: HookTerminate,
		Func: func(te *core.TerminateEvent) error {
			if e := reg.serveEngine(); e != nil {
				e.Stop()
			}
			return te.Next()
		},
	})
	return nil
}

// MustRegister is [Register] that panics on an error.
func MustRegister(app core.App) {
	if err := Register(app); err != nil {
		panic(err)
	}
}

// OptionsFromEnv reads the engine options from the environment.
func OptionsFromEnv() Options {
	return Options{
		Workers:           envInt(EnvWorkers, DefaultWorkers),
		TenantConcurrency: envInt(EnvTenantConcurrency, 0),
		Lease:             envDuration(EnvLease, 0),
	}
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v >= 0 {
		return v
	}
	return def
}

func envDuration(name string, def time.Duration) time.Duration {
	if v, err := time.ParseDuration(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}
