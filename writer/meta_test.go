package writer_test

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/ai/aitest"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/writer"
)

// lastWordWhole reports whether cut ends with a whole word of full.
func lastWordWhole(full, cut string) bool {
	fs := strings.Fields(cut)
	if len(fs) == 0 {
		return false
	}
	last := strings.TrimRight(fs[len(fs)-1], ",;:")
	for _, w := range strings.Fields(full) {
		if strings.TrimRight(w, ",;:") == last {
			return true
		}
	}
	return false
}

// The meta title and slug are cut at word boundaries and keep the title's
// own punctuation. Seen in use: "…Unabridged Guide t", "…choosing-brewing-ta",
// and a title starting with a quoted phrase losing its first quote.
func TestMetaTitleAndSlugCutAtWords(t *testing.T) {
	t.Parallel()
	const title = `"Best ☕ Coffee" & <Tea>: The Complete and Unabridged Guide to Choosing the Brewing Tools and Grinders for Home Baristas`
	t.Run("dev provider", func(t *testing.T) {
		t.Parallel()
		app := testapp.New(t)
		ai.Configure(app, ai.Config{Dev: true})
		art, err := writer.Write(context.Background(), app, newTask(t, app, testapp.A, 600, map[string]any{"title": title}))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(art.MetaTitle, `"Best ☕ Coffee" & <Tea>`) || !utf8.ValidString(art.MetaTitle) ||
			utf8.RuneCountInString(art.MetaTitle) > writer.MetaTitleMax || !lastWordWhole(title, art.MetaTitle) {
			t.Errorf("meta title %q", art.MetaTitle)
		}
		full := collections.Slug(title, 1000)
		if len(art.Slug) > writer.SlugMax || !strings.HasPrefix(full, art.Slug) || full[len(art.Slug)] != '-' {
			t.Errorf("slug %q is not %q cut at a dash", art.Slug, full)
		}
	})
	t.Run("model slug too long", func(t *testing.T) {
		t.Parallel()
		app := testapp.New(t)
		srv := aitest.New(t)
		srv.Configure(app)
		m := newFakeModel()
		long := "the-guide-to-choosing-brewing-tools-grinders-kettles-and-scales-for-home-baristas-and-beginners"
		srv.Handle(func(c aitest.Call) aitest.Reply {
			for _, msg := range c.Messages {
				if msg.Role == "user" && strings.Contains(msg.Content, "Write the SEO metadata") {
					return aitest.JSON(writer.Meta{MetaTitle: "Coffee at Home", MetaDescription: "Brew better coffee at home.", Slug: long})
				}
			}
			return m.answer(c)
		})
		art, err := writer.Write(context.Background(), app, newTask(t, app, testapp.A, 600, nil))
		if err != nil {
			t.Fatal(err)
		}
		if len(art.Slug) > writer.SlugMax || !strings.HasPrefix(long, art.Slug) || long[len(art.Slug)] != '-' {
			t.Errorf("slug %q is not %q cut at a dash", art.Slug, long)
		}
	})
}
