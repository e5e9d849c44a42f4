package wordpress

import (
	"context"
	"fmt"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/pocketbase/pocketbase/core"
)

// siteJob is the handler of a job that works on a whole site (sync, index):
// it loads the job's site, refuses one outside the job's workspace for good,
// runs fn with the rate-limit waits reported on the job and stores fn's
// answer as the job's result.
func siteJob[R any](fn func(ctx context.Context, app core.App, site *core.Record) (R, error)) jobs.HandlerFunc {
	return func(ctx context.Context, job *jobs.Job) error {
		app := job.App()
		site, err := app.FindRecordById(collections.Sites, job.Site())
		if err != nil {
			return jobs.Permanent(fmt.Errorf("site %s: %w", job.Site(), err))
		}
		if site.GetString("tenant") != job.Tenant() {
			return jobs.Permanent(fmt.Errorf("site %s is not in the job's workspace", site.Id))
		}
		res, err := fn(reportWaiting(ctx, job), app, site)
		if err != nil {
			return classify(err)
		}
		job.SetResult(res)
		return nil
	}
}

// enqueueSiteJob queues a free job of type typ on site, one at a time per
// site (a second click gets the queued or running one).
func enqueueSiteJob(app core.App, site *core.Record, typ, createdBy string) (*core.Record, error) {
	return jobs.Enqueue(app, jobs.EnqueueParams{
		Tenant: site.GetString("tenant"), Site: site.Id, Type: typ, TargetCollection: collections.Sites, Target: site.Id,
		ActiveKey: jobs.ActiveKey(typ, site.Id), CreatedBy: createdBy,
	})
}

// siteJobSchedule is a per-site schedule that queues one job of type typ per
// window for a connected site; new, failing, degraded and disconnected sites
// wait for a passing check, as for publishing.
func siteJobSchedule(typ string) jobs.ScheduleFunc {
	return func(_ context.Context, app core.App, site *core.Record, _ int) (int, error) {
		switch site.GetString("status") {
		case SiteNew, "", SiteDegraded, SiteError, SiteDisconnected:
			return 0, nil
		}
		if _, err := enqueueSiteJob(app, site, typ, ""); err != nil {
			return 0, err
		}
		return 1, nil
	}
}
