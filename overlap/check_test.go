package overlap_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/igny8/igny8/ai/aitest"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/overlap"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/wordpress"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
)

func newRecord(t testing.TB, app core.App, collection string, data map[string]any) *core.Record {
	t.Helper()
	col, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(col)
	r.Load(data)
	if err := app.Save(r); err != nil {
		t.Fatalf("save %s: %v", collection, err)
	}
	return r
}

func overlapsOf(t testing.TB, app core.App, field, id string) []*core.Record {
	t.Helper()
	list, err := app.FindRecordsByFilter(collections.Overlaps, field+" = {:id}", "-score", 0, 0, dbx.Params{"id": id})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// TestIdeaFlaggedOnRealSite: the index of the 500-post test WordPress is
// built, then a seeded near-duplicate idea is flagged with the existing
// post's URL and the reasons, and an unrelated idea is not; an article that
// repeats an existing post is refused for publishing until someone decides.
func TestIdeaFlaggedOnRealSite(t *testing.T) {
	url, user, pass := os.Getenv("IGNY8_TEST_WPX_URL"), os.Getenv("IGNY8_TEST_WPX_USER"), os.Getenv("IGNY8_TEST_WPX_APP_PASSWORD")
	if url == "" || pass == "" {
		t.Fatal("IGNY8_TEST_WPX_* is not set: run `bash scripts/test-setup.sh` and source .test-env")
	}
	app := testapp.New(t)
	a := testapp.TenantId(testapp.A)
	site := newRecord(t, app, collections.Sites, map[string]any{"tenant": a, "name": "Index site", "url": url, "transport": "rest",
		"wp_username": user, "app_password": pass, "status": wordpress.SiteConnected})
	if res, err := wordpress.IndexSite(context.Background(), app, site); err != nil || res.Added < 500 {
		t.Fatalf("index: %+v %v", res, err)
	}
	cluster := newRecord(t, app, collections.Clusters, map[string]any{"tenant": a, "site": site.Id, "name": "coffee", "status": "active"})
	near := newRecord(t, app, collections.Ideas, map[string]any{"tenant": a, "site": site.Id, "cluster": cluster.Id,
		"title": "How to pick a pour-over coffee setup", "primary_keyword": "pour-over coffee", "status": "new",
		// the shape the planner's ideas job stores
		"outline": map[string]any{"description": "A buyer's guide.", "sections": []map[string]any{
			{"h2": "Getting started with a pour-over setup", "h3": []string{"Grinders"}}}}})
	other := newRecord(t, app, collections.Ideas, map[string]any{"tenant": a, "site": site.Id, "cluster": cluster.Id,
		"title": "Best hiking boots for beginners", "primary_keyword": "hiking boots", "status": "new"})

	found := overlapsOf(t, app, "idea", near.Id)
	if len(found) == 0 {
		t.Fatal("the near-duplicate idea was not flagged")
	}
	var urls []string
	headings := false
	for _, f := range found {
		urls = append(urls, f.GetString("url"))
		var rs []string
		_ = f.UnmarshalJSONField("reasons", &rs)
		headings = headings || strings.Contains(strings.Join(rs, "|"), "the headings share")
		if f.GetString("status") != collections.OverlapOpen || f.GetFloat("score") < overlap.LexicalThreshold || f.GetString("page") == "" {
			t.Fatalf("finding %v", f.PublicExport())
		}
	}
	want := url + "/gen-1-how-to-choose-pour-over-coffee/"
	var reasons []string
	_ = found[0].UnmarshalJSONField("reasons", &reasons)
	if !strings.Contains(strings.Join(urls, " "), want) || !strings.Contains(strings.Join(reasons, "|"), `keyword "pour-over coffee"`) {
		t.Fatalf("near-duplicate flagged with %v (reasons %v), want %s among them", urls, reasons, want)
	}
	if !headings {
		t.Fatal("the idea's outline headings were not compared (no finding says the headings share words)")
	}
	if got := overlapsOf(t, app, "idea", other.Id); len(got) != 0 {
		t.Fatalf("the unrelated idea was flagged: %v", got[0].PublicExport())
	}

	content := newRecord(t, app, collections.Contents, map[string]any{"tenant": a, "site": site.Id, "title": "Choosing espresso machines at home",
		"html": "<h2>Why espresso machines matter</h2><p>Text.</p>", "status": "approved", "publish_status": collections.PublishNone})
	err := overlap.BeforePublish(context.Background(), app, content)
	ae, ok := errors.AsType[*router.ApiError](err)
	if !ok || ae.Status != 409 || ae.Data["code"] != "igny8_overlap" || !strings.Contains(ae.Message, "espresso-machines") {
		t.Fatalf("publishing a repeat of an existing post: %v, want 409 igny8_overlap naming the post", err)
	}
	for _, r := range overlapsOf(t, app, "content", content.Id) {
		r.Set("status", collections.OverlapGoAhead)
		if err := app.Save(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := overlap.BeforePublish(context.Background(), app, content); err != nil {
		t.Fatalf("after go ahead: %v", err)
	}
}

// TestSemanticThroughAILayer: with an embedding model (the fake OpenAI
// server behind the real client) the candidates are embedded in one call
// and the reasons carry the cosine; with the dev provider they do not.
func TestSemanticThroughAILayer(t *testing.T) {
	app := testapp.New(t)
	srv := aitest.New(t)
	srv.Configure(app)
	a, site := testapp.TenantId(testapp.A), testapp.SiteId(testapp.A)
	newRecord(t, app, collections.SitePages, map[string]any{"tenant": a, "site": site, "wp_id": 41, "kind": "post", "url": "https://a.example/cold-brew/",
		"slug": "cold-brew", "title": "A beginner's guide to cold brew coffee", "source": "rest"})
	idea := newRecord(t, app, collections.Ideas, map[string]any{"tenant": a, "site": site, "title": "Cold brew coffee basics", "primary_keyword": "cold brew coffee", "status": "new"})
	found := overlapsOf(t, app, "idea", idea.Id)
	if len(found) != 1 {
		t.Fatalf("%d findings", len(found))
	}
	var reasons []string
	_ = found[0].UnmarshalJSONField("reasons", &reasons)
	embeds := 0
	for _, c := range srv.Calls() {
		if strings.HasSuffix(c.Path, "/embeddings") {
			embeds++
			if len(c.Input) != 2 {
				t.Fatalf("embedding inputs %v, want the idea and its one candidate", c.Input)
			}
		}
	}
	if embeds != 1 || found[0].GetFloat("semantic") <= 0 || !strings.Contains(strings.Join(reasons, "|"), "embedding similarity") {
		t.Fatalf("%d embedding calls, semantic %v, reasons %v", embeds, found[0].GetFloat("semantic"), reasons)
	}

	// The page's vector is cached: checking again embeds only the idea, and
	// gives the same cosine.
	inputs := func(from int) [][]string {
		var out [][]string
		for _, c := range srv.Calls()[from:] {
			if strings.HasSuffix(c.Path, "/embeddings") {
				out = append(out, c.Input)
			}
		}
		return out
	}
	before := len(srv.Calls())
	again, err := overlap.CheckIdea(context.Background(), app, idea)
	if err != nil || len(again) != 1 {
		t.Fatalf("check again: %v %v", again, err)
	}
	if got := inputs(before); len(got) != 1 || len(got[0]) != 1 || !strings.Contains(got[0][0], "Cold brew coffee basics") {
		t.Fatalf("a second check embedded %v, want only the idea", got)
	}
	if again[0].Semantic != found[0].GetFloat("semantic") {
		t.Fatalf("cached cosine %v, first %v", again[0].Semantic, found[0].GetFloat("semantic"))
	}

	// A vector cached by another model is embedded again with the one that
	// answers, in a second call: cosines never mix models.
	page, err := app.FindFirstRecordByData(collections.SitePages, "wp_id", 41)
	if err != nil {
		t.Fatal(err)
	}
	key := page.GetString("embedding_key")
	page.Set("embedding_key", "another-model"+key[strings.LastIndex(key, ":"):])
	if err := app.Save(page); err != nil {
		t.Fatal(err)
	}
	before = len(srv.Calls())
	if again, err = overlap.CheckIdea(context.Background(), app, idea); err != nil || len(again) != 1 || again[0].Semantic != found[0].GetFloat("semantic") {
		t.Fatalf("check after a model change: %v %v", again, err)
	}
	if got := inputs(before); len(got) != 2 || len(got[0]) != 1 || len(got[1]) != 1 || !strings.Contains(got[1][0], "cold brew") {
		t.Fatalf("after a model change embedded %v, want the idea, then the page", got)
	}
	if page, _ = app.FindRecordById(collections.SitePages, page.Id); page.GetString("embedding_key") != key {
		t.Fatalf("the page's cache key is %q, want %q again", page.GetString("embedding_key"), key)
	}
}
