package wordpress_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/wordpress"
)

// TestPublishNowAfterSchedule: a post handed to WordPress as scheduled
// ("future") and then published at once (the web app's "Publish now", which
// drops scheduled_at) goes live now on both transports. WordPress keeps a post
// whose date is ahead as "future" whatever status it is sent, so the publisher
// sends the date too.
func TestPublishNowAfterSchedule(t *testing.T) {
	t.Parallel()
	for _, transport := range []string{"rest", "bridge"} {
		t.Run(transport, func(t *testing.T) {
			t.Parallel()
			app := testapp.New(t)
			site := sitesFor(t, app)[transport]
			wp := testWP(t, map[string]int{"rest": 1, "bridge": 2}[transport])
			c := newContent(t, app, site, "Scheduled then now "+transport+" "+time.Now().Format("150405.000"), 0)
			c.Set("scheduled_at", time.Now().Add(48*time.Hour).UTC())
			if err := app.Save(c); err != nil {
				t.Fatal(err)
			}
			res, err := wordpress.Publish(context.Background(), app, c.Id)
			if err != nil || res.Status != "future" {
				t.Fatalf("schedule: %v, status %q", err, res.Status)
			}
			c = reload(t, app, c)
			c.Set("scheduled_at", "")
			if err := app.Save(c); err != nil {
				t.Fatal(err)
			}
			res, err = wordpress.Publish(context.Background(), app, c.Id)
			if err != nil {
				t.Fatalf("publish now: %v", err)
			}
			var post struct {
				Status  string `json:"status"`
				DateGMT string `json:"date_gmt"`
			}
			wpGet(t, wp, "/wp/v2/posts/"+itoa(res.PostID), url.Values{"context": {"edit"}}, &post)
			if res.Status != "publish" || post.Status != "publish" {
				t.Fatalf("published now: result %q, WordPress %q", res.Status, post.Status)
			}
			at, err := time.Parse("2006-01-02T15:04:05", post.DateGMT)
			if err != nil || at.After(time.Now().Add(time.Hour)) {
				t.Fatalf("post date %q is still ahead", post.DateGMT)
			}
			if got := reload(t, app, c).GetString("publish_status"); got != collections.PublishPublished {
				t.Fatalf("publish_status %q", got)
			}
		})
	}
}
