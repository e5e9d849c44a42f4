package wordpress

import (
	"context"
	"errors"
	"fmt"
	"net"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/overlap"
	"github.com/igny8/igny8/tools/wpclient"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
)

// PublishPayload is the payload of a wordpress.publish job.
type PublishPayload struct {
	// Action is "publish" (default) or "unpublish".
	Action string `json:"action,omitempty"`
}

// handlePublish runs a publish job. Errors WordPress will repeat (401, 403,
// 400, a missing post) fail the job at once; server errors, timeouts and a
// degraded site are retried with backoff.
func handlePublish(ctx context.Context, job *jobs.Job) error {
	app := job.App()
	content, err := app.FindRecordById(collections.Contents, job.Target())
	if err != nil {
		return jobs.Permanent(fmt.Errorf("content %s: %w", job.Target(), err))
	}
	if content.GetString("tenant") != job.Tenant() {
		return jobs.Permanent(fmt.Errorf("content %s is not in the job's workspace", content.Id))
	}
	var p PublishPayload
	if err := job.Payload(&p); err != nil {
		return err
	}
	if p.Action != "unpublish" {
		// the cannibalisation check, whoever queued the publish (the route
		// checked already; the automation did not): an undecided overlap
		// fails the job at once, naming the page
		if err := overlap.BeforePublish(ctx, app, content); err != nil {
			if ae, ok := errors.AsType[*router.ApiError](err); ok {
				return jobs.Permanent(errors.New(ae.Message))
			}
			return err
		}
	}
	ctx = reportWaiting(ctx, job)
	res, err := withContent(app, content.Id, func(t Transport, content, site *core.Record) (*Result, error) {
		if why := superseded(app, job, p.Action, content); why != "" {
			return &Result{PostID: content.GetInt("wp_post_id"), Status: content.GetString("wp_status"),
				Link: content.GetString("wp_url"), Transport: t.Name(), Skipped: why}, nil
		}
		if p.Action == "unpublish" {
			return unpublishWith(ctx, app, t, content)
		}
		return publishWith(ctx, app, t, content, site)
	})
	if err != nil {
		return classify(err)
	}
	job.SetResult(res)
	return nil
}

// superseded says why job must leave content alone ("" when it may run): a
// publish job of the content queued after this one has already succeeded (its
// outcome is newer than anything this job could write), or this job is a
// retry of a publish and the content is already published or scheduled (a
// later run did the work while this one waited). Checked under the content's
// lock, so the state read is the one the job would overwrite.
func superseded(app core.App, job *jobs.Job, action string, content *core.Record) string {
	later, err := app.FindFirstRecordByFilter(collections.Jobs,
		"type = {:type} && target = {:target} && status = 'succeeded' && id != {:id} && created > {:created}",
		dbx.Params{"type": JobPublish, "target": content.Id, "id": job.Id(), "created": job.Record.GetDateTime("created").String()})
	if err == nil && later != nil {
		return "superseded by the later publish job " + later.Id
	}
	if action != "unpublish" && job.Attempt() > 1 {
		switch content.GetString("publish_status") {
		case collections.PublishPublished, collections.PublishScheduled:
			return "already " + content.GetString("publish_status") + " by a later run"
		}
	}
	return ""
}

// classify marks errors that retrying cannot fix as permanent: WordPress's
// 4xx (wrong credentials, missing capability, bad input) and igny8's own
// (missing content, nothing to unpublish, undecryptable secret). Server
// errors, rate limits, network errors and a degraded site are retried.
func classify(err error) error {
	var ae *wpclient.APIError
	if errors.As(err, &ae) {
		if ae.Temporary() {
			return err
		}
		return jobs.Permanent(err)
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, wpclient.ErrSiteDegraded) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return jobs.Permanent(err)
}

// EnqueuePublish queues a publish or unpublish job for content (routes,
// schedules and other modules call it). The engine's active key is the
// duplicate-click rule: clicks while the content's publish (or unpublish) job
// is queued or running get that job; a publish after it finished (after an
// edit or a failure) gets a new one.
func EnqueuePublish(app core.App, content *core.Record, action, createdBy string) (*core.Record, error) {
	return jobs.Enqueue(app, jobs.EnqueueParams{
		Tenant: content.GetString("tenant"), Site: content.GetString("site"), Type: JobPublish,
		TargetCollection: collections.Contents, Target: content.Id, Payload: PublishPayload{Action: action},
		ActiveKey: jobs.ActiveKey(JobPublish, content.Id, action), CreatedBy: createdBy,
	})
}
