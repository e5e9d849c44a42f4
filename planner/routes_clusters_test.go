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

// seedMaintenance gives workspace A's site three clusters: two near-duplicate
// espresso clusters (the second with an idea, a task and a published
// content) and one that mixes yoga mats with sourdough (with an idea whose
// primary keyword is a sourdough one).
func seedMaintenance(t testing.TB, app core.App) {
	t.Helper()
	site, err := app.FindRecordById(collections.Sites, testapp.SiteId(testapp.A))
	if err != nil {
		t.Fatal(err)
	}
	tenant := site.GetString("tenant")
	save := func(col string, id string, data map[string]any) {
		c, err := app.FindCollectionByNameOrId(col)
		if err != nil {
			t.Fatal(err)
		}
		r := core.NewRecord(c)
		r.Id = id
		data["tenant"], data["site"] = tenant, site.Id
		r.Load(data)
		if err := app.Save(r); err != nil {
			t.Fatalf("%s %s: %v", col, id, err)
		}
	}
	clusters := map[string][]string{
		"clespresso00001": {"best espresso machine", "espresso machine reviews", "espresso machine with grinder"},
		"clespresso00002": {"cheap espresso machine", "espresso machine sale", "espresso machine deals"},
		"clmixed00000001": {"yoga mat", "thick yoga mat", "sourdough starter", "sourdough bread recipe", "feeding sourdough starter"},
	}
	names := map[string]string{"clespresso00001": "Espresso Machines", "clespresso00002": "Espresso Machine Deals", "clmixed00000001": "Mixed"}
	n := 0
	for _, id := range []string{"clespresso00001", "clespresso00002", "clmixed00000001"} {
		kws := clusters[id]
		save(collections.Clusters, id, map[string]any{"name": names[id], "status": "active"})
		for _, k := range kws {
			n++
			save(collections.Keywords, "kwmaint"+strings.Repeat("0", 6-len(itoa(n)))+itoa(n)+"00", map[string]any{"keyword": k, "cluster": id, "status": "clustered"})
		}
	}
	save(collections.Ideas, "ideaespresso002", map[string]any{"cluster": "clespresso00002", "title": "Espresso machine deals this month", "primary_keyword": "espresso machine deals", "status": "queued"})
	save(collections.Tasks, "taskespresso002", map[string]any{"cluster": "clespresso00002", "idea": "ideaespresso002", "title": "Espresso machine deals", "status": "done"})
	save(collections.Contents, "contespresso002", map[string]any{"task": "taskespresso002", "title": "Espresso machine deals", "status": collections.ContentPublished, "publish_status": collections.PublishPublished})
	save(collections.Ideas, "ideasourdough01", map[string]any{"cluster": "clmixed00000001", "title": "Feeding a sourdough starter", "primary_keyword": "feeding sourdough starter", "status": "new"})
}

func itoa(n int) string {
	s := ""
	for ; n > 0; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	return s
}

func clusterOf(app core.App, kw string) string {
	k, err := app.FindFirstRecordByFilter(collections.Keywords, "site = {:s} && keyword = {:k}", dbx.Params{"s": testapp.SiteId(testapp.A), "k": kw})
	if err != nil {
		return "missing"
	}
	return k.GetString("cluster")
}

// The maintenance routes: suggestions (read), merge and split (editors and
// up), isolated per workspace; a merge keeps the merged cluster's ideas,
// tasks and published content, re-linked; a split takes the ideas of the
// keywords it moves; and later clustering runs leave hand-made clusters and
// hand-moved keywords where the user put them.
func TestClusterMaintenanceRoutes(t *testing.T) {
	t.Parallel()
	foreign := testapp.RecordId(collections.Clusters, testapp.B)
	cases := []struct {
		name, method, url, body, role string
		status                        int
		content                       []string
		after                         func(testing.TB, *tests.TestApp)
	}{
		{"viewer reads suggestions", http.MethodGet, "/api/igny8/planner/clusters/suggestions?site=" + testapp.SiteId(testapp.A), "", collections.RoleViewer, 200,
			[]string{`"merge":[{"clusters":["clespresso00001","clespresso00002"]`, `"split":[{"cluster":"clmixed00000001"`}, nil},
		{"B's site suggestions are not found", http.MethodGet, "/api/igny8/planner/clusters/suggestions?site=" + testapp.SiteId(testapp.B), "", collections.RoleOwner, 404, nil, nil},
		{"editor merges the deals cluster into the first", http.MethodPost, "/api/igny8/planner/clusters/clespresso00002/merge", `{"into":"clespresso00001"}`, collections.RoleEditor, 200,
			[]string{`"id":"clespresso00001"`}, func(t testing.TB, app *tests.TestApp) {
				from, _ := app.FindRecordById(collections.Clusters, "clespresso00002")
				into, _ := app.FindRecordById(collections.Clusters, "clespresso00001")
				idea, _ := app.FindRecordById(collections.Ideas, "ideaespresso002")
				task, _ := app.FindRecordById(collections.Tasks, "taskespresso002")
				content, err := app.FindRecordById(collections.Contents, "contespresso002")
				if from.GetString("status") != "archived" || !strings.Contains(from.GetString("receipts"), `"mergedInto":"clespresso00001"`) ||
					into.GetInt("keyword_count") != 6 || idea.GetString("cluster") != into.Id || task.GetString("cluster") != into.Id ||
					err != nil || content.GetString("task") != task.Id || clusterOf(app, "espresso machine deals") != into.Id {
					t.Errorf("after merge: from %s %s, into %d keywords, idea %s, task %s, content %v", from.GetString("status"), from.GetString("receipts"),
						into.GetInt("keyword_count"), idea.GetString("cluster"), task.GetString("cluster"), err)
				}
			}},
		{"viewer cannot merge", http.MethodPost, "/api/igny8/planner/clusters/clespresso00002/merge", `{"into":"clespresso00001"}`, collections.RoleViewer, 403, nil, nil},
		{"merging into B's cluster is not found", http.MethodPost, "/api/igny8/planner/clusters/clespresso00002/merge", `{"into":"` + foreign + `"}`, collections.RoleOwner, 404, nil,
			func(t testing.TB, app *tests.TestApp) {
				if c, _ := app.FindRecordById(collections.Clusters, "clespresso00002"); c.GetString("status") != "active" {
					t.Error("the cluster changed")
				}
			}},
		{"merging B's cluster is not found", http.MethodPost, "/api/igny8/planner/clusters/" + foreign + "/merge", `{"into":"clespresso00001"}`, collections.RoleOwner, 404, nil, nil},
		{"a cluster cannot merge into itself", http.MethodPost, "/api/igny8/planner/clusters/clespresso00001/merge", `{"into":"clespresso00001"}`, collections.RoleEditor, 400,
			[]string{"igny8_cluster_into"}, nil},
		{"split by the suggestion", http.MethodPost, "/api/igny8/planner/clusters/clmixed00000001/split", `{}`, collections.RoleEditor, 200,
			[]string{`"splitFrom":"clmixed00000001"`}, func(t testing.TB, app *tests.TestApp) {
				yoga, sour := clusterOf(app, "yoga mat"), clusterOf(app, "sourdough starter")
				idea, _ := app.FindRecordById(collections.Ideas, "ideasourdough01")
				if yoga == sour || clusterOf(app, "thick yoga mat") != yoga || clusterOf(app, "feeding sourdough starter") != sour || idea.GetString("cluster") != sour {
					t.Errorf("after split: yoga %s sourdough %s idea %s", yoga, sour, idea.GetString("cluster"))
				}
				// a later run leaves the hand-made clusters alone and new keywords join them
				site, _ := app.FindRecordById(collections.Sites, testapp.SiteId(testapp.A))
				if _, err := planner.ImportLines(app, site, []string{"sourdough starter recipe", "yoga mat cleaner"}); err != nil {
					t.Fatal(err)
				}
				clusterNow(t, app, site)
				if clusterOf(app, "yoga mat") != yoga || clusterOf(app, "sourdough starter") != sour || clusterOf(app, "sourdough starter recipe") != sour || clusterOf(app, "yoga mat cleaner") != yoga {
					t.Errorf("after a run: yoga mat %s (was %s), sourdough %s (was %s), new %s / %s", clusterOf(app, "yoga mat"), yoga,
						clusterOf(app, "sourdough starter"), sour, clusterOf(app, "sourdough starter recipe"), clusterOf(app, "yoga mat cleaner"))
				}
			}},
		{"split of keywords not in the cluster", http.MethodPost, "/api/igny8/planner/clusters/clmixed00000001/split", `{"keywords":["nosuchkeyword00"]}`, collections.RoleEditor, 400,
			[]string{"igny8_cluster_keywords"}, nil},
		{"B's cluster cannot be split", http.MethodPost, "/api/igny8/planner/clusters/" + foreign + "/split", `{}`, collections.RoleOwner, 404, nil, nil},
		{"a keyword moved by hand stays where the user put it", http.MethodPost, "/api/igny8/planner/keywords/move",
			`{"tenant":"` + testapp.TenantId(testapp.A) + `","filter":{"search":"thick yoga mat"},"cluster":"clespresso00001"}`, collections.RoleEditor, 200, []string{`"keywords":1`},
			func(t testing.TB, app *tests.TestApp) {
				site, _ := app.FindRecordById(collections.Sites, testapp.SiteId(testapp.A))
				if _, err := planner.ImportLines(app, site, []string{"thick yoga mat for bad knees", "yoga mat thickness"}); err != nil {
					t.Fatal(err)
				}
				clusterNow(t, app, site)
				k, _ := app.FindFirstRecordByData(collections.Keywords, "normalized", "thick yoga mat")
				if k.GetString("cluster") != "clespresso00001" || !strings.Contains(k.GetString("placement"), `"method":"manual"`) {
					t.Errorf("moved keyword now in %s, placement %s", k.GetString("cluster"), k.GetString("placement"))
				}
			}},
	}
	for _, c := range cases {
		role := c.role
		after := c.after
		s := &tests.ApiScenario{Name: c.name, Method: c.method, URL: c.url, Body: strings.NewReader(c.body), ExpectedStatus: c.status,
			ExpectedContent: c.content, TestAppFactory: testapp.Factory}
		if c.status >= 400 && len(c.content) == 0 {
			s.ExpectedContent = []string{`"data":`}
		}
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			seedMaintenance(t, app)
			s.Headers = map[string]string{"Authorization": testapp.Token(t, app, testapp.A, role)}
		}
		if after != nil {
			s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, res *http.Response) { after(t, app) }
		}
		s.Test(t)
	}
}
