package planner_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/ai/aitest"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/planner"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/tools/keywordfile"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

var jobKeywords = []string{
	"espresso machine", "best espresso machine", "espresso machine with grinder", "how to descale espresso machine",
	"sourdough starter", "sourdough bread recipe", "feeding sourdough starter", "sourdough discard recipes",
	"yoga mat", "thick yoga mat", "non slip yoga mat", "how to clean a yoga mat",
}

// setupSite pastes jobKeywords into workspace A's site and returns the app and site.
func setupSite(t *testing.T) (*tests.TestApp, *core.Record) {
	t.Helper()
	app := testapp.New(t)
	site, err := app.FindRecordById(collections.Sites, testapp.SiteId(testapp.A))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := planner.ImportLines(app, site, jobKeywords); err != nil {
		t.Fatal(err)
	}
	return app, site
}

// groupsFromPrompt reads the "Group N: a | b" hint lines the clustering job sends.
func groupsFromPrompt(c aitest.Call) [][]string {
	var out [][]string
	for _, m := range c.Messages {
		for _, line := range strings.Split(m.Content, "\n") {
			if i := strings.Index(line, ": "); strings.HasPrefix(line, "Group ") && i > 0 {
				out = append(out, strings.Split(line[i+2:], " | "))
			}
		}
	}
	return out
}

func runJobs(t testing.TB, app core.App) {
	t.Helper()
	e := jobs.NewEngine(app, jobs.Options{Lease: time.Minute})
	for i := 0; i < 20; i++ {
		ran, err := e.RunOnce()
		if err != nil {
			t.Fatal(err)
		}
		if !ran {
			return
		}
	}
	t.Fatal("jobs keep running")
}

func jobRecord(t testing.TB, app core.App, id string) *core.Record {
	t.Helper()
	r, err := app.FindRecordById(collections.Jobs, id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// checkClustered asserts every pasted keyword is in exactly one new cluster of
// the site and that each cluster's stats match its keywords.
func checkClustered(t *testing.T, app core.App, site string, wantMethod string) []*core.Record {
	t.Helper()
	kws, err := app.FindAllRecords(collections.Keywords, dbx.HashExp{"site": site})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range kws {
		if k.GetString("cluster") == "" || k.GetString("status") != "clustered" {
			t.Fatalf("keyword %q not clustered: %q %q", k.GetString("keyword"), k.GetString("cluster"), k.GetString("status"))
		}
	}
	cs, err := app.FindAllRecords(collections.Clusters, dbx.HashExp{"site": site}, dbx.NewExp("id != {:f}", dbx.Params{"f": testapp.RecordId(collections.Clusters, testapp.A)}))
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, c := range cs {
		var rc map[string]any
		if err := json.Unmarshal([]byte(c.GetString("receipts")), &rc); err != nil {
			t.Fatalf("cluster %q receipts: %v", c.GetString("name"), err)
		}
		if rc["method"] != wantMethod {
			t.Fatalf("cluster %q receipts %v, want method %s", c.GetString("name"), rc, wantMethod)
		}
		n, err := app.CountRecords(collections.Keywords, dbx.HashExp{"cluster": c.Id})
		if err != nil {
			t.Fatal(err)
		}
		if int64(c.GetInt("keyword_count")) != n || n == 0 {
			t.Fatalf("cluster %q keyword_count %d, has %d", c.GetString("name"), c.GetInt("keyword_count"), n)
		}
		total += int(n)
	}
	if total != len(jobKeywords) {
		t.Fatalf("clusters hold %d keywords, want %d", total, len(jobKeywords))
	}
	return cs
}

func TestClusterJobWithAI(t *testing.T) {
	t.Parallel()
	app, site := setupSite(t)
	srv := aitest.New(t)
	srv.Configure(app)
	srv.Handle(func(c aitest.Call) aitest.Reply {
		var clusters []map[string]any
		for i, g := range groupsFromPrompt(c) {
			clusters = append(clusters, map[string]any{"name": "Topic " + string(rune('A'+i)), "description": "About " + g[0],
				"intent": "informational", "keywords": g, "existing": ""})
		}
		// The AI merges the last two groups and lists one keyword twice: both repaired, not rejected.
		if n := len(clusters); n >= 2 {
			last := clusters[n-1]["keywords"].([]string)
			clusters[n-2]["keywords"] = append(clusters[n-2]["keywords"].([]string), last...)
			clusters = clusters[:n-1]
			clusters[0]["keywords"] = append(clusters[0]["keywords"].([]string), clusters[0]["keywords"].([]string)[0])
		}
		return aitest.JSON(map[string]any{"clusters": clusters})
	})
	recs, n, err := planner.EnqueueClustering(app, site, 1000, "")
	if err != nil || n != len(jobKeywords) || len(recs) != 1 {
		t.Fatalf("enqueue: %v %d %d", err, n, len(recs))
	}
	if got := recs[0].GetInt("credits"); got != 1 {
		t.Fatalf("12 keywords should reserve 1 credit, got %d", got)
	}
	runJobs(t, app)
	if j := jobRecord(t, app, recs[0].Id); j.GetString("status") != "succeeded" {
		t.Fatalf("job %s: %s", j.GetString("status"), j.GetString("error"))
	}
	cs := checkClustered(t, app, site.Id, "ai")
	for _, c := range cs {
		if !strings.HasPrefix(c.GetString("name"), "Topic ") || c.GetString("intent") != "informational" {
			t.Fatalf("cluster not named by the AI: %q %q", c.GetString("name"), c.GetString("intent"))
		}
	}
	if len(srv.Calls()) == 0 {
		t.Fatal("the AI was not called")
	}
}

func TestClusterJobFallsBack(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		reply func(c aitest.Call) aitest.Reply
	}{
		{"broken JSON", func(aitest.Call) aitest.Reply { return aitest.InvalidJSON() }},
		{"invented keyword", func(c aitest.Call) aitest.Reply {
			var all []string
			for _, g := range groupsFromPrompt(c) {
				all = append(all, g...)
			}
			return aitest.JSON(map[string]any{"clusters": []map[string]any{{"name": "All", "description": "x", "intent": "commercial",
				"keywords": append(all, "keyword nobody asked for")}}})
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			app, site := setupSite(t)
			srv := aitest.New(t)
			srv.Configure(app)
			srv.Handle(c.reply)
			recs, _, err := planner.EnqueueClustering(app, site, 1000, "")
			if err != nil {
				t.Fatal(err)
			}
			runJobs(t, app)
			j := jobRecord(t, app, recs[0].Id)
			if j.GetString("status") != "succeeded" || !strings.Contains(j.GetString("result"), "aiFallback") {
				t.Fatalf("job %s result %s", j.GetString("status"), j.GetString("result"))
			}
			cs := checkClustered(t, app, site.Id, "tokens")
			if len(cs) < 3 {
				t.Fatalf("fallback grouping made %d clusters of 3 clear topics", len(cs))
			}
		})
	}
}

func TestClusterJobDevProviderOffline(t *testing.T) {
	t.Parallel()
	app, site := setupSite(t) // no aitest: the AI layer runs its offline dev provider
	recs, _, err := planner.EnqueueClustering(app, site, 1000, "")
	if err != nil {
		t.Fatal(err)
	}
	runJobs(t, app)
	if j := jobRecord(t, app, recs[0].Id); j.GetString("status") != "succeeded" {
		t.Fatalf("job %s: %s", j.GetString("status"), j.GetString("error"))
	}
	kws, _ := app.FindAllRecords(collections.Keywords, dbx.HashExp{"site": site.Id, "cluster": ""})
	if len(kws) != 0 {
		t.Fatalf("%d keywords left unclustered", len(kws))
	}
}

func TestStatsFollowKeywords(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	site, _ := app.FindRecordById(collections.Sites, testapp.SiteId(testapp.A))
	if _, err := planner.ImportFile(app, site, strings.NewReader("Keyword,Volume,KD\na,100,10\nb,50,30\n"), keywordfile.ParseOptions{}); err != nil {
		t.Fatal(err)
	}
	cA := testapp.RecordId(collections.Clusters, testapp.A)
	move := func(kw, cluster string) {
		k, err := app.FindFirstRecordByData(collections.Keywords, "normalized", kw)
		if err != nil {
			t.Fatal(err)
		}
		k.Set("cluster", cluster)
		if err := app.Save(k); err != nil {
			t.Fatal(err)
		}
	}
	stats := func(id string) (int, float64, float64) {
		c, _ := app.FindRecordById(collections.Clusters, id)
		return c.GetInt("keyword_count"), c.GetFloat("total_volume"), c.GetFloat("avg_difficulty")
	}
	move("a", cA)
	move("b", cA)
	// The fixture keyword (volume 10, no KD) is in the cluster too.
	if n, v, d := stats(cA); n != 3 || v != 160 || d != 20 {
		t.Fatalf("after moving in: %d %v %v", n, v, d)
	}
	col, _ := app.FindCollectionByNameOrId(collections.Clusters)
	other := core.NewRecord(col)
	other.Load(map[string]any{"tenant": site.GetString("tenant"), "site": site.Id, "name": "Other", "status": "active"})
	if err := app.Save(other); err != nil {
		t.Fatal(err)
	}
	move("b", other.Id)
	if n, v, d := stats(cA); n != 2 || v != 110 || d != 10 {
		t.Fatalf("after moving b out: %d %v %v", n, v, d)
	}
	if n, v, d := stats(other.Id); n != 1 || v != 50 || d != 30 {
		t.Fatalf("other after moving b in: %d %v %v", n, v, d)
	}
	b, _ := app.FindFirstRecordByData(collections.Keywords, "normalized", "b")
	if err := app.Delete(b); err != nil {
		t.Fatal(err)
	}
	if n, v, _ := stats(other.Id); n != 0 || v != 0 {
		t.Fatalf("other after delete: %d %v", n, v)
	}
}

func TestIdeasJob(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	srv := aitest.New(t)
	srv.Configure(app)
	idea := func(title, structure string) map[string]any {
		return map[string]any{"title": title, "primary_keyword": "keyword a", "keywords": []string{"keyword a"}, "intent": "informational",
			"content_type": "post", "structure": structure, "description": "d", "outline": []map[string]any{{"h2": "Why", "h3": []string{"x"}}},
			"estimated_words": 1200}
	}
	srv.Handle(func(c aitest.Call) aitest.Reply {
		return aitest.JSON(map[string]any{"ideas": []map[string]any{
			idea("Keyword A: The Complete Guide", "guide"),
			idea("idea  A", "listicle"),                       // the fixture idea "Idea a" again
			idea("The Complete Guide to Keyword A", "how-to"), // same words as the first
			idea("12 Keyword A Mistakes to Avoid", "listicle"),
		}})
	})
	cluster, _ := app.FindRecordById(collections.Clusters, testapp.RecordId(collections.Clusters, testapp.A))
	job, err := planner.EnqueueIdeas(app, cluster, 4, "")
	if err != nil || job.GetInt("credits") != 4 {
		t.Fatalf("enqueue: %v credits %d", err, job.GetInt("credits"))
	}
	runJobs(t, app)
	if j := jobRecord(t, app, job.Id); j.GetString("status") != "succeeded" {
		t.Fatalf("job %s: %s", j.GetString("status"), j.GetString("error"))
	}
	ideas, _ := app.FindAllRecords(collections.Ideas, dbx.HashExp{"cluster": cluster.Id})
	titles := map[string]string{}
	for _, i := range ideas {
		titles[i.GetString("title")] = i.GetString("structure")
	}
	if len(ideas) != 3 || titles["Keyword A: The Complete Guide"] != "guide" || titles["12 Keyword A Mistakes to Avoid"] != "listicle" {
		t.Fatalf("ideas %v", titles)
	}
}
