package wordpress_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/wordpress"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// TestPublishUsesSiteDefaults: on the real test WordPress (core REST), an
// article without categories published to a site whose defaults say draft,
// category "igny8 Site Default" and the author user ends up a draft, in that
// category, by that author; an article with its own categories keeps them.
func TestPublishUsesSiteDefaults(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	wp := testWP(t, 1)
	site := newSite(t, app, wp.URL, wp.User, wp.AppPassword, "rest", "")
	var users []struct {
		ID   int    `json:"id"`
		Slug string `json:"slug"`
	}
	if code := wpGet(t, wp, "/wp/v2/users", url.Values{"search": {wp.AuthorUser}, "context": {"edit"}}, &users); code != 200 || len(users) == 0 {
		t.Fatalf("author %s: %d %v", wp.AuthorUser, code, users)
	}
	author := users[0].ID
	site.Set("defaults", map[string]any{"post_status": "draft", "categories": []string{"igny8 Site Default"}, "author": author, "images_per_article": 1})
	if err := app.Save(site); err != nil {
		t.Fatal(err)
	}
	site.Set("status", wordpress.SiteConnected)
	if err := app.Save(site); err != nil {
		t.Fatal(err)
	}
	own := newContent(t, app, site, "Own categories "+time.Now().Format("150405.000"), 0)
	bare := newContent(t, app, site, "Site defaults "+time.Now().Format("150405.000"), 0)
	bare.Set("categories", []string{})
	if err := app.Save(bare); err != nil {
		t.Fatal(err)
	}
	for _, c := range []*core.Record{own, bare} {
		res, err := wordpress.Publish(context.Background(), app, c.Id)
		if err != nil {
			t.Fatalf("publish %s: %v", c.GetString("title"), err)
		}
		var post struct {
			Status     string `json:"status"`
			Author     int    `json:"author"`
			Categories []int  `json:"categories"`
		}
		if code := wpGet(t, wp, "/wp/v2/posts/"+strconv.Itoa(res.PostID), url.Values{"context": {"edit"}}, &post); code != 200 {
			t.Fatalf("post %d: %d", res.PostID, code)
		}
		var names []string
		for _, id := range post.Categories {
			var term struct {
				Name string `json:"name"`
			}
			wpGet(t, wp, "/wp/v2/categories/"+strconv.Itoa(id), nil, &term)
			names = append(names, term.Name)
		}
		want := "igny8 Site Default"
		if c == own {
			want = "igny8 Testing"
		}
		if post.Status != "draft" || post.Author != author || strings.Join(names, ",") != want {
			t.Fatalf("%s: status %s author %d categories %v; want draft, %d, %s", c.GetString("title"), post.Status, post.Author, names, author, want)
		}
		if c = reload(t, app, c); c.GetString("wp_status") != "draft" || c.GetString("publish_status") != collections.PublishPublished {
			t.Fatalf("content after publishing as a draft: %v", c.PublicExport())
		}
	}
}

// TestSiteDefaultsValidation: sites.defaults the publisher or the writer
// could not apply are refused with a field error naming the part; good ones
// are stored.
func TestSiteDefaultsValidation(t *testing.T) {
	t.Parallel()
	site := testapp.SiteId(testapp.A)
	cases := []struct {
		name, body string
		status     int
		want       string
	}{
		{"good", `{"defaults":{"post_status":"pending","categories":["News"],"author":3,"images_per_article":4}}`, 200, `"post_status":"pending"`},
		{"unknown status", `{"defaults":{"post_status":"trash"}}`, 400, `The post status must be`},
		{"categories not a list", `{"defaults":{"categories":"News"}}`, 400, `The categories must be a list`},
		{"category too long", `{"defaults":{"categories":["` + strings.Repeat("x", 201) + `"]}}`, 400, `is longer than 200 characters`},
		{"author not an id", `{"defaults":{"author":-1}}`, 400, `The author must be`},
		{"too many images", `{"defaults":{"images_per_article":9}}`, 400, `The images per article must be`},
	}
	for _, c := range cases {
		s := &tests.ApiScenario{Name: c.name, Method: http.MethodPatch, URL: "/api/collections/sites/records/" + site,
			Body: strings.NewReader(c.body), ExpectedStatus: c.status, ExpectedContent: []string{c.want}, TestAppFactory: testapp.Factory}
		if c.status == 400 {
			s.ExpectedContent = append(s.ExpectedContent, `igny8_invalid_defaults`)
		}
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			s.Headers = map[string]string{"Authorization": testapp.Token(t, app, testapp.A, collections.RoleAdmin), "Content-Type": "application/json"}
		}
		s.Test(t)
	}
}
