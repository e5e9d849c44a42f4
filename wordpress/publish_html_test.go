package wordpress_test

import (
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/wordpress"
	"github.com/pocketbase/pocketbase/core"
)

// TestRewriteImagesEscapes: the figures igny8 sends are built with every value
// escaped, and a URL that is not http(s) gives no image at all — whatever an
// image record holds.
func TestRewriteImagesEscapes(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	col, _ := app.FindCollectionByNameOrId(collections.Images)
	mk := func(id, alt string) *core.Record {
		r := core.NewRecord(col)
		r.Id = id
		r.Load(map[string]any{"kind": "in_article", "alt": alt, "wp_media_id": 9})
		return r
	}
	a := mk("aaaaaaaaaaaaaaa", `"><script>alert(1)</script>`)
	b := mk("bbbbbbbbbbbbbbb", "b")
	c := mk("ccccccccccccccc", "c")
	d := mk("ddddddddddddddd", "d")
	body := `<p>x</p><figure data-igny8-image="aaaaaaaaaaaaaaa"><img src="/api/files/images/a/a.png" alt="x"/><figcaption>A <em>cup</em></figcaption></figure>`
	urls := map[string]string{
		"aaaaaaaaaaaaaaa": `https://wp.example/a.png`,
		"bbbbbbbbbbbbbbb": `javascript:alert(1)`,
		"ccccccccccccccc": `https://wp.example/c.png" onerror="alert(1)`,
		"ddddddddddddddd": `https://wp.example/d.png?x=1&y=2`,
	}
	out := wordpress.RewriteImages(body, urls, []*core.Record{a, b, c, d})
	for _, bad := range []string{`onerror=`, `<script>`, `javascript:`, "x=1&y"} {
		if strings.Contains(out, bad) {
			t.Errorf("built HTML contains %q:\n%s", bad, out)
		}
	}
	for _, want := range []string{`alt="&quot;&gt;&lt;script&gt;`, `<figcaption class="wp-element-caption">A <em>cup</em></figcaption>`, `src="https://wp.example/a.png"`, `src="https://wp.example/d.png?x=1&amp;y=2"`} {
		if !strings.Contains(out, want) {
			t.Errorf("built HTML lacks %q:\n%s", want, out)
		}
	}
}
