package wordpress_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/wordpress"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// testWPX is the site index's WordPress (scripts/test-setup.d/31-wordpress-index.sh):
// IGNY8_TEST_WPX_POSTS generated posts and 5 pages, core REST only.
func testWPX(t testing.TB) (wpSite, int) {
	t.Helper()
	s := wpSite{URL: os.Getenv("IGNY8_TEST_WPX_URL"), User: os.Getenv("IGNY8_TEST_WPX_USER"), AppPassword: os.Getenv("IGNY8_TEST_WPX_APP_PASSWORD")}
	n, _ := strconv.Atoi(os.Getenv("IGNY8_TEST_WPX_POSTS"))
	if s.URL == "" || s.AppPassword == "" || n == 0 {
		t.Fatal("IGNY8_TEST_WPX_* is not set: run `bash scripts/test-setup.sh` (31-wordpress-index.sh starts the index's test WordPress) and source .test-env")
	}
	return s, n
}

func indexPages(t testing.TB, app core.App, site *core.Record) map[string]*core.Record {
	t.Helper()
	list, err := app.FindAllRecords(collections.SitePages, dbx.HashExp{"site": site.Id})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*core.Record{}
	for _, r := range list {
		out[r.GetString("slug")] = r
	}
	return out
}

// TestSiteIndex500: the index of a WordPress with 500 posts holds every post
// and page with title, URL, headings, date and category; a second run reads
// only the listing; a new post is added (and linked to its igny8 content),
// a deleted one dropped.
func TestSiteIndex500(t *testing.T) {
	wp, n := testWPX(t)
	app := testapp.New(t)
	site := newSite(t, app, wp.URL, wp.User, wp.AppPassword, "rest", "")
	ctx := context.Background()

	res, err := wordpress.IndexSite(ctx, app, site)
	if err != nil {
		t.Fatal(err)
	}
	if res.Source != collections.PageSourceREST || res.Listed != n+5 || res.Added != n+5 || res.Read != n+5 || res.More {
		t.Fatalf("first run: %+v, want %d posts and 5 pages read and added over REST", res, n)
	}
	pages := indexPages(t, app, site)
	if len(pages) != n+5 {
		t.Fatalf("%d index records, want %d", len(pages), n+5)
	}
	first := pages["gen-1-how-to-choose-pour-over-coffee"]
	if first == nil {
		t.Fatal("post 1 is not in the index")
	}
	var heads, cats []string
	_ = first.UnmarshalJSONField("headings", &heads)
	_ = first.UnmarshalJSONField("categories", &cats)
	if first.GetString("title") != "How to choose pour-over coffee" || first.GetString("kind") != "post" ||
		first.GetString("url") != wp.URL+"/gen-1-how-to-choose-pour-over-coffee/" || first.GetInt("wp_id") == 0 ||
		len(heads) != 3 || heads[0] != "Why pour-over coffee matters" || len(cats) != 1 || cats[0] != "Coffee" ||
		first.GetDateTime("published_at").Time().Format("2006-01-02") != "2026-11-28" || first.GetInt("word_count") < 40 ||
		!strings.HasPrefix(first.GetString("excerpt"), "This article is about pour-over coffee.") {
		t.Fatalf("post 1 indexed as %v headings %v categories %v", first.PublicExport(), heads, cats)
	}
	if p := pages["gen-page-about"]; p == nil || p.GetString("kind") != "page" || p.GetString("title") != "About this site" {
		t.Fatalf("page about: %v", p)
	}

	again, err := wordpress.IndexSite(ctx, app, site)
	if err != nil {
		t.Fatal(err)
	}
	if again.Read != 0 || again.Added != 0 || again.Updated != 0 || again.Removed != 0 || again.Listed != n+5 {
		t.Fatalf("second run with nothing changed: %+v, want only the listing", again)
	}

	var post struct{ ID int }
	if code := wpSend(t, wp, wp.User, wp.AppPassword, http.MethodPost, "/wp/v2/posts", map[string]any{"title": "Index newcomer " + runTag,
		"status": "publish", "content": "<h2>Fresh section</h2><p>New words " + runTag + ".</p>"}, &post); code != 201 {
		t.Fatalf("create post: %d", code)
	}
	deleted := false
	t.Cleanup(func() {
		if !deleted {
			_, _ = wpDo(wp, http.MethodDelete, "/wp/v2/posts/"+strconv.Itoa(post.ID), url.Values{"force": {"true"}}, nil)
		}
	})
	content := newContent(t, app, site, "Newcomer content", 0)
	content.Set("wp_post_id", post.ID)
	if err := app.Save(content); err != nil {
		t.Fatal(err)
	}
	third, err := wordpress.IndexSite(ctx, app, site)
	if err != nil {
		t.Fatal(err)
	}
	if third.Read != 1 || third.Added != 1 || third.Listed != n+6 {
		t.Fatalf("after a new post: %+v, want it read and added", third)
	}
	rec, err := app.FindFirstRecordByFilter(collections.SitePages, "site = {:s} && wp_id = {:p}", dbx.Params{"s": site.Id, "p": post.ID})
	if err != nil || rec.GetString("content") != content.Id || rec.GetString("title") != "Index newcomer "+runTag {
		t.Fatalf("new post's record %v (%v), want it linked to content %s", rec, err, content.Id)
	}

	if code, err := wpDo(wp, http.MethodDelete, "/wp/v2/posts/"+strconv.Itoa(post.ID), url.Values{"force": {"true"}}, nil); err != nil || code != 200 {
		t.Fatalf("delete post: %d %v", code, err)
	}
	deleted = true
	fourth, err := wordpress.IndexSite(ctx, app, site)
	if err != nil {
		t.Fatal(err)
	}
	if fourth.Removed != 1 || fourth.Read != 0 || fourth.Listed != n+5 {
		t.Fatalf("after deleting it: %+v, want it dropped", fourth)
	}
}
