package planner_test

import (
	"encoding/json"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/planner"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

type filterCase struct {
	Name   string                `json:"name"`
	Filter planner.KeywordFilter `json:"filter"`
	PB     string                `json:"pb"`
	Match  []string              `json:"match"`
}

func filterCases(t testing.TB) (string, []filterCase) {
	t.Helper()
	raw, err := os.ReadFile("testdata/keyword_filters.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Tenant string       `json:"tenant"`
		Cases  []filterCase `json:"cases"`
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	return f.Tenant, f.Cases
}

// jsFilter is the JS SDK's pb.filter(raw, params) (0.28): strings quoted as
// JSON.stringify does, numbers as they print; the app builds its list filter
// with it.
func jsFilter(raw string, params dbx.Params) string {
	for k, v := range params {
		var s string
		switch v := v.(type) {
		case string:
			var b strings.Builder
			enc := json.NewEncoder(&b)
			enc.SetEscapeHTML(false) // JSON.stringify leaves <, > and & alone
			_ = enc.Encode(v)
			s = strings.TrimSuffix(b.String(), "\n")
		case float64:
			s = strconv.FormatFloat(v, 'f', -1, 64)
		default:
			panic("unexpected param type")
		}
		raw = strings.ReplaceAll(raw, "{:"+k+"}", s)
	}
	return raw
}

// seedFilterKeywords adds the keywords testdata/keyword_filters.json expects
// to workspace A, and a look-alike of each to workspace B (never matched).
func seedFilterKeywords(t testing.TB, app core.App) {
	t.Helper()
	col, err := app.FindCollectionByNameOrId(collections.Keywords)
	if err != nil {
		t.Fatal(err)
	}
	clusterA := testapp.RecordId(collections.Clusters, testapp.A)
	rows := []map[string]any{
		{"id": "kwcoldratio0000", "keyword": "cold brew ratio", "volume": 1000, "difficulty": 30, "intent": "informational", "status": "new", "source": "semrush"},
		{"id": "kwcoldmaker0000", "keyword": "cold brew maker", "volume": 5000, "difficulty": 55, "intent": "commercial", "status": "new", "source": "semrush"},
		{"id": "kwitscold000000", "keyword": "it's cold brew", "volume": 50, "difficulty": 5, "intent": "informational", "status": "new", "source": "paste"},
		{"id": "kwespresso00000", "keyword": "espresso grind", "volume": 200, "difficulty": 70, "intent": "transactional", "status": "clustered", "cluster": clusterA, "source": "ahrefs"},
		{"id": "kwarchived00000", "keyword": "archived brew", "volume": 300, "difficulty": 20, "intent": "informational", "status": "archived", "source": "semrush"},
	}
	for _, ws := range testapp.Workspaces {
		for _, row := range rows {
			r := core.NewRecord(col)
			r.Load(row)
			r.Set("tenant", testapp.TenantId(ws))
			r.Set("site", testapp.SiteId(ws))
			r.Set("normalized", row["keyword"])
			if ws == testapp.B {
				r.Id = "b" + r.Id[1:]
				if row["cluster"] != nil {
					r.Set("cluster", testapp.RecordId(collections.Clusters, testapp.B))
				}
			}
			if err := app.Save(r); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestKeywordFilterMatchesTheTable: for every case of the shared fixture the
// server builds the filter string the app builds, the collections API lists
// exactly the expected keywords with it (as the table does), and the server's
// own resolution of the filter selects the same ids. A bulk action on "all
// matching" therefore acts on the rows the table shows, and never on another
// workspace's.
func TestKeywordFilterMatchesTheTable(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	seedFilterKeywords(t, app)
	c := testapp.NewClient(t, app)
	owner := testapp.Token(t, app, testapp.A, collections.RoleOwner)
	tenant, cases := filterCases(t)
	if tenant != testapp.TenantId(testapp.A) {
		t.Fatalf("fixture tenant %s", tenant)
	}
	for _, fc := range cases {
		raw, params := fc.Filter.Filter(tenant)
		if got := jsFilter(raw, params); got != fc.PB {
			t.Errorf("%s: server builds\n  %s\nthe app builds\n  %s", fc.Name, got, fc.PB)
		}
		res := c.Must("GET", "/api/collections/keywords/records?perPage=100&fields=id&filter="+url.QueryEscape(fc.PB), owner, "", 200)
		var listed []string
		for _, it := range res["items"].([]any) {
			listed = append(listed, it.(map[string]any)["id"].(string))
		}
		expr, err := fc.Filter.Expression(app, tenant)
		if err != nil {
			t.Fatalf("%s: %v", fc.Name, err)
		}
		var selected []string
		if err := app.DB().Select("keywords.id").From(collections.Keywords).Where(expr).Column(&selected); err != nil {
			t.Fatalf("%s: %v", fc.Name, err)
		}
		slices.Sort(listed)
		slices.Sort(selected)
		want := slices.Clone(fc.Match)
		slices.Sort(want)
		if !slices.Equal(listed, want) || !slices.Equal(selected, want) {
			t.Errorf("%s: the table lists %v, the server selects %v, want %v", fc.Name, listed, selected, want)
		}
	}
}
