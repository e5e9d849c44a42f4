package wordpress_test

import (
	"context"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/wordpress"
)

// TestStaleRetryKeepsNewerOutcome: a publish job fails while WordPress is down
// and waits for its retry; a later publish succeeds; WordPress goes down again
// and the first job's retry runs. The retry is a no-op: the content stays
// published (no failed status, no error), the job succeeds saying why.
func TestStaleRetryKeepsNewerOutcome(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	clock := testapp.NewClock(time.Now().UTC().Truncate(time.Second))
	jobs.SetClock(app, clock)
	site := sitesFor(t, app)["rest"]
	proxy := newFaultProxy(t, site.GetString("url"))
	site.Set("url", proxy.URL)
	if err := app.Save(site); err != nil {
		t.Fatal(err)
	}
	site.Set("status", wordpress.SiteConnected) // as a passing check would
	if err := app.Save(site); err != nil {
		t.Fatal(err)
	}
	down := func(d bool) { proxy.down.Store(d) }
	content := newContent(t, app, site, "Stale retry "+time.Now().Format("150405.000"), 0)

	down(true) // WordPress down
	job, err := wordpress.EnqueuePublish(app, content, "publish", "")
	if err != nil {
		t.Fatal(err)
	}
	if j := runJob(t, app, job.Id); j.GetString("status") != "queued" || j.GetInt("attempts") != 1 {
		t.Fatalf("first attempt: job %s after %d attempts (%s)", j.GetString("status"), j.GetInt("attempts"), j.GetString("error"))
	}
	if got := reload(t, app, content).GetString("publish_status"); got != collections.PublishFailed {
		t.Fatalf("after the failed attempt: %s", got)
	}

	down(false) // back: a later click publishes
	res, err := wordpress.Publish(context.Background(), app, content.Id)
	if err != nil || res.Status != "publish" {
		t.Fatalf("later publish: %+v %v", res, err)
	}

	down(true) // down again when the retry comes
	clock.Add(3 * time.Hour)
	j := runJob(t, app, job.Id)
	c := reload(t, app, content)
	if c.GetString("publish_status") != collections.PublishPublished || c.GetString("publish_error") != "" || c.GetInt("wp_post_id") != res.PostID {
		t.Fatalf("the stale retry overwrote the newer outcome: %s %q (job %s: %s)",
			c.GetString("publish_status"), c.GetString("publish_error"), j.GetString("status"), j.GetString("error"))
	}
	if j.GetString("status") != "succeeded" {
		t.Fatalf("stale retry: job %s (%s)", j.GetString("status"), j.GetString("error"))
	}
}

// TestStaleUnpublishRetry: an unpublish job that failed must not unpublish the
// post after a later publish job succeeded.
func TestStaleUnpublishRetry(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	clock := testapp.NewClock(time.Now().UTC().Truncate(time.Second))
	jobs.SetClock(app, clock)
	site := sitesFor(t, app)["rest"]
	proxy := newFaultProxy(t, site.GetString("url"))
	site.Set("url", proxy.URL)
	if err := app.Save(site); err != nil {
		t.Fatal(err)
	}
	site.Set("status", wordpress.SiteConnected) // as a passing check would
	if err := app.Save(site); err != nil {
		t.Fatal(err)
	}
	down := func(d bool) { proxy.down.Store(d) }
	content := newContent(t, app, site, "Stale unpublish "+time.Now().Format("150405.000"), 0)
	if _, err := wordpress.Publish(context.Background(), app, content.Id); err != nil {
		t.Fatal(err)
	}
	down(true)
	un, err := wordpress.EnqueuePublish(app, reload(t, app, content), "unpublish", "")
	if err != nil {
		t.Fatal(err)
	}
	if j := runJob(t, app, un.Id); j.GetString("status") != "queued" {
		t.Fatalf("unpublish attempt: %s (%s)", j.GetString("status"), j.GetString("error"))
	}
	down(false)
	clock.Add(time.Second)
	pub, err := wordpress.EnqueuePublish(app, reload(t, app, content), "publish", "")
	if err != nil || pub.Id == un.Id {
		t.Fatalf("later publish job: %v", err)
	}
	if j := runJob(t, app, pub.Id); j.GetString("status") != "succeeded" {
		t.Fatalf("later publish: %s (%s)", j.GetString("status"), j.GetString("error"))
	}
	clock.Add(3 * time.Hour)
	if j := runJob(t, app, un.Id); j.GetString("status") != "succeeded" {
		t.Fatalf("stale unpublish: %s (%s)", j.GetString("status"), j.GetString("error"))
	}
	var post struct{ Status string }
	wpGet(t, testWP(t, 1), "/wp/v2/posts/"+itoa(reload(t, app, content).GetInt("wp_post_id")), nil, &post)
	if c := reload(t, app, content); c.GetString("publish_status") != collections.PublishPublished || post.Status != "publish" {
		t.Fatalf("the stale unpublish ran: content %s, post %s", c.GetString("publish_status"), post.Status)
	}
}
