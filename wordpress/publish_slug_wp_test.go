package wordpress_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/wordpress"
)

// TestPublishNonLatinSlugs: titles in Japanese, Arabic, Cyrillic and Greek get
// a real slug over both transports — transliterated where that is sensible,
// WordPress's own (from the title) otherwise — never igny8's marker, and the
// images are not titled with a marker either.
func TestPublishNonLatinSlugs(t *testing.T) {
	t.Parallel()
	titles := []struct{ title, slug string }{
		{"東京のおすすめコーヒー店ガイド", "-"}, // no digits: the whole title is Japanese (WordPress adds -2, -3… on later runs)
		{"東京のおすすめコーヒー店ガイド", ""},  // WordPress's slug: the title, percent-encoded
		{"دليل القهوة العربية", ""},
		{"Как заварить кофе дома", "kak-zavarit-kofe-doma"},
		{"Πώς να φτιάξετε καφέ", "pos-na-ftiaxete-kafe"},
	}
	for _, transport := range []string{"rest", "bridge"} {
		t.Run(transport, func(t *testing.T) {
			t.Parallel()
			app := testapp.New(t)
			site := sitesFor(t, app)[transport]
			wp := testWP(t, map[string]int{"rest": 1, "bridge": 2}[transport])
			stamp := strings.ReplaceAll(time.Now().Format("150405.000"), ".", "")
			for _, tc := range titles {
				title := tc.title + " " + stamp
				if tc.slug == "-" {
					title = tc.title
				}
				c := newContent(t, app, site, title, 0)
				res, err := wordpress.Publish(context.Background(), app, c.Id)
				if err != nil {
					t.Fatalf("publish %q: %v", title, err)
				}
				var post struct {
					Slug, Link string
				}
				wpGet(t, wp, "/wp/v2/posts/"+itoa(res.PostID), url.Values{"context": {"edit"}}, &post)
				slug, _ := url.PathUnescape(post.Slug)
				want := tc.slug + "-" + stamp
				if tc.slug == "" {
					want = strings.ToLower(strings.ReplaceAll(title, " ", "-"))
				}
				if tc.slug == "-" {
					want = title
					if i := strings.LastIndex(slug, "-"); i > 0 && strings.HasPrefix(slug, title+"-") {
						slug = slug[:i]
					}
				}
				if slug != want || strings.Contains(post.Link, "igny8-") || strings.Contains(res.Link, "igny8-") {
					t.Errorf("%q: slug %q (decoded %q), link %s; want slug %q", title, post.Slug, slug, post.Link, want)
				}
				code, _, page := fetch(t, res.Link)
				if code != 200 || !strings.Contains(page, tc.title) {
					t.Errorf("%q: public URL %s answers %d", title, res.Link, code)
				}
				img, _ := app.FindFirstRecordByFilter(collections.Images, "content = {:c}", map[string]any{"c": c.Id})
				var m struct {
					Title struct{ Raw string }
				}
				wpGet(t, wp, "/wp/v2/media/"+itoa(img.GetInt("wp_media_id")), url.Values{"context": {"edit"}}, &m)
				if strings.HasPrefix(m.Title.Raw, "igny8-") || m.Title.Raw == "" {
					t.Errorf("%q: media title %q", title, m.Title.Raw)
				}
			}
		})
	}
}

// TestPublishLongTitleSlug: a title longer than a slug may be is cut at a word
// boundary, never inside a word ("…-unabridged-guide-t").
func TestPublishLongTitleSlug(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	site := sitesFor(t, app)["rest"]
	stamp := strings.ReplaceAll(time.Now().Format("150405.000"), ".", "")
	title := "Guide " + stamp + " to " + strings.Repeat("Choosing brewing tables unabridged ", 7)
	c := newContent(t, app, site, "Long "+stamp, 0)
	c.Set("title", title)
	if err := app.Save(c); err != nil {
		t.Fatal(err)
	}
	res, err := wordpress.Publish(context.Background(), app, c.Id)
	if err != nil {
		t.Fatal(err)
	}
	var post struct{ Slug string }
	wpGet(t, testWP(t, 1), "/wp/v2/posts/"+itoa(res.PostID), url.Values{"context": {"edit"}}, &post)
	words := map[string]bool{"guide": true, "to": true, stamp: true, "choosing": true, "brewing": true, "tables": true, "unabridged": true}
	for _, w := range strings.Split(post.Slug, "-") {
		if !words[w] {
			t.Fatalf("slug %q (%d bytes) has the cut word %q", post.Slug, len(post.Slug), w)
		}
	}
}
