package wordpress_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/tools/wpclient"
	"github.com/igny8/igny8/wordpress"
	"github.com/pocketbase/pocketbase/core"
)

func fetch(t testing.TB, u string) (int, string, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
}

func reload(t testing.TB, app core.App, r *core.Record) *core.Record {
	t.Helper()
	fresh, err := app.FindRecordById(r.Collection().Name, r.Id)
	if err != nil {
		t.Fatal(err)
	}
	return fresh
}

// TestPublishEndToEnd publishes an article with a featured and two in-article
// images over both transports and checks what a visitor and an editor see.
func TestPublishEndToEnd(t *testing.T) {
	t.Parallel()
	for _, transport := range []string{"rest", "bridge"} {
		t.Run(transport, func(t *testing.T) {
			t.Parallel()
			app := testapp.New(t)
			site := sitesFor(t, app)[transport]
			wp := testWP(t, map[string]int{"rest": 1, "bridge": 2}[transport])
			c := newContent(t, app, site, "End to end "+transport+" "+time.Now().Format("150405.000"), 2)

			res, err := wordpress.Publish(context.Background(), app, c.Id)
			if err != nil {
				t.Fatalf("publish: %v", err)
			}
			if res.Status != "publish" || !res.Created || len(res.Media) != 3 {
				t.Fatalf("unexpected result %+v", res)
			}
			c = reload(t, app, c)
			if c.GetString("publish_status") != collections.PublishPublished || c.GetInt("wp_post_id") != res.PostID ||
				c.GetString("wp_url") == "" || c.GetString("publish_error") != "" || c.GetString("status") != "published" {
				t.Fatalf("content not recorded as published: %v", c.PublicExport())
			}

			// The public URL serves the post with both in-article images from WordPress.
			status, _, page := fetch(t, c.GetString("wp_url"))
			if status != 200 || !strings.Contains(page, c.GetString("title")) {
				t.Fatalf("public page %s: %d", c.GetString("wp_url"), status)
			}
			images, _ := app.FindRecordsByFilter(collections.Images, "content={:c}", "position", 0, 0, map[string]any{"c": c.Id})
			var featuredMedia int
			for _, img := range images {
				u := img.GetString("wp_url")
				if img.GetInt("wp_media_id") == 0 || !strings.HasPrefix(u, wp.URL+"/wp-content/uploads/") {
					t.Fatalf("image %s not recorded: %v", img.Id, img.PublicExport())
				}
				if code, ctype, _ := fetch(t, u); code != 200 || ctype != "image/png" {
					t.Fatalf("image %s served as %d %s", u, code, ctype)
				}
				if img.GetString("kind") == "featured" {
					featuredMedia = img.GetInt("wp_media_id")
				} else if !strings.Contains(page, u) {
					t.Fatalf("in-article image %s missing from the public page", u)
				}
			}
			if strings.Contains(page, "/api/files/") {
				t.Fatal("the page still points at igny8's file URLs")
			}

			// Featured image, categories and tags, as an editor sees them.
			var post struct {
				FeaturedMedia int    `json:"featured_media"`
				Status        string `json:"status"`
				Slug          string `json:"slug"`
				Excerpt       struct {
					Raw string `json:"raw"`
				} `json:"excerpt"`
				Embedded struct {
					Terms [][]struct {
						Name     string `json:"name"`
						Taxonomy string `json:"taxonomy"`
					} `json:"wp:term"`
				} `json:"_embedded"`
			}
			wpGet(t, wp, "/wp/v2/posts/"+itoa(res.PostID), url.Values{"context": {"edit"}, "_embed": {"1"}}, &post)
			if post.FeaturedMedia != featuredMedia || post.Status != "publish" || strings.HasPrefix(post.Slug, "igny8-") {
				t.Fatalf("post: featured %d (want %d), status %s, slug %s", post.FeaturedMedia, featuredMedia, post.Status, post.Slug)
			}
			terms := map[string]bool{}
			for _, group := range post.Embedded.Terms {
				for _, tm := range group {
					terms[tm.Taxonomy+":"+tm.Name] = true
				}
			}
			for _, want := range []string{"category:igny8 Testing", "post_tag:alpha", "post_tag:beta"} {
				if !terms[want] {
					t.Fatalf("term %s missing: %v", want, terms)
				}
			}
			if post.Excerpt.Raw != c.GetString("meta_description") {
				t.Fatalf("excerpt %q", post.Excerpt.Raw)
			}
			if transport == "bridge" {
				// No SEO plugin on the test site: igny8's own keys, printed by the plugin.
				if res.SEO.Plugin != "none" || res.SEO.Stored["_igny8_meta_description"] != c.GetString("meta_description") ||
					res.SEO.Stored["_igny8_meta_title"] != c.GetString("meta_title") {
					t.Fatalf("seo %+v", res.SEO)
				}
				if !strings.Contains(page, `<meta name="description" content="`+c.GetString("meta_description")+`"`) ||
					!strings.Contains(page, "<title>"+c.GetString("meta_title")) {
					t.Fatal("SEO meta not on the public page")
				}
			}

			// Publishing again updates the same post.
			c.Set("title", c.GetString("title")+" (updated)")
			if err := app.Save(c); err != nil {
				t.Fatal(err)
			}
			res2, err := wordpress.Publish(context.Background(), app, c.Id)
			if err != nil {
				t.Fatalf("republish: %v", err)
			}
			if res2.PostID != res.PostID || res2.Created {
				t.Fatalf("republish made post %d (created %v), want update of %d", res2.PostID, res2.Created, res.PostID)
			}
			for id, m := range res2.Media {
				if res.Media[id] != m {
					t.Fatalf("image %s re-uploaded as %d (was %d)", id, m, res.Media[id])
				}
			}
			if ids := postsOf(t, app, transport, site, c.Id); len(ids) != 1 {
				t.Fatalf("want exactly one post, got %v", ids)
			}
			_, _, page = fetch(t, c.GetString("wp_url"))
			if !strings.Contains(page, "(updated)") {
				t.Fatal("update not visible")
			}

			// Unpublish makes it a draft; the public URL stops serving it.
			if _, err := wordpress.Unpublish(context.Background(), app, c.Id); err != nil {
				t.Fatalf("unpublish: %v", err)
			}
			c = reload(t, app, c)
			if c.GetString("wp_status") != "draft" || c.GetString("publish_status") != collections.PublishNone {
				t.Fatalf("unpublished content: %v", c.PublicExport())
			}
			if code, _, _ := fetch(t, c.GetString("wp_url")); code != 404 {
				t.Fatalf("unpublished post still served: %d", code)
			}
		})
	}
}

func itoa(i int) string { return strconvItoa(i) }

// TestPublishFaults injects failures between igny8 and WordPress and checks
// that every content ends with exactly one post and a clear error or recovery.
func TestPublishFaults(t *testing.T) {
	t.Parallel()
	type tc struct {
		name, transport, step string
		match                 func(r *http.Request) bool
		after                 bool
	}
	cases := []tc{
		{"rest 500 on media upload", "rest", wordpress.StepMedia, routeIs("POST", "/wp/v2/media"), false},
		{"rest draft created but answer lost", "rest", wordpress.StepDraft, routeIs("POST", "/wp/v2/posts"), true},
		{"rest media stored but answer lost", "rest", wordpress.StepMedia, routeIs("POST", "/wp/v2/media"), true},
		{"rest 500 on terms", "rest", wordpress.StepTerms, routeIs("GET", "/wp/v2/categories"), false},
		{"bridge 500 on upload", "bridge", wordpress.StepMedia, routeIs("POST", "/igny8/v1/upload-image"), false},
		{"bridge draft created but answer lost", "bridge", wordpress.StepDraft, routeIs("POST", "/igny8/v1/import-content"), true},
		{"bridge upload stored but answer lost", "bridge", wordpress.StepMedia, routeIs("POST", "/igny8/v1/upload-image"), true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			app := testapp.New(t)
			real := sitesFor(t, app)[c.transport]
			proxy := newFaultProxy(t, real.GetString("url"))
			site := real
			pointSiteAt(t, app, site, proxy.URL)
			content := newContent(t, app, site, "Fault "+c.name+" "+time.Now().Format("150405.000"), 2)
			proxy.failOnce(c.match, c.after)

			_, err := wordpress.Publish(context.Background(), app, content.Id)
			var se *wordpress.StepError
			if !errors.As(err, &se) || se.Step != c.step {
				t.Fatalf("want a failure at step %s, got %v", c.step, err)
			}
			content = reload(t, app, content)
			if content.GetString("publish_status") != collections.PublishFailed || !strings.HasPrefix(content.GetString("publish_error"), c.step+": ") {
				t.Fatalf("error not recorded: %q %q", content.GetString("publish_status"), content.GetString("publish_error"))
			}
			if id := content.GetInt("wp_post_id"); id > 0 {
				var p struct {
					Status string `json:"status"`
				}
				wpGet(t, testWP(t, map[string]int{"rest": 1, "bridge": 2}[c.transport]), "/wp/v2/posts/"+itoa(id), url.Values{"context": {"edit"}}, &p)
				if p.Status != "draft" {
					t.Fatalf("a failed publish left the post %s, want draft", p.Status)
				}
			}

			res, err := wordpress.Publish(context.Background(), app, content.Id)
			if err != nil {
				t.Fatalf("retry: %v", err)
			}
			if ids := postsOf(t, app, c.transport, site, content.Id); len(ids) != 1 || ids[0] != res.PostID {
				t.Fatalf("want exactly post %d, got %v", res.PostID, ids)
			}
			assertOneMediaPerImage(t, app, c.transport, content)
			content = reload(t, app, content)
			if content.GetString("publish_status") != collections.PublishPublished || content.GetString("publish_error") != "" {
				t.Fatalf("retry did not recover: %v", content.PublicExport())
			}
		})
	}
}

// assertOneMediaPerImage checks the media library holds one attachment per igny8 image.
func assertOneMediaPerImage(t testing.TB, app core.App, transport string, content *core.Record) {
	t.Helper()
	wp := testWP(t, map[string]int{"rest": 1, "bridge": 2}[transport])
	images, _ := app.FindRecordsByFilter(collections.Images, "content={:c}", "", 0, 0, map[string]any{"c": content.Id})
	for _, img := range images {
		// Core REST: the marker comment in igny8's descriptions; the plugin: the
		// image-id meta of the post's attachments.
		var all, list []struct {
			ID          int            `json:"id"`
			Meta        map[string]any `json:"meta"`
			Description struct{ Raw string }
		}
		if transport == "bridge" {
			wpGet(t, wp, "/wp/v2/media", url.Values{"parent": {itoa(reload(t, app, content).GetInt("wp_post_id"))}, "per_page": {"100"}, "context": {"edit"}, "_fields": {"id,meta"}}, &all)
			for _, m := range all {
				if m.Meta["_igny8_image_id"] == img.Id {
					list = append(list, m)
				}
			}
		} else {
			wpGet(t, wp, "/wp/v2/media", url.Values{"search": {wordpress.ImageMarker(img.Id)}, "context": {"edit"}, "_fields": {"id,description"}}, &all)
			for _, m := range all {
				if strings.Contains(m.Description.Raw, wordpress.ImageMarker(img.Id)) {
					list = append(list, m)
				}
			}
		}
		if len(list) != 1 || list[0].ID != img.GetInt("wp_media_id") {
			t.Fatalf("image %s: media %v, recorded %d", img.Id, list, img.GetInt("wp_media_id"))
		}
	}
}

// TestPublishSiteDownThenBack publishes to a stopped site, then again once it is back.
func TestPublishSiteDownThenBack(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	real := sitesFor(t, app)["rest"]
	proxy := newFaultProxy(t, real.GetString("url"))
	site := real
	pointSiteAt(t, app, site, "http://127.0.0.1:1") // nothing listens: WordPress down
	content := newContent(t, app, site, "Down then back "+time.Now().Format("150405.000"), 1)
	_, err := wordpress.Publish(context.Background(), app, content.Id)
	var se *wordpress.StepError
	if !errors.As(err, &se) || se.Step != wordpress.StepDraft || !strings.Contains(err.Error(), "connect") {
		t.Fatalf("want a connection failure at draft, got %v", err)
	}
	if msg := reload(t, app, content).GetString("publish_error"); !strings.Contains(msg, "draft: ") {
		t.Fatalf("error not recorded: %q", msg)
	}
	pointSiteAt(t, app, site, proxy.URL) // back
	res, err := wordpress.Publish(context.Background(), app, content.Id)
	if err != nil {
		t.Fatalf("publish after recovery: %v", err)
	}
	if ids := postsOf(t, app, "rest", site, content.Id); len(ids) != 1 || ids[0] != res.PostID {
		t.Fatalf("want exactly post %d, got %v", res.PostID, ids)
	}
}

// TestPublishWrongCredentials fails at the first step with WordPress's reason and creates nothing.
func TestPublishWrongCredentials(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	wp := testWP(t, 1)
	site := newSite(t, app, wp.URL, wp.User, "wrong wrong wrong wrong", "rest", "")
	content := newContent(t, app, site, "Wrong creds "+time.Now().Format("150405.000"), 0)
	_, err := wordpress.Publish(context.Background(), app, content.Id)
	var ae *wpclient.APIError
	if !errors.As(err, &ae) || ae.Status != 401 || ae.Hint != wpclient.HintUnauthorized || wpclient.IsTemporary(err) {
		t.Fatalf("want a permanent 401 with the credentials hint, got %v", err)
	}
	if msg := reload(t, app, content).GetString("publish_error"); !strings.HasPrefix(msg, "draft: ") || !strings.Contains(msg, "application password") {
		t.Fatalf("error not recorded: %q", msg)
	}
	if ids := postsOf(t, app, "rest", site, content.Id); len(ids) != 0 {
		t.Fatalf("posts were created: %v", ids)
	}
}

// TestPublishConcurrent publishes one content from several goroutines at once.
func TestPublishConcurrent(t *testing.T) {
	t.Parallel()
	for _, transport := range []string{"rest", "bridge"} {
		t.Run(transport, func(t *testing.T) {
			t.Parallel()
			app := testapp.New(t)
			site := sitesFor(t, app)[transport]
			content := newContent(t, app, site, "Concurrent "+transport+" "+time.Now().Format("150405.000"), 1)
			var wg sync.WaitGroup
			ids := make([]int, 4)
			errs := make([]error, 4)
			for i := range ids {
				wg.Add(1)
				go func(i int) {
					defer wg.Done()
					res, err := wordpress.Publish(context.Background(), app, content.Id)
					errs[i] = err
					if res != nil {
						ids[i] = res.PostID
					}
				}(i)
			}
			wg.Wait()
			for i := range ids {
				if errs[i] != nil || ids[i] != ids[0] {
					t.Fatalf("publish %d: post %d, err %v (first: %d)", i, ids[i], errs[i], ids[0])
				}
			}
			if got := postsOf(t, app, transport, site, content.Id); len(got) != 1 {
				t.Fatalf("want one post, got %v", got)
			}
		})
	}
}

// TestBridgeImportConcurrent skips igny8's own lock and sends concurrent first
// imports of one content straight to the plugin: its named lock gives one post.
func TestBridgeImportConcurrent(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	site := sitesFor(t, app)["bridge"]
	tr, err := wordpress.TransportOf(app, site)
	if err != nil {
		t.Fatal(err)
	}
	cid := "conc" + strings.ReplaceAll(time.Now().Format("150405.000000"), ".", "")
	var wg sync.WaitGroup
	ids := make([]int, 5)
	for i := range ids {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			p, err := tr.Draft(context.Background(), wordpress.Draft{ContentID: cid, Title: "Concurrent import", HTML: "<p>" + runTag + "</p>"})
			if err != nil {
				t.Errorf("import %d: %v", i, err)
			}
			ids[i] = p.ID
		}(i)
	}
	wg.Wait()
	for _, id := range ids {
		if id == 0 || id != ids[0] {
			t.Fatalf("concurrent imports gave posts %v", ids)
		}
	}
}
