package autopilot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/autopilot"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/core"
)

// gateFixture is an article that passes every gate with the defaults: a task
// with a 100-word target and a two-section brief, an article of 100 plain
// words with both sections, meta within limits and a ready featured image.
type gateFixture struct {
	app     core.App
	task    *core.Record
	content *core.Record
}

const plainSentence = "We like to brew good coffee at home with a small pot and fresh beans each day. "

func article(h2s ...string) string {
	var b strings.Builder
	for _, h := range h2s {
		b.WriteString("<h2>" + h + "</h2><p>")
		for i := 0; i < 3; i++ {
			b.WriteString(plainSentence)
		}
		b.WriteString("</p>")
	}
	return b.String()
}

func newGateFixture(t *testing.T) *gateFixture {
	t.Helper()
	app := testapp.New(t)
	save := func(collection string, data map[string]any) *core.Record {
		col, _ := app.FindCollectionByNameOrId(collection)
		r := core.NewRecord(col)
		r.Load(data)
		if err := app.Save(r); err != nil {
			t.Fatalf("%s: %v", collection, err)
		}
		return r
	}
	base := map[string]any{"tenant": testapp.TenantId(testapp.A), "site": testapp.SiteId(testapp.A)}
	with := func(m map[string]any) map[string]any {
		for k, v := range base {
			m[k] = v
		}
		return m
	}
	task := save(collections.Tasks, with(map[string]any{"title": "Coffee at home", "status": "done", "word_count_target": 100,
		"brief": "About home coffee.\n## Why brew at home\n### Cost\n## 2. What you need"}))
	html := article("Why brew at home", "What you need")
	content := save(collections.Contents, with(map[string]any{"title": "Coffee at home", "task": task.Id, "html": html,
		"word_count": 2 * 3 * 17, "status": "draft", "meta_title": "Coffee at home: a simple guide",
		"meta_description": strings.Repeat("Brew good coffee at home. ", 4)}))
	f := &gateFixture{app: app, task: task, content: content}
	// the featured image: the fixture's ready image moved onto this content
	img, _ := app.FindRecordById(collections.Images, testapp.RecordId(collections.Images, testapp.A))
	img.Set("content", content.Id)
	if err := app.Save(img); err != nil {
		t.Fatal(err)
	}
	// the site's other fixture content says something else entirely
	return f
}

func (f *gateFixture) check(t *testing.T, g autopilot.Gates) map[string]autopilot.GateResult {
	t.Helper()
	fresh, _ := f.app.FindRecordById(collections.Contents, f.content.Id)
	r, err := autopilot.Check(f.app, fresh, g, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]autopilot.GateResult{}
	for _, res := range r.Results {
		out[res.Gate] = res
	}
	if r.Passed != (len(r.Failed) == 0) {
		t.Fatalf("passed %v with failed %v", r.Passed, r.Failed)
	}
	return out
}

func (f *gateFixture) set(t *testing.T, field string, v any) {
	t.Helper()
	c, _ := f.app.FindRecordById(collections.Contents, f.content.Id)
	c.Set(field, v)
	if err := f.app.Save(c); err != nil {
		t.Fatal(err)
	}
}

// TestGates: each gate passes the fixture article with its defaults, fails
// it for exactly its own reason with a readable detail, follows its setting,
// and is left out when off.
func TestGates(t *testing.T) {
	t.Parallel()
	f := newGateFixture(t)
	all := f.check(t, autopilot.Gates{})
	for _, g := range autopilot.GateNames {
		if !all[g].Passed {
			t.Fatalf("gate %s fails the good article: %s", g, all[g].Detail)
		}
	}
	expectFail := func(gate, want string, g autopilot.Gates) {
		t.Helper()
		res := f.check(t, g)
		if res[gate].Passed || !strings.Contains(res[gate].Detail, want) {
			t.Fatalf("gate %s: %+v, want a failure saying %q", gate, res[gate], want)
		}
		for _, other := range autopilot.GateNames {
			if r, ok := res[other]; ok && other != gate && !r.Passed {
				t.Fatalf("gate %s failed too: %s", other, r.Detail)
			}
		}
	}

	// word count: 102 words against a 100 target passes ±25 %, not ±1 %
	var g autopilot.Gates
	g.WordCount.Tolerance = 0.01
	expectFail(autopilot.GateWordCount, "102 words, outside 99-101", g)

	// outline: every brief section, matched by words ("2. What you need")
	f.set(t, "html", article("Why brew at home", "Something else"))
	f.set(t, "word_count", 102)
	expectFail(autopilot.GateOutline, `"2. What you need"`, autopilot.Gates{})
	g = autopilot.Gates{}
	g.Outline.Off = true
	if _, ok := f.check(t, g)[autopilot.GateOutline]; ok {
		t.Fatal("the outline gate ran while off")
	}
	f.set(t, "html", article("Why brew at home", "What you need"))

	// meta: title and description limits
	f.set(t, "meta_title", "Coffee")
	expectFail(autopilot.GateMeta, "meta title 6 characters (allowed 20-60)", autopilot.Gates{})
	g = autopilot.Gates{}
	g.Meta.TitleMin = 5
	if !f.check(t, g)[autopilot.GateMeta].Passed {
		t.Fatal("title_min 5 still fails a 6-character title")
	}
	f.set(t, "meta_title", "Coffee at home: a simple guide")

	// banned words: the site's list and the strategies' never_mention terms, whole words only
	g = autopilot.Gates{}
	g.BannedWords.Words = []string{"Fresh Beans"}
	expectFail(autopilot.GateBannedWords, `"Fresh Beans"`, g)
	g.BannedWords.Words = []string{"bean"} // "beans" is another word
	if !f.check(t, g)[autopilot.GateBannedWords].Passed {
		t.Fatal("a part of a word counted as a banned word")
	}
	strat, _ := f.app.FindRecordById(collections.Strategies, testapp.RecordId(collections.Strategies, testapp.A))
	strat.Set("active", true)
	strat.Set("never_mention", []string{"small pot"})
	if err := f.app.Save(strat); err != nil {
		t.Fatal(err)
	}
	expectFail(autopilot.GateBannedWords, `"small pot"`, autopilot.Gates{})
	strat.Set("never_mention", []string{})
	_ = f.app.Save(strat)

	// near-duplicate of another igny8 article of the site
	other, _ := f.app.FindRecordById(collections.Contents, testapp.RecordId(collections.Contents, testapp.A))
	other.Set("html", article("Why brew at home", "What you need"))
	if err := f.app.Save(other); err != nil {
		t.Fatal(err)
	}
	expectFail(autopilot.GateDuplicate, `100 % like "Content a"`, autopilot.Gates{})
	other.Set("html", "<h2>Hi</h2>")
	_ = f.app.Save(other)

	// reading level: the plain text is about grade 3
	g = autopilot.Gates{}
	g.ReadingLevel.MaxGrade = 1
	expectFail(autopilot.GateReadingLevel, "above 1.0", g)

	// featured image: none ready
	img, _ := f.app.FindRecordById(collections.Images, testapp.RecordId(collections.Images, testapp.A))
	img.Set("status", "failed")
	_ = f.app.Save(img)
	expectFail(autopilot.GateFeaturedImage, "no generated featured image", autopilot.Gates{})
}

func TestGatesValidate(t *testing.T) {
	var g autopilot.Gates
	g.WordCount.Tolerance = 2
	if g.Validate() == nil {
		t.Fatal("tolerance 2 validated")
	}
	g = autopilot.Gates{}
	g.Meta.TitleMin, g.Meta.TitleMax = 50, 40
	if g.Validate() == nil {
		t.Fatal("title_min above title_max validated")
	}
}

// TestCannibalisationGate: an undecided overlap with a page of the live site
// (the overlap check's finding) fails the gate with the page; "go ahead"
// passes it.
func TestCannibalisationGate(t *testing.T) {
	t.Parallel()
	f := newGateFixture(t)
	col, _ := f.app.FindCollectionByNameOrId(collections.Overlaps)
	o := core.NewRecord(col)
	o.Load(map[string]any{"tenant": testapp.TenantId(testapp.A), "site": testapp.SiteId(testapp.A), "content": f.content.Id,
		"url": "https://a.example.com/coffee-at-home/", "title": "Coffee at home", "score": 0.8, "status": collections.OverlapOpen})
	if err := f.app.Save(o); err != nil {
		t.Fatal(err)
	}
	res := f.check(t, autopilot.Gates{})[autopilot.GateCannibal]
	if res.Passed || !strings.Contains(res.Detail, "https://a.example.com/coffee-at-home/ (80 %)") {
		t.Fatalf("cannibalisation gate %+v", res)
	}
	o.Set("status", collections.OverlapGoAhead)
	if err := f.app.Save(o); err != nil {
		t.Fatal(err)
	}
	if res := f.check(t, autopilot.Gates{})[autopilot.GateCannibal]; !res.Passed {
		t.Fatalf("after go ahead: %+v", res)
	}
}
