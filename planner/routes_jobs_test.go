package planner_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/planner"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

func countJobs(t testing.TB, app core.App, typ string) int64 {
	t.Helper()
	n, err := app.CountRecords(collections.Jobs, dbx.HashExp{"type": typ})
	if err != nil {
		t.Fatalf("count %s jobs: %v", typ, err)
	}
	return n
}

func TestJobRoutes(t *testing.T) {
	t.Parallel()
	siteA := testapp.SiteId(testapp.A)
	clusterA := testapp.RecordId(collections.Clusters, testapp.A)
	ideaA, ideaB := testapp.RecordId(collections.Ideas, testapp.A), testapp.RecordId(collections.Ideas, testapp.B)
	jobsOf := func(typ string, want int64) func(t testing.TB, app *tests.TestApp, res *http.Response) {
		return func(t testing.TB, app *tests.TestApp, res *http.Response) {
			if n := countJobs(t, app, typ); n != want {
				t.Fatalf("want %d %s jobs, got %d", want, typ, n)
			}
		}
	}
	tasksFor := func(idea string, want int64) func(t testing.TB, app *tests.TestApp, res *http.Response) {
		return func(t testing.TB, app *tests.TestApp, res *http.Response) {
			n, _ := app.CountRecords(collections.Tasks, dbx.HashExp{"idea": idea})
			if n != want {
				t.Fatalf("want %d tasks for idea %s, got %d", want, idea, n)
			}
			i, _ := app.FindRecordById(collections.Ideas, idea)
			if want > 0 && i.GetString("status") != "queued" {
				t.Fatalf("idea status %q", i.GetString("status"))
			}
		}
	}
	fresh := "ideafresh000000"
	newIdea := func(t testing.TB, app *tests.TestApp) {
		col, _ := app.FindCollectionByNameOrId(collections.Ideas)
		r := core.NewRecord(col)
		r.Id = fresh
		r.Load(map[string]any{"tenant": testapp.TenantId(testapp.A), "site": siteA, "cluster": clusterA, "title": "Fresh idea",
			"primary_keyword": "keyword a", "target_keywords": []string{"keyword b"}, "structure": "guide", "content_type": "post",
			"estimated_words": 1500, "outline": map[string]any{"description": "Why it matters", "sections": []map[string]any{{"h2": "Basics", "h3": []string{"Terms"}}}}, "status": "new"})
		if err := app.Save(r); err != nil {
			t.Fatal(err)
		}
	}
	unpaid := func(t testing.TB, app *tests.TestApp) {
		tn, _ := app.FindRecordById(collections.Tenants, testapp.TenantId(testapp.A))
		tn.Set("plan_credits", 0)
		tn.Set("topup_credits", 0)
		if err := app.Save(tn); err != nil {
			t.Fatal(err)
		}
	}
	paste := func(t testing.TB, app *tests.TestApp) {
		site, _ := app.FindRecordById(collections.Sites, siteA)
		if _, err := planner.ImportLines(app, site, jobKeywords); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		name, ws, role, url, body string
		before                    []func(t testing.TB, app *tests.TestApp)
		status                    int
		content                   []string
		after                     func(t testing.TB, app *tests.TestApp, res *http.Response)
	}{
		{"editor clusters site", testapp.A, "editor", "/api/igny8/planner/cluster", `{"site":"` + siteA + `"}`, []func(testing.TB, *tests.TestApp){paste}, 202,
			[]string{`"keywords":12`, `"credits":1`}, jobsOf(planner.JobCluster, 1)},
		{"nothing to cluster", testapp.A, "editor", "/api/igny8/planner/cluster", `{"site":"` + siteA + `"}`, nil, 400, []string{`no unclustered keywords`}, jobsOf(planner.JobCluster, 0)},
		{"clustering without credits is 402", testapp.A, "owner", "/api/igny8/planner/cluster", `{"site":"` + siteA + `"}`, []func(testing.TB, *tests.TestApp){paste, unpaid}, 402,
			[]string{`Not enough credits`}, jobsOf(planner.JobCluster, 0)},
		{"viewer cannot cluster", testapp.A, "viewer", "/api/igny8/planner/cluster", `{"site":"` + siteA + `"}`, []func(testing.TB, *tests.TestApp){paste}, 403, []string{`"data":`}, jobsOf(planner.JobCluster, 0)},
		{"B cannot cluster A's site", testapp.B, "owner", "/api/igny8/planner/cluster", `{"site":"` + siteA + `"}`, []func(testing.TB, *tests.TestApp){paste}, 404, []string{`"data":`}, jobsOf(planner.JobCluster, 0)},
		{"anonymous cannot cluster", "", "", "/api/igny8/planner/cluster", `{"site":"` + siteA + `"}`, nil, 401, []string{`"data":`}, jobsOf(planner.JobCluster, 0)},
		{"editor asks ideas for a cluster", testapp.A, "editor", "/api/igny8/planner/ideas", `{"cluster":"` + clusterA + `","count":5}`, nil, 202, []string{`"credits":5`}, jobsOf(planner.JobIdeas, 1)},
		{"ideas without credits is 402", testapp.A, "editor", "/api/igny8/planner/ideas", `{"cluster":"` + clusterA + `"}`, []func(testing.TB, *tests.TestApp){unpaid}, 402, []string{`Not enough credits`}, jobsOf(planner.JobIdeas, 0)},
		{"site whose clusters all have ideas", testapp.A, "editor", "/api/igny8/planner/ideas", `{"site":"` + siteA + `"}`, nil, 400, []string{`already has ideas`}, jobsOf(planner.JobIdeas, 0)},
		{"count out of range", testapp.A, "editor", "/api/igny8/planner/ideas", `{"cluster":"` + clusterA + `","count":50}`, nil, 400, []string{`"count"`}, jobsOf(planner.JobIdeas, 0)},
		{"B cannot ask ideas for A's cluster", testapp.B, "admin", "/api/igny8/planner/ideas", `{"cluster":"` + clusterA + `"}`, nil, 404, []string{`"data":`}, jobsOf(planner.JobIdeas, 0)},
		{"viewer cannot ask ideas", testapp.A, "viewer", "/api/igny8/planner/ideas", `{"cluster":"` + clusterA + `"}`, nil, 403, []string{`"data":`}, jobsOf(planner.JobIdeas, 0)},
		{"editor queues an idea", testapp.A, "editor", "/api/igny8/planner/ideas/" + fresh + "/queue", ``, []func(testing.TB, *tests.TestApp){newIdea}, 200,
			[]string{`"title":"Fresh idea"`, `"status":"queued"`, `"word_count_target":1500`, `"keywords":["keyword a","keyword b"]`, `## Basics`}, tasksFor(fresh, 1)},
		{"queueing twice returns the existing task", testapp.A, "editor", "/api/igny8/planner/ideas/" + ideaA + "/queue", ``, nil, 200, []string{`"title":"Task a"`}, tasksFor(ideaA, 1)},
		{"bulk queue", testapp.A, "editor", "/api/igny8/planner/ideas/queue", `{"ids":["` + fresh + `","` + ideaA + `"]}`, []func(testing.TB, *tests.TestApp){newIdea}, 200,
			[]string{`"tasks":[`, `"title":"Fresh idea"`, `"title":"Task a"`}, tasksFor(fresh, 1)},
		{"bulk with B's idea changes nothing", testapp.A, "owner", "/api/igny8/planner/ideas/queue", `{"ids":["` + fresh + `","` + ideaB + `"]}`, []func(testing.TB, *tests.TestApp){newIdea}, 404, []string{`"data":`}, tasksFor(fresh, 0)},
		{"B cannot queue A's idea", testapp.B, "owner", "/api/igny8/planner/ideas/" + fresh + "/queue", ``, []func(testing.TB, *tests.TestApp){newIdea}, 404, []string{`"data":`}, tasksFor(fresh, 0)},
		{"viewer cannot queue", testapp.A, "viewer", "/api/igny8/planner/ideas/" + fresh + "/queue", ``, []func(testing.TB, *tests.TestApp){newIdea}, 403, []string{`"data":`}, tasksFor(fresh, 0)},
		{"outsider cannot queue", "outsider", "", "/api/igny8/planner/ideas/" + fresh + "/queue", ``, []func(testing.TB, *tests.TestApp){newIdea}, 404, []string{`"data":`}, tasksFor(fresh, 0)},
		{"anonymous cannot queue", "", "", "/api/igny8/planner/ideas/queue", `{"ids":["` + fresh + `"]}`, []func(testing.TB, *tests.TestApp){newIdea}, 401, []string{`"data":`}, tasksFor(fresh, 0)},
	}
	for _, c := range cases {
		c := c
		s := &tests.ApiScenario{Name: c.name, Method: http.MethodPost, URL: c.url, ExpectedStatus: c.status, ExpectedContent: c.content,
			TestAppFactory: testapp.Factory, AfterTestFunc: c.after}
		if c.body != "" {
			s.Body = strings.NewReader(c.body)
		}
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			for _, fn := range c.before {
				fn(t, app)
			}
			s.Headers = map[string]string{"Content-Type": "application/json"}
			s.Headers["Authorization"] = testapp.Authorization(t, app, c.ws, c.role)
		}
		s.Test(t)
	}
}
