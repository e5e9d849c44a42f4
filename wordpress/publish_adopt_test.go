package wordpress_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/wordpress"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// wpSend sends a JSON body to a core REST route as user and decodes the answer.
func wpSend(t testing.TB, wp wpSite, user, pass, method, route string, body any, out any) int {
	t.Helper()
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, wp.URL+"/wp-json"+route, bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	req.SetBasicAuth(user, pass)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, route, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil {
		_ = json.Unmarshal(b, out)
	}
	return resp.StatusCode
}

type rawWPPost struct {
	ID      int    `json:"id"`
	Status  string `json:"status"`
	Title   struct{ Raw, Rendered string }
	Content struct{ Raw string }
	Meta    json.RawMessage `json:"meta"` // an object, or [] when empty
}

func (p rawWPPost) meta(key string) any {
	var m map[string]any
	_ = json.Unmarshal(p.Meta, &m)
	return m[key]
}

// foreignPost is a post a WordPress author wrote, with whatever they could
// add to claim an igny8 content: the core REST markers (slug and comment) and,
// on the plugin site, the content-id meta.
func foreignPost(t testing.TB, wp wpSite, contentId, title string) int {
	t.Helper()
	var p rawWPPost
	code := wpSend(t, wp, wp.AuthorUser, wp.AuthorPassword, http.MethodPost, "/wp/v2/posts", map[string]any{
		"title": title, "status": "draft", "slug": "igny8-" + strings.ToLower(contentId),
		"content": "<p>The author's own words (" + runTag + ").</p>\n<!-- " + wordpress.ContentMarker(contentId) + " -->",
	}, &p)
	if code != 201 || p.ID == 0 {
		t.Fatalf("author's post: %d", code)
	}
	// Try to claim the content through the plugin's meta too (refused since the fix).
	wpSend(t, wp, wp.AuthorUser, wp.AuthorPassword, http.MethodPost, "/wp/v2/posts/"+itoa(p.ID),
		map[string]any{"meta": map[string]any{"_igny8_content_id": contentId}}, nil)
	return p.ID
}

func wpPostAs(t testing.TB, wp wpSite, id int) rawWPPost {
	t.Helper()
	var p rawWPPost
	if code := wpGet(t, wp, "/wp/v2/posts/"+itoa(id), url.Values{"context": {"edit"}}, &p); code != 200 {
		t.Fatalf("post %d: %d", id, code)
	}
	return p
}

// TestPublishLeavesForeignPosts: a publish never updates a post igny8 did not
// create for the content — not an author's draft carrying the core-REST
// markers of an interrupted run, not a post whose author set the plugin's
// content-id meta through core REST.
func TestPublishLeavesForeignPosts(t *testing.T) {
	t.Parallel()
	for _, transport := range []string{"rest", "bridge"} {
		t.Run(transport, func(t *testing.T) {
			t.Parallel()
			app := testapp.New(t)
			site := sitesFor(t, app)[transport]
			wp := testWP(t, map[string]int{"rest": 1, "bridge": 2}[transport])
			c := newContent(t, app, site, "Own post "+transport+" "+time.Now().Format("150405.000"), 0)
			// An earlier attempt failed before its draft id was recorded: the run looks for it.
			c.Set("publish_status", collections.PublishFailed)
			if err := app.Save(c); err != nil {
				t.Fatal(err)
			}
			foreignTitle := "Author's post " + time.Now().Format("150405.000")
			foreign := foreignPost(t, wp, c.Id, foreignTitle)

			res, err := wordpress.Publish(context.Background(), app, c.Id)
			if err != nil {
				t.Fatalf("publish: %v", err)
			}
			if res.PostID == foreign || !res.Created {
				t.Fatalf("the publish took over the author's post %d: %+v", foreign, res)
			}
			p := wpPostAs(t, wp, foreign)
			if p.Title.Raw != foreignTitle || !strings.Contains(p.Content.Raw, "The author's own words (") || p.Status != "draft" {
				t.Fatalf("the author's post was changed: %q %q %s", p.Title.Raw, p.Content.Raw, p.Status)
			}
			if transport == "bridge" && p.meta("_igny8_content_id") == c.Id {
				t.Fatalf("an author set the content-id meta through core REST")
			}
		})
	}
}

// TestAdopt: an admin adopts an existing post for a content (audited), and the
// next publish updates that post instead of creating one — over both transports.
func TestAdopt(t *testing.T) {
	t.Parallel()
	for _, transport := range []string{"rest", "bridge"} {
		t.Run(transport, func(t *testing.T) {
			t.Parallel()
			app := testapp.New(t)
			site := sitesFor(t, app)[transport]
			wp := testWP(t, map[string]int{"rest": 1, "bridge": 2}[transport])
			stamp := time.Now().Format("150405.000")
			var existing rawWPPost
			if code := wpSend(t, wp, wp.User, wp.AppPassword, http.MethodPost, "/wp/v2/posts",
				map[string]any{"title": "Existing post " + stamp, "status": "publish", "content": "<p>old " + runTag + "</p>"}, &existing); code != 201 {
				t.Fatalf("existing post: %d", code)
			}
			c := newContent(t, app, site, "Adopted "+transport+" "+stamp, 0)
			admin, _ := app.FindRecordById(collections.Users, testapp.UserId(testapp.A, "admin"))
			res, err := wordpress.Adopt(context.Background(), app, c.Id, existing.ID, admin)
			if err != nil || res.PostID != existing.ID {
				t.Fatalf("adopt: %+v %v", res, err)
			}
			entry, err := app.FindFirstRecordByFilter(collections.AuditLog, "action = {:a} && target = {:c}",
				dbx.Params{"a": wordpress.AuditAdoptPost, "c": c.Id})
			if err != nil || entry.GetString("actor") != admin.Id || entry.GetString("tenant") != c.GetString("tenant") {
				t.Fatalf("no audit entry for the adoption: %v", err)
			}
			pub, err := wordpress.Publish(context.Background(), app, c.Id)
			if err != nil || pub.PostID != existing.ID || pub.Created {
				t.Fatalf("publish after adopt: %+v %v", pub, err)
			}
			if p := wpPostAs(t, wp, existing.ID); p.Title.Raw != c.GetString("title") {
				t.Fatalf("adopted post not updated: %q", p.Title.Raw)
			}
			if n := len(postsOf(t, app, transport, site, c.Id)); n != 1 {
				t.Fatalf("%d posts for the content after adopt + publish, want 1", n)
			}
			// Another content of the site cannot adopt the same post; a missing post is refused.
			other := newContent(t, app, site, "Other "+stamp, 0)
			if _, err := wordpress.Adopt(context.Background(), app, other.Id, existing.ID, admin); !errors.Is(err, wordpress.ErrPostTaken) {
				t.Fatalf("adopting a taken post: %v", err)
			}
			if _, err := wordpress.Adopt(context.Background(), app, other.Id, 99999999, admin); !errors.Is(err, wordpress.ErrNoSuchPost) {
				t.Fatalf("adopting a missing post: %v", err)
			}
		})
	}
}

// TestAdoptRoute: POST /api/igny8/contents/{id}/adopt is admin+, tenant-isolated
// and answers 404/409 for missing and taken posts.
func TestAdoptRoute(t *testing.T) {
	t.Parallel()
	wp := testWP(t, 1)
	var existing rawWPPost
	if code := wpSend(t, wp, wp.User, wp.AppPassword, http.MethodPost, "/wp/v2/posts",
		map[string]any{"title": "Route adopt " + time.Now().Format("150405.000"), "status": "draft", "content": runTag}, &existing); code != 201 {
		t.Fatalf("existing post: %d", code)
	}
	contentA := testapp.RecordId(collections.Contents, testapp.A)
	adoptURL := "/api/igny8/contents/" + contentA + "/adopt"
	body := `{"wp_post_id":` + itoa(existing.ID) + `}`
	pointAtWP := func(t testing.TB, app *tests.TestApp) {
		s, _ := app.FindRecordById(collections.Sites, testapp.SiteId(testapp.A))
		s.Load(map[string]any{"wp_username": wp.User, "app_password": wp.AppPassword, "transport": "rest"})
		pointSiteAt(t, app, s, wp.URL)
	}
	taken := func(t testing.TB, app *tests.TestApp) {
		pointAtWP(t, app)
		c := newContent(t, app, mustFind(t, app, collections.Sites, testapp.SiteId(testapp.A)), "Holder", 0)
		c.Set("wp_post_id", existing.ID)
		if err := app.Save(c); err != nil {
			t.Fatal(err)
		}
	}
	adopted := func(want int) func(testing.TB, *tests.TestApp, *http.Response) {
		return func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			if got := mustFind(t, app, collections.Contents, contentA).GetInt("wp_post_id"); got != want {
				t.Fatalf("wp_post_id %d, want %d", got, want)
			}
		}
	}
	cases := []struct {
		name, who, role, body string
		status                int
		content               []string
		before                func(testing.TB, *tests.TestApp)
		want                  int
	}{
		{"admin adopts", testapp.A, "admin", body, 200, []string{`"post_id":` + itoa(existing.ID)}, pointAtWP, existing.ID},
		{"owner adopts", testapp.A, "owner", body, 200, []string{`"post_id":`}, pointAtWP, existing.ID},
		{"editor cannot adopt", testapp.A, "editor", body, 403, []string{`"data":`}, pointAtWP, 0},
		{"B admin cannot adopt for A", testapp.B, "admin", body, 404, []string{`"data":`}, pointAtWP, 0},
		{"outsider cannot adopt", testapp.Outsider, "", body, 404, []string{`"data":`}, pointAtWP, 0},
		{"anonymous cannot adopt", testapp.Anonymous, "", body, 401, []string{`"data":`}, pointAtWP, 0},
		{"missing post id", testapp.A, "admin", `{}`, 400, []string{`"wp_post_id":{"code":"validation_required"`}, pointAtWP, 0},
		{"no such post", testapp.A, "admin", `{"wp_post_id":99999999}`, 404, []string{`"code":"igny8_no_post"`}, pointAtWP, 0},
		{"post of another content", testapp.A, "admin", body, 409, []string{`"code":"igny8_post_taken"`}, taken, 0},
	}
	for _, c := range cases {
		s := tests.ApiScenario{
			Name: c.name, Method: http.MethodPost, URL: adoptURL, Body: strings.NewReader(c.body),
			ExpectedStatus: c.status, ExpectedContent: c.content, TestAppFactory: testapp.Factory, AfterTestFunc: adopted(c.want),
		}
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
			c.before(t, app)
			s.Headers = map[string]string{"Authorization": testapp.Authorization(t, app, c.who, c.role)}
		}
		s.Test(t)
	}
}

func mustFind(t testing.TB, app core.App, collection, id string) *core.Record {
	t.Helper()
	r, err := app.FindRecordById(collection, id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
