// Package wordpress connects igny8 to WordPress sites and publishes to them:
// a resty client for the core REST API (Application Passwords) and for the
// igny8 bridge plugin (signed requests, plugin in plugin/igny8-bridge), the
// publish and sync logic, the connection doctor, their routes and job handlers.
package wordpress

import (
	"time"

	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/tools/wpclient"
	"github.com/pocketbase/pocketbase/core"
)

// Job types handled here.
const (
	JobPublish = "wordpress.publish"
	JobSync    = "wordpress.sync"
)

// SchedulePublishing is the per-site schedule type that publishes approved contents.
const SchedulePublishing = "publishing"

// ScheduleSync is the per-site schedule type that polls WordPress for changes
// (status, URL, text edited there, settings) and pushes the clusters; with the
// plugin its webhook brings post changes as they happen and this catches up.
const ScheduleSync = "sync"

// Register wires the routes and the job handlers (the publishing schedule is
// the autopilot's, which calls EnqueuePublish).
func Register(app core.App) error {
	jobs.Handle(app, JobPublish, handlePublish, jobs.HandlerOptions{
		Concurrency: 8, MaxAttempts: 5, Timeout: 10 * time.Minute, Backoff: publishBackoff,
	})
	jobs.Handle(app, JobSync, siteJob(Sync), jobs.HandlerOptions{Concurrency: 2, MaxAttempts: 3, Timeout: 5 * time.Minute})
	jobs.Handle(app, JobIndex, siteJob(IndexSite), jobs.HandlerOptions{Concurrency: 2, MaxAttempts: 3, Timeout: 10 * time.Minute})
	// the site index: once a day, cheap when nothing changed (site_index_job.go)
	jobs.RegisterSiteSchedule(app, jobs.SiteDefault{Type: ScheduleIndexing, Spec: "@every 24h", Batch: 1}, siteJobSchedule(JobIndex))
	jobs.RegisterSiteSchedule(app, jobs.SiteDefault{Type: ScheduleSync, Spec: "@every 1h", Batch: 1}, siteJobSchedule(JobSync))
	bindRoutes(app)
	bindPublisherFields(app)
	bindSettingsStamps(app)
	bindAdopt(app)
	bindSiteGuards(app)
	return nil
}

// MustRegister is [Register] that panics on an error.
func MustRegister(app core.App) {
	if err := Register(app); err != nil {
		panic(err)
	}
}

// publishBackoff waits at least a breaker cool-down, so a job of a degraded
// site does not spend its attempts while the site rests.
func publishBackoff(attempt int) time.Duration {
	d := wpclient.DefaultCooldown << (attempt - 1)
	if d > 2*time.Hour {
		d = 2 * time.Hour
	}
	return d
}
