package writer_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/ai/aitest"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/writer"
	"github.com/pocketbase/pocketbase/core"
)

func newTask(t testing.TB, app core.App, ws string, words int, extra map[string]any) *core.Record {
	t.Helper()
	col, err := app.FindCollectionByNameOrId(collections.Tasks)
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(col)
	r.Load(map[string]any{"tenant": testapp.TenantId(ws), "site": testapp.SiteId(ws), "title": "Coffee at Home",
		"keywords": []string{"home coffee", "brewing"}, "word_count_target": words, "status": "queued"})
	r.Load(extra)
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	return r
}

func checkArticle(t testing.TB, art *writer.Article) {
	t.Helper()
	w := art.Parsed.WordCount
	if lo, hi := float64(art.Target)*0.85, float64(art.Target)*1.15; float64(w) < lo || float64(w) > hi {
		t.Errorf("word count %d outside %v-%v", w, lo, hi)
	}
	if len([]rune(art.MetaTitle)) > 60 || len([]rune(art.MetaDescription)) > 160 || art.MetaTitle == "" || art.MetaDescription == "" {
		t.Errorf("meta lengths: %q (%d) %q (%d)", art.MetaTitle, len(art.MetaTitle), art.MetaDescription, len(art.MetaDescription))
	}
	h := art.Parsed.HTML
	if strings.Contains(h, "<h1") || !strings.Contains(h, "<h2") {
		t.Errorf("bad outline: %v", art.Parsed.Headings)
	}
	for i, head := range art.Parsed.Headings {
		if i == 0 && !strings.HasPrefix(head, "h2 ") {
			t.Errorf("first heading is %q", head)
		}
	}
	if again, _ := writer.Reparse(h); again.HTML != h {
		t.Errorf("stored HTML is not in reparsed form")
	}
}

func TestWrite(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		words int
		setup func(m *fakeModel, srv *aitest.Server)
		check func(t *testing.T, m *fakeModel, srv *aitest.Server, art *writer.Article)
	}{
		{"sections as asked", 1000, nil, func(t *testing.T, m *fakeModel, srv *aitest.Server, art *writer.Article) {
			// outline + intro + 4 sections + conclusion + meta
			if m.count("outline") != 1 || m.count("section") != 6 || m.count("meta") != 1 {
				t.Errorf("calls: %v", m.seen)
			}
			if !strings.Contains(art.Parsed.HTML, ">Conclusion</h2>") || len(art.Parsed.Slots) != 5 {
				t.Errorf("slots %v", art.Parsed.Slots)
			}
			if art.Usage.TokensIn == 0 || art.Usage.Calls != 8 {
				t.Errorf("usage %+v", art.Usage)
			}
		}},
		{"replies twice too long are trimmed", 800, func(m *fakeModel, _ *aitest.Server) { m.lengthFactor = 2 }, nil},
		{"replies half as long get a longer section", 1200, func(m *fakeModel, _ *aitest.Server) { m.lengthFactor = 0.5; m.headings = m.headings[:2] }, func(t *testing.T, m *fakeModel, _ *aitest.Server, art *writer.Article) {
			if m.count("section") <= 4 {
				t.Errorf("no section regenerated: %v", m.seen)
			}
		}},
		{"unsafe html from the model is removed", 600, func(m *fakeModel, _ *aitest.Server) {
			m.sectionExtra = `<p>x<script>alert(1)</script><img src="a.png" onerror="alert(2)"><a href="javascript:alert(3)">link</a></p><h1>Big</h1>`
		}, func(t *testing.T, _ *fakeModel, _ *aitest.Server, art *writer.Article) {
			for _, bad := range []string{"<script", "onerror", "javascript:", "alert", "<h1"} {
				if strings.Contains(art.Parsed.HTML, bad) {
					t.Errorf("%s survived", bad)
				}
			}
		}},
		{"long meta is asked again then trimmed at a word", 600, func(m *fakeModel, _ *aitest.Server) {
			m.metaTitle = strings.Repeat("Very long title words ", 6)
			m.metaDesc = strings.Repeat("A description that keeps going ", 10)
		}, func(t *testing.T, m *fakeModel, _ *aitest.Server, art *writer.Article) {
			if m.count("meta") != 2 {
				t.Errorf("meta asked %d times", m.count("meta"))
			}
			if !strings.HasSuffix(art.MetaTitle, "words") && !strings.HasSuffix(art.MetaTitle, "title") && !strings.HasSuffix(art.MetaTitle, "long") && !strings.HasSuffix(art.MetaTitle, "Very") {
				t.Errorf("meta title not cut at a word: %q", art.MetaTitle)
			}
		}},
		{"faq from the outline", 1000, func(m *fakeModel, _ *aitest.Server) { m.faq = []string{"Is it hard?", "What does it cost?"} }, func(t *testing.T, _ *fakeModel, _ *aitest.Server, art *writer.Article) {
			if !strings.Contains(art.Parsed.HTML, ">Frequently Asked Questions</h2>") {
				t.Error("no FAQ section")
			}
		}},
		{"invalid outline JSON is repaired", 800, func(_ *fakeModel, srv *aitest.Server) { srv.Enqueue(aitest.InvalidJSON()) }, func(t *testing.T, m *fakeModel, srv *aitest.Server, art *writer.Article) {
			calls := srv.Calls()
			last := calls[1].Messages[len(calls[1].Messages)-1].Content
			if !strings.Contains(last, "not valid") || m.count("outline") != 1 {
				t.Errorf("second call is not a repair: %q", last)
			}
		}},
		{"cut-off section is continued", 600, func(m *fakeModel, _ *aitest.Server) { m.truncate = 1 }, func(t *testing.T, m *fakeModel, _ *aitest.Server, art *writer.Article) {
			if m.count("truncated") != 1 || m.count("continued") != 1 {
				t.Errorf("calls: %v", m.seen)
			}
			if intro := "<p>" + words(40, "w") + "</p><p>" + words(20, "w") + "</p>\n<h2"; !strings.HasPrefix(art.Parsed.HTML, intro) {
				t.Errorf("the cut-off introduction is not whole:\n%s", art.Parsed.HTML)
			}
		}},
		{"cut-off twice is regenerated with more tokens", 600, func(m *fakeModel, _ *aitest.Server) { m.truncate = 2 }, func(t *testing.T, m *fakeModel, srv *aitest.Server, art *writer.Article) {
			if m.count("truncated") != 2 || m.count("continued") != 0 {
				t.Errorf("calls: %v", m.seen)
			}
			calls := srv.Calls()
			if calls[3].MaxTokens != 2*calls[1].MaxTokens {
				t.Errorf("regeneration max tokens %d, first %d", calls[3].MaxTokens, calls[1].MaxTokens)
			}
			if intro := "<p>" + words(40, "w") + "</p><p>" + words(20, "w") + "</p>\n<h2"; !strings.HasPrefix(art.Parsed.HTML, intro) {
				t.Errorf("the cut-off introduction is not whole:\n%s", art.Parsed.HTML)
			}
		}},
		{"cut-off three times fails and stores nothing", 600, func(m *fakeModel, _ *aitest.Server) { m.truncate = 3 }, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			app := testapp.New(t)
			srv := aitest.New(t)
			srv.Configure(app)
			m := newFakeModel()
			srv.Handle(m.answer)
			if c.setup != nil {
				c.setup(m, srv)
				srv.Handle(m.answer)
			}
			art, err := writer.Write(context.Background(), app, newTask(t, app, testapp.A, c.words, nil))
			if m.truncate > 0 || strings.HasPrefix(c.name, "cut-off three") {
				if !errors.Is(err, ai.ErrTruncated) || art != nil {
					t.Fatalf("want ErrTruncated and no article, got %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkArticle(t, art)
			if c.check != nil {
				c.check(t, m, srv, art)
			}
		})
	}
}

func TestWriteUsesPersonaAndStrategy(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	srv := aitest.New(t)
	srv.Configure(app)
	m := newFakeModel()
	srv.Handle(m.answer)
	save := func(col string, data map[string]any) *core.Record {
		c, _ := app.FindCollectionByNameOrId(col)
		r := core.NewRecord(c)
		r.Load(data)
		if err := app.Save(r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	a, b := testapp.TenantId(testapp.A), testapp.TenantId(testapp.B)
	persona := save(collections.Personas, map[string]any{"tenant": a, "name": "Barista", "audience": "home baristas", "voice": "warm", "dos": []string{"use metric units"}, "donts": []string{"use jargon"}})
	foreign := save(collections.Personas, map[string]any{"tenant": b, "name": "Spy", "audience": "B's secret audience"})
	save(collections.Strategies, map[string]any{"tenant": a, "site": testapp.SiteId(testapp.A), "name": "House", "rules": "Short paragraphs.", "always_faq": true, "never_mention": []string{"Starbucks"}, "active": true})
	save(collections.Strategies, map[string]any{"tenant": a, "name": "Inactive", "rules": "SHOUT", "active": false})
	save(collections.Strategies, map[string]any{"tenant": b, "name": "B rules", "rules": "B's rule", "active": true})

	art, err := writer.Write(context.Background(), app, newTask(t, app, testapp.A, 800, map[string]any{"persona": persona.Id}))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(art.Parsed.HTML, ">Frequently Asked Questions</h2>") {
		t.Error("always_faq strategy ignored")
	}
	sys := strings.Join(m.systems, "\n")
	for _, want := range []string{"home baristas", "use metric units", "use jargon", "Short paragraphs.", "Never mention: Starbucks"} {
		if !strings.Contains(m.systems[0], want) {
			t.Errorf("system prompt lacks %q", want)
		}
	}
	for _, not := range []string{"SHOUT", "B's rule", "secret audience"} {
		if strings.Contains(sys, not) {
			t.Errorf("system prompt carries %q", not)
		}
	}
	// a persona id of another workspace is ignored
	m.systems = nil
	if _, err := writer.Write(context.Background(), app, newTask(t, app, testapp.A, 600, map[string]any{"persona": foreign.Id})); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.Join(m.systems, "\n"), "secret audience") {
		t.Error("B's persona leaked into A's article")
	}
}

// A chatty model wraps each section in a preamble and a sign-off; neither
// may reach the article (14 of them were stored in one run, counted as words).
func TestWriteStripsChatWrappers(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	srv := aitest.New(t)
	srv.Configure(app)
	m := newFakeModel()
	leads := []string{"Sure! Here is the text you asked for:\n", "<p>Certainly! Below is the HTML for the section:</p>", "Here's the section you requested:\n```html\n"}
	tails := []string{"\nLet me know if you would like any changes.", "<p>I hope this helps! Let me know if you need any adjustments.</p>", "\n```\nFeel free to ask for any tweaks."}
	n := 0
	srv.Handle(func(c aitest.Call) aitest.Reply {
		r := m.answer(c)
		if r.FinishReason == "" && strings.Contains(r.Content, "<h2>") {
			r.Content = leads[n%3] + r.Content + tails[n%3]
			n++
		}
		return r
	})
	art, err := writer.Write(context.Background(), app, newTask(t, app, testapp.A, 1000, nil))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"Sure!", "Certainly", "Here's the section", "Let me know", "hope this helps", "Feel free", "```"} {
		if strings.Contains(art.Parsed.HTML, bad) {
			t.Errorf("%q is in the article:\n%s", bad, art.Parsed.HTML)
		}
	}
	if n < 6 {
		t.Fatalf("only %d replies were wrapped", n)
	}
	checkArticle(t, art)
}
