// Package exports builds a workspace's export: its keywords and clusters as
// CSV and its articles as HTML and Markdown with their images, in one zip made
// by an export.workspace job. The job streams every row and file into a zip on
// disk (one page of rows and one file at a time in memory), stores it as the
// protected file of an exports record that only the workspace's admins read,
// and the hourly clean-up deletes it once it expires.
//
// Export is a read: it is offered to suspended workspaces (which are
// read-only) and before deleting a workspace.
package exports

import (
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// Hook, cron and job ids.
const (
	HookServe   = "igny8.exports.serve"
	CronCleanup = "igny8.exports.cleanup"
	// TypeExport is the job that builds one export zip (target: the exports record).
	TypeExport = "export.workspace"
)

// TTL is how long an export stays downloadable before the clean-up deletes it.
const TTL = 7 * 24 * time.Hour

// Register binds the export route, the job handler and the hourly clean-up.
func Register(app core.App) error {
	collections.RememberRootApp(app)
	jobs.Handle(app, TypeExport, runExport, jobs.HandlerOptions{MaxAttempts: 2, Timeout: 2 * time.Hour, Concurrency: 1})
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{Id: HookServe, Func: func(se *core.ServeEvent) error {
		se.Router.POST("/api/igny8/workspaces/{tenant}/export", createRoute)
		return se.Next()
	}})
	return app.Cron().Add(CronCleanup, "17 * * * *", func() {
		if n, err := Cleanup(app); err != nil {
			app.Logger().Error("exports: clean-up", "error", err)
		} else if n > 0 {
			app.Logger().Info("exports: expired exports deleted", "count", n)
		}
	})
}

// MustRegister is [Register] that panics on an error.
func MustRegister(app core.App) {
	if err := Register(app); err != nil {
		panic(err)
	}
}
