package wordpress_test

import (
	"context"
	"html"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/wordpress"
)

// TestPublishText publishes a title, an excerpt, terms and alt texts full of
// HTML's special characters over both transports: WordPress shows each one
// exactly as sent (the rendered title, read back through its REST API and
// decoded as HTML, is the title igny8 sent; no <Tea> element, no curly quotes).
func TestPublishText(t *testing.T) {
	t.Parallel()
	const awkward = `"Best ☕ Coffee" & <Tea>`
	for _, transport := range []string{"rest", "bridge"} {
		t.Run(transport, func(t *testing.T) {
			t.Parallel()
			app := testapp.New(t)
			site := sitesFor(t, app)[transport]
			wp := testWP(t, map[string]int{"rest": 1, "bridge": 2}[transport])
			stamp := time.Now().Format("150405.000")
			title := awkward + " it's " + transport + " " + stamp
			c := newContent(t, app, site, title, 1)
			category := awkward + " cat " + stamp + " " + runTag
			tag := `<b>tag</b> & "` + stamp + `" ` + runTag
			// The article body is HTML: the test helper wrote the title into it raw.
			c.Set("html", strings.ReplaceAll(c.GetString("html"), title, html.EscapeString(title)))
			c.Set("categories", []string{category})
			c.Set("tags", []string{tag})
			c.Set("meta_description", `Tea & "coffee" <b>not bold</b> it's `+stamp+" "+runTag)
			if err := app.Save(c); err != nil {
				t.Fatal(err)
			}
			images, _ := app.FindRecordsByFilter(collections.Images, "content={:c}", "position", 0, 0, map[string]any{"c": c.Id})
			for _, img := range images {
				img.Set("alt", awkward+" alt "+img.Id)
				if err := app.Save(img); err != nil {
					t.Fatal(err)
				}
			}

			res, err := wordpress.Publish(context.Background(), app, c.Id)
			if err != nil {
				t.Fatalf("publish: %v", err)
			}
			var post struct {
				Title    struct{ Rendered string } `json:"title"`
				Excerpt  struct{ Rendered string } `json:"excerpt"`
				Link     string                    `json:"link"`
				Embedded struct {
					Terms [][]struct {
						Name     string `json:"name"`
						Taxonomy string `json:"taxonomy"`
					} `json:"wp:term"`
				} `json:"_embedded"`
			}
			wpGet(t, wp, "/wp/v2/posts/"+itoa(res.PostID), url.Values{"_embed": {"1"}}, &post)
			if got := html.UnescapeString(post.Title.Rendered); got != title {
				t.Errorf("rendered title %q reads %q, want %q", post.Title.Rendered, got, title)
			}
			excerpt := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(post.Excerpt.Rendered), "<p>"), "</p>")
			if got := html.UnescapeString(excerpt); got != c.GetString("meta_description") {
				t.Errorf("rendered excerpt %q reads %q, want %q", post.Excerpt.Rendered, got, c.GetString("meta_description"))
			}
			terms := map[string]bool{}
			for _, group := range post.Embedded.Terms {
				for _, tm := range group {
					terms[tm.Taxonomy+":"+html.UnescapeString(tm.Name)] = true
				}
			}
			for _, want := range []string{"category:" + category, "post_tag:" + tag} {
				if !terms[want] {
					t.Errorf("term %q missing: %v", want, terms)
				}
			}
			for _, img := range images {
				var m struct {
					AltText string `json:"alt_text"`
				}
				wpGet(t, wp, "/wp/v2/media/"+itoa(reload(t, app, img).GetInt("wp_media_id")), url.Values{"context": {"edit"}}, &m)
				if got := html.UnescapeString(m.AltText); got != img.GetString("alt") {
					t.Errorf("alt of image %s reads %q (stored %q), want %q", img.Id, got, m.AltText, img.GetString("alt"))
				}
			}
			// The public page shows the title as text: no <tea> element.
			_, _, page := fetch(t, post.Link)
			if strings.Contains(strings.ToLower(page), "<tea>") {
				t.Errorf("the public page has a <Tea> element")
			}

			// Publishing again finds the same terms (no duplicates of escaped names).
			if _, err := wordpress.Publish(context.Background(), app, c.Id); err != nil {
				t.Fatalf("publish again: %v", err)
			}
			var cats []struct{ ID int }
			wpGet(t, wp, "/wp/v2/categories", url.Values{"search": {stamp}, "hide_empty": {"false"}}, &cats)
			if len(cats) != 1 {
				t.Errorf("%d categories for %q after two publishes, want 1", len(cats), category)
			}
		})
	}
}
