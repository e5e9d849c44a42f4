package planner_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/planner"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// kwState is "status/cluster" of a keyword, "gone" once deleted.
func kwState(app core.App, id string) string {
	k, err := app.FindRecordById(collections.Keywords, id)
	if err != nil {
		return "gone"
	}
	c := k.GetString("cluster")
	if c != "" {
		c = "c:" + c[:len("clustersa")]
	}
	return k.GetString("status") + "/" + c
}

// TestBulkKeywordRoutes: each bulk action is one call on the checked ids or
// on everything matching the table's filter, changes only workspace A's
// keywords (B's look-alikes of the same names stay as they were), keeps the
// cluster stats right, and answers viewers, foreign clusters and malformed
// selections with the shared error policy.
func TestBulkKeywordRoutes(t *testing.T) {
	t.Parallel()
	a, clusterA, clusterB := testapp.TenantId(testapp.A), testapp.RecordId(collections.Clusters, testapp.A), testapp.RecordId(collections.Clusters, testapp.B)
	states := func(want map[string]string) func(testing.TB, *tests.TestApp, *http.Response) {
		return func(t testing.TB, app *tests.TestApp, res *http.Response) {
			for id, w := range want {
				if got := kwState(app, id); got != w {
					t.Errorf("keyword %s: %s, want %s", id, got, w)
				}
			}
			// workspace B never changes
			for _, id := range []string{"bwcoldratio0000", "bwcoldmaker0000", "bwitscold000000", "bwarchived00000"} {
				if got := kwState(app, id); !strings.HasPrefix(got, "new/") && !strings.HasPrefix(got, "archived/") {
					t.Errorf("B's keyword %s changed: %s", id, got)
				}
			}
		}
	}
	clusterCount := func(want int, more func(testing.TB, *tests.TestApp, *http.Response)) func(testing.TB, *tests.TestApp, *http.Response) {
		return func(t testing.TB, app *tests.TestApp, res *http.Response) {
			more(t, app, res)
			c, _ := app.FindRecordById(collections.Clusters, clusterA)
			if c.GetInt("keyword_count") != want {
				t.Errorf("cluster A holds %d keywords, want %d", c.GetInt("keyword_count"), want)
			}
		}
	}
	clusterJob := func(t testing.TB, app *tests.TestApp, res *http.Response) {
		js, err := app.FindAllRecords(collections.Jobs, dbx.HashExp{"type": planner.JobCluster})
		if err != nil || len(js) != 1 {
			t.Fatalf("cluster jobs: %d %v", len(js), err)
		}
		var p planner.ClusterPayload
		_ = js[0].UnmarshalJSONField("payload", &p)
		slices.Sort(p.Keywords)
		if want := []string{"kwcoldmaker0000", "kwcoldratio0000", "kwitscold000000"}; !slices.Equal(p.Keywords, want) || js[0].GetString("tenant") != a {
			t.Fatalf("job payload %v tenant %s, want %v", p.Keywords, js[0].GetString("tenant"), want)
		}
	}
	noJobs := func(t testing.TB, app *tests.TestApp, res *http.Response) {
		if n, _ := app.CountRecords(collections.Jobs, dbx.HashExp{"type": planner.JobCluster}); n != 0 {
			t.Fatalf("%d cluster jobs", n)
		}
	}
	sel := func(extra string) string { return `{"tenant":"` + a + `",` + extra + `}` }
	cases := []struct {
		name, role, url, body string
		status                int
		content               []string
		after                 func(testing.TB, *tests.TestApp, *http.Response)
	}{
		{"archive checked ids (B's id ignored)", "editor", "archive", sel(`"ids":["kwcoldratio0000","bwcoldratio0000"]`), 200, []string{`"keywords":1`},
			states(map[string]string{"kwcoldratio0000": "archived/", "kwcoldmaker0000": "new/"})},
		{"archive all matching a search", "editor", "archive", sel(`"filter":{"search":"cold brew"}`), 200, []string{`"keywords":3`},
			states(map[string]string{"kwcoldratio0000": "archived/", "kwcoldmaker0000": "archived/", "kwitscold000000": "archived/", "kwespresso00000": "clustered/c:clustersa"})},
		{"restore the archived", "editor", "restore", sel(`"filter":{"status":"archived"}`), 200, []string{`"keywords":1`},
			states(map[string]string{"kwarchived00000": "new/"})},
		{"delete all matching a source", "editor", "delete", sel(`"filter":{"source":"semrush"}`), 200, []string{`"keywords":3`},
			states(map[string]string{"kwcoldratio0000": "gone", "kwcoldmaker0000": "gone", "kwarchived00000": "gone", "kwitscold000000": "new/"})},
		{"delete a clustered keyword updates its cluster", "editor", "delete", sel(`"ids":["kwespresso00000"]`), 200, []string{`"keywords":1`},
			clusterCount(1, states(map[string]string{"kwespresso00000": "gone"}))},
		{"move checked ids into a cluster", "editor", "move", sel(`"ids":["kwcoldratio0000","kwitscold000000"],"cluster":"` + clusterA + `"`), 200, []string{`"keywords":2`},
			clusterCount(4, states(map[string]string{"kwcoldratio0000": "clustered/c:clustersa", "kwitscold000000": "clustered/c:clustersa"}))},
		{"move out of clusters", "editor", "move", sel(`"filter":{"cluster":"` + clusterA + `"},"cluster":""`), 200, []string{`"keywords":2`},
			clusterCount(0, states(map[string]string{"kwespresso00000": "new/", "keywordsa000000": "new/"}))},
		{"move into B's cluster", "editor", "move", sel(`"ids":["kwcoldratio0000"],"cluster":"` + clusterB + `"`), 404, []string{`"data":{}`},
			states(map[string]string{"kwcoldratio0000": "new/"})},
		{"cluster all unclustered: exactly the new ones", "editor", "cluster", sel(`"filter":{"cluster":"none"}`), 202, []string{`"keywords":3`, `"credits":1`}, clusterJob},
		{"cluster only clustered keywords", "editor", "cluster", sel(`"ids":["kwespresso00000"]`), 400, []string{`igny8_nothing_to_cluster`}, noJobs},
		{"estimate all unclustered", "viewer", "estimate", sel(`"filter":{"cluster":"none"}`), 200,
			[]string{`"keywords":4`, `"clusterable":3`, `"clusterCredits":1`, `"balance":2000`, `"balanceAfter":1999`, `"affordable":true`}, noJobs},
		{"viewer archives", "viewer", "archive", sel(`"ids":["kwcoldratio0000"]`), 403, []string{`igny8_role_too_low`},
			states(map[string]string{"kwcoldratio0000": "new/"})},
		{"viewer clusters", "viewer", "cluster", sel(`"filter":{}`), 403, []string{`igny8_role_too_low`}, noJobs},
		{"ids and filter", "editor", "archive", sel(`"ids":["kwcoldratio0000"],"filter":{}`), 400, []string{`"ids"`},
			states(map[string]string{"kwcoldratio0000": "new/"})},
		{"neither ids nor filter", "editor", "delete", sel(`"ids":[]`), 400, []string{`validation_required`},
			states(map[string]string{"kwcoldratio0000": "new/"})},
		{"invalid status", "editor", "archive", sel(`"filter":{"status":"gone"}`), 400, []string{`"status"`},
			states(map[string]string{"kwcoldratio0000": "new/"})},
		{"no tenant", "editor", "delete", `{"filter":{}}`, 400, []string{`"tenant"`},
			states(map[string]string{"kwcoldratio0000": "new/"})},
		{"B's workspace", "editor", "delete", `{"tenant":"` + testapp.TenantId(testapp.B) + `","filter":{}}`, 404, []string{`"data":{}`},
			states(map[string]string{"kwcoldratio0000": "new/"})},
	}
	for _, c := range cases {
		role := c.role
		s := &tests.ApiScenario{Name: c.name, Method: http.MethodPost, URL: "/api/igny8/planner/keywords/" + c.url,
			Body: strings.NewReader(c.body), ExpectedStatus: c.status, ExpectedContent: c.content, AfterTestFunc: c.after,
			TestAppFactory: testapp.Factory}
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			seedFilterKeywords(t, app)
			s.Headers = map[string]string{"Authorization": testapp.Token(t, app, testapp.A, role)}
		}
		s.Test(t)
	}
}

// TestBulkIdsLimit: a page of checked rows is at most planner.MaxBulkIds; a
// larger selection is sent as a filter.
func TestBulkIdsLimit(t *testing.T) {
	t.Parallel()
	ids := make([]string, planner.MaxBulkIds+1)
	for i := range ids {
		ids[i] = `"x"`
	}
	s := &tests.ApiScenario{Method: http.MethodPost, URL: "/api/igny8/planner/keywords/archive",
		Body:           strings.NewReader(`{"tenant":"` + testapp.TenantId(testapp.A) + `","ids":[` + strings.Join(ids, ",") + `]}`),
		ExpectedStatus: 400, ExpectedContent: []string{`validation_length_out_of_range`}, TestAppFactory: testapp.Factory}
	s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
		s.Headers = map[string]string{"Authorization": testapp.Token(t, app, testapp.A, collections.RoleEditor)}
	}
	s.Test(t)
}
