package wordpress_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/wordpress"
)

// wpSetStatus changes a post's status (or trashes it) in WordPress, as a site editor would.
func wpSetStatus(t testing.TB, wp wpSite, id int, status string) {
	t.Helper()
	method, body := http.MethodPost, `{"status":"`+status+`"}`
	if status == "trash" {
		method, body = http.MethodDelete, ""
	}
	req, _ := http.NewRequest(method, wp.URL+"/wp-json/wp/v2/posts/"+itoa(id), strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.SetBasicAuth(wp.User, wp.AppPassword)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("set status %s: %v %v", status, err, resp)
	}
	resp.Body.Close()
}

// TestSync changes posts in WordPress and checks that a sync brings the
// changes into igny8 and reads the site's settings.
func TestSync(t *testing.T) {
	t.Parallel()
	for _, transport := range []string{"rest", "bridge"} {
		t.Run(transport, func(t *testing.T) {
			t.Parallel()
			app := testapp.New(t)
			site := sitesFor(t, app)[transport]
			wp := testWP(t, map[string]int{"rest": 1, "bridge": 2}[transport])
			site.Set("defaults", map[string]any{"post_status": "publish", "images_per_article": 3})
			if err := app.Save(site); err != nil {
				t.Fatal(err)
			}
			trashed := newContent(t, app, site, "Sync trashed "+time.Now().Format("150405.000"), 0)
			drafted := newContent(t, app, site, "Sync drafted "+time.Now().Format("150405.000"), 0)
			kept := newContent(t, app, site, "Sync kept "+time.Now().Format("150405.000"), 0)
			for _, c := range []string{trashed.Id, drafted.Id, kept.Id} {
				if _, err := wordpress.Publish(context.Background(), app, c); err != nil {
					t.Fatal(err)
				}
			}
			wpSetStatus(t, wp, reload(t, app, trashed).GetInt("wp_post_id"), "trash")
			wpSetStatus(t, wp, reload(t, app, drafted).GetInt("wp_post_id"), "draft")

			site = reload(t, app, site)
			res, err := wordpress.Sync(context.Background(), app, site)
			if err != nil {
				t.Fatalf("sync: %v", err)
			}
			if res.Updated < 2 || !res.Settings {
				t.Fatalf("sync result %+v", res)
			}
			for _, c := range []struct {
				id, wpStatus, publish string
			}{
				{trashed.Id, "trash", collections.PublishNone},
				{drafted.Id, "draft", collections.PublishNone},
				{kept.Id, "publish", collections.PublishPublished},
			} {
				r, _ := app.FindRecordById(collections.Contents, c.id)
				if r.GetString("wp_status") != c.wpStatus || r.GetString("publish_status") != c.publish {
					t.Errorf("%s: wp_status %q publish_status %q, want %q %q", r.GetString("title"), r.GetString("wp_status"), r.GetString("publish_status"), c.wpStatus, c.publish)
				}
			}
			site = reload(t, app, site)
			settings := site.GetString("wp_settings")
			if site.GetDateTime("last_sync").IsZero() || !strings.Contains(settings, `"igny8 Testing"`) || !strings.Contains(settings, `"authors"`) {
				t.Fatalf("settings not read: %s", settings)
			}
			if transport == "bridge" && !strings.Contains(settings, `"images_per_article":3`) {
				t.Fatalf("defaults not pushed to the plugin: %s", settings)
			}

			// Publishing the trashed content again brings back the same post.
			before := reload(t, app, trashed).GetInt("wp_post_id")
			res2, err := wordpress.Publish(context.Background(), app, trashed.Id)
			if err != nil {
				t.Fatal(err)
			}
			if res2.PostID != before {
				t.Fatalf("republish after trash made post %d, want %d", res2.PostID, before)
			}
			if ids := postsOf(t, app, transport, site, trashed.Id); len(ids) != 1 {
				t.Fatalf("posts after republish: %v", ids)
			}
		})
	}
}
