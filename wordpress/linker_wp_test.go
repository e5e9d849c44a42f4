package wordpress_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/linker"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/wordpress"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// TestLinkerOnWordPress is the Linker's acceptance on the real test
// WordPress, over both transports: an older published post gets a back-fill
// suggestion to a new article, the approval inserts the link into the real
// post through the publisher — exactly once, although the first attempt's
// post update reached WordPress and its answer was lost (the fault proxy, as
// in TestPublishFaults) — and the removal takes it out again, leaving the
// anchor text.
func TestLinkerOnWordPress(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ transport, update string }{
		{"rest", "/wp/v2/posts/"},
		{"bridge", "/igny8/v1/import-content"},
	} {
		t.Run(c.transport, func(t *testing.T) {
			t.Parallel()
			app := testapp.New(t)
			site := sitesFor(t, app)[c.transport]
			proxy := newFaultProxy(t, site.GetString("url"))
			pointSiteAt(t, app, site, proxy.URL)
			stamp := time.Now().Format("150405.000")
			wp := testWP(t, map[string]int{"rest": 1, "bridge": 2}[c.transport])

			old := newContent(t, app, site, "Linker old post "+stamp, 0)
			old.Set("task", newTask(t, app, site, "burr grinder basics "+stamp))
			old.Set("html", "<h2>The french press ratio</h2><p>Our older post mentions the french press ratio in passing (run "+runTag+").</p>")
			if err := app.Save(old); err != nil {
				t.Fatal(err)
			}
			fresh := newContent(t, app, site, "French press ratio "+stamp, 0)
			fresh.Set("task", newTask(t, app, site, "french press ratio"))
			if err := app.Save(fresh); err != nil {
				t.Fatal(err)
			}
			for _, r := range []*core.Record{old, fresh} {
				if _, err := wordpress.Publish(t.Context(), app, r.Id); err != nil {
					t.Fatalf("publish %s: %v", r.GetString("title"), err)
				}
			}
			old, fresh = reload(t, app, old), reload(t, app, fresh)

			res, err := linker.Suggest(app, fresh.Id)
			if err != nil || res.Backfill != 1 {
				t.Fatalf("suggest: %+v %v", res, err)
			}
			link, err := app.FindFirstRecordByFilter(collections.InternalLinks, "source_content = {:s} && target_content = {:t}",
				dbx.Params{"s": old.Id, "t": fresh.Id})
			if err != nil {
				t.Fatalf("no back-fill suggestion from the older post: %v", err)
			}
			if link.GetString("anchor") != "french press ratio" || link.GetString("origin") != collections.LinkOriginBackfill ||
				link.GetString("target_url") != fresh.GetString("wp_url") || link.GetString("status") != collections.LinkSuggested {
				t.Fatalf("suggestion %v", link.PublicExport())
			}
			if post := rawContent(t, wp, old.GetInt("wp_post_id")); strings.Contains(post, "data-igny8-link") {
				t.Fatal("a suggestion changed the post before approval")
			}

			// approve: the first attempt's update reaches WordPress, its answer is lost
			client := testapp.NewClient(t, app)
			editor := testapp.Token(t, app, testapp.A, collections.RoleEditor)
			proxy.failOnce(func(r *http.Request) bool {
				return routeIs("POST", c.update)(r)
			}, true)
			out := client.Must("POST", "/api/igny8/linker/links/"+link.Id+"/approve", editor, "", 202)
			jobId := out["job"].(string)
			job := runLinkerJob(t, app, jobId)
			if job.GetString("status") != "queued" || job.GetInt("attempts") != 1 || !strings.Contains(job.GetString("error"), "injected") {
				t.Fatalf("first attempt: %s %d %q", job.GetString("status"), job.GetInt("attempts"), job.GetString("error"))
			}
			if l := reload(t, app, link); l.GetString("status") != collections.LinkApproved {
				t.Fatalf("a failed attempt marked the link %s", l.GetString("status"))
			}
			job.Set("run_after", time.Now().Add(-time.Second).UTC())
			if err := app.Save(job); err != nil {
				t.Fatal(err)
			}
			if job = runLinkerJob(t, app, jobId); job.GetString("status") != "succeeded" {
				t.Fatalf("retry: %s %s", job.GetString("status"), job.GetString("error"))
			}
			link = reload(t, app, link)
			post := rawContent(t, wp, old.GetInt("wp_post_id"))
			if link.GetString("status") != collections.LinkInserted || strings.Count(post, `data-igny8-link="`+link.Id+`"`) != 1 ||
				strings.Count(post, "<a ") != 1 || !strings.Contains(post, ">french press ratio</a>") || !strings.Contains(post, `href="`+fresh.GetString("wp_url")+`"`) {
				t.Fatalf("link %s; want it exactly once in the post's paragraph:\n%s", link.GetString("status"), post)
			}
			if !strings.Contains(post, "<h2>The french press ratio</h2>") {
				t.Fatalf("the heading changed:\n%s", post)
			}
			if ids := postsOf(t, app, c.transport, site, old.Id); len(ids) != 1 || ids[0] != old.GetInt("wp_post_id") {
				t.Fatalf("want exactly post %d, got %v", old.GetInt("wp_post_id"), ids)
			}

			// remove
			out = client.Must("POST", "/api/igny8/linker/links/"+link.Id+"/remove", editor, "", 202)
			if job = runLinkerJob(t, app, out["job"].(string)); job.GetString("status") != "succeeded" {
				t.Fatalf("remove: %s", job.GetString("error"))
			}
			post = rawContent(t, wp, old.GetInt("wp_post_id"))
			if l := reload(t, app, link); l.GetString("status") != collections.LinkRemoved || strings.Contains(post, "data-igny8-link") ||
				!strings.Contains(post, "mentions the french press ratio in passing") {
				t.Fatalf("after removal %s:\n%s", l.GetString("status"), post)
			}
		})
	}
}

func runLinkerJob(t testing.TB, app core.App, id string) *core.Record {
	t.Helper()
	e := jobs.NewEngine(app, jobs.Options{Workers: 1})
	if ran, err := e.RunOnce(); err != nil || !ran {
		t.Fatalf("run job: ran %v, %v", ran, err)
	}
	return mustFind(t, app, collections.Jobs, id)
}

// rawContent is a post's stored content as WordPress keeps it.
func rawContent(t testing.TB, wp wpSite, id int) string {
	t.Helper()
	var p struct {
		Content struct {
			Raw string `json:"raw"`
		} `json:"content"`
	}
	if st := wpGet(t, wp, "/wp/v2/posts/"+itoa(id), url.Values{"context": {"edit"}}, &p); st != 200 {
		t.Fatalf("post %d: %d", id, st)
	}
	return p.Content.Raw
}
