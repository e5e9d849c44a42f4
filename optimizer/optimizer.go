// Package optimizer finds published posts that need a refresh — age past
// the site's refresh_after_days, thin content, keywords of their cluster the
// text misses, clicks or positions falling in the imported Search Console
// history (page_metrics) — and turns each into a refresh (collections.
// Refreshes). Running a refresh rewrites the post's sections with AI as a new
// version of its content, for review; once approved it republishes through
// the WordPress publisher to the same post id.
package optimizer

import (
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/overlap"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// Job and schedule types, hook ids.
const (
	JobScan        = "optimizer.scan"
	JobRefresh     = "optimizer.refresh"
	ScheduleType   = "optimizer"
	HookPublished  = "igny8.optimizer.published"
	DefaultRefresh = 180 // days: a site's refresh_after_days when it sets none
	// ThinWords: a post with fewer words is thin.
	ThinWords = 600
)

// Register wires the jobs, the per-site schedule, the routes, the merge of
// an overlap into a refresh and the hook that closes a republished refresh.
func Register(app core.App) error {
	jobs.Handle(app, JobScan, handleScan, jobs.HandlerOptions{Concurrency: 2, MaxAttempts: 3, Timeout: 5 * time.Minute})
	jobs.Handle(app, JobRefresh, handleRefresh, jobs.HandlerOptions{Concurrency: 4, MaxAttempts: 3, Timeout: 10 * time.Minute})
	jobs.RegisterSiteSchedule(app, jobs.SiteDefault{Type: ScheduleType, Spec: "@every 24h", Batch: 1}, scheduleScan)
	overlap.SetMerge(merge)
	bindRoutes(app)
	app.OnRecordAfterUpdateSuccess(collections.Contents).Bind(&hook.Handler[*core.RecordEvent]{
		Id: HookPublished,
		Func: func(e *core.RecordEvent) error {
			c := e.Record
			// the publisher marks a content published (editorially) each time a
			// publish succeeds: an approved refresh has gone live
			o := c.Original()
			if c.GetString("publish_status") == collections.PublishPublished && (o.GetString("publish_status") != collections.PublishPublished ||
				(c.GetString("status") == collections.ContentPublished && o.GetString("status") != collections.ContentPublished)) {
				list, err := app.FindAllRecords(collections.Refreshes, dbx.HashExp{"content": c.Id, "status": collections.RefreshReview})
				if err == nil {
					for _, r := range list {
						r.Set("status", collections.RefreshPublished)
						if err := app.Save(r); err != nil {
							app.Logger().Warn("optimizer: could not close a refresh", "refresh", r.Id, "error", err)
						}
					}
				}
			}
			return e.Next()
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
