package planner_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// importCase is one call of an import route with a multipart body.
type importCase struct {
	name, url, ws, role, site, file string
	body                            func() io.Reader
	fields                          map[string]string
	status                          int
	content                         []string
	after                           func(t testing.TB, app *tests.TestApp, body []byte)
}

func (c importCase) run(t *testing.T) {
	t.Helper()
	s := &tests.ApiScenario{Name: c.name, Method: http.MethodPost, URL: c.url,
		ExpectedStatus: c.status, ExpectedContent: c.content, TestAppFactory: testapp.Factory}
	if c.content == nil {
		s.ExpectedContent = []string{`"data":`}
	}
	s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
		fields := map[string]string{"site": c.site}
		for k, v := range c.fields {
			fields[k] = v
		}
		var f io.Reader
		if c.body != nil {
			f = c.body()
		}
		body, ctype := multipartBody(fields, c.file, f)
		s.Body = body
		s.Headers = map[string]string{"Content-Type": ctype, "Authorization": testapp.Authorization(t, app, c.ws, c.role)}
	}
	if c.after != nil {
		s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, res *http.Response) {
			b, err := io.ReadAll(res.Body)
			if err != nil {
				t.Fatal(err)
			}
			c.after(t, app, b)
		}
	}
	s.Test(t)
}

// TestImportPreviewRoute: the wizard's preview reads a Search Console export
// exactly — source, which column becomes which field (the search figures
// included), the first rows with their values, every rejection — and
// writes nothing; only editors of the site's workspace get it.
func TestImportPreviewRoute(t *testing.T) {
	t.Parallel()
	siteA := testapp.SiteId(testapp.A)
	nothingWritten := func(t testing.TB, app *tests.TestApp, _ []byte) {
		if n := len(siteKeywords(t, app, siteA)); n != 1 {
			t.Fatalf("the preview wrote keywords: %d on A", n)
		}
		if n, _ := app.CountRecords(collections.KeywordMetrics); n != 2 { // the fixtures' (A and B)
			t.Fatalf("the preview wrote %d keyword_metrics", n)
		}
	}
	gsc := func() io.Reader { return testdataFile(t, "search_console_queries.csv") }
	cases := []importCase{
		{name: "editor previews a Search Console CSV", ws: testapp.A, role: "editor", site: siteA, file: "Queries.csv", body: gsc, status: 200,
			fields:  map[string]string{"period_start": "2026-09-01", "period_end": "2026-11-30"},
			content: []string{`"source":"google_search_console"`, `"format":"csv"`},
			after: func(t testing.TB, app *tests.TestApp, body []byte) {
				nothingWritten(t, app, body)
				var pv struct {
					Period   map[string]string `json:"period"`
					Keywords struct {
						Columns  map[string]string `json:"columns"`
						Fields   []map[string]string
						Unmapped []string
						Preview  []struct {
							Row    int
							Cells  []string
							Values map[string]any
							Error  string
						}
						Rows, Rejected int
						RejectedRows   []map[string]any
					}
				}
				if err := json.Unmarshal(body, &pv); err != nil {
					t.Fatal(err)
				}
				k := pv.Keywords
				want := map[string]string{"keyword": "Top queries", "clicks": "Clicks", "impressions": "Impressions", "ctr": "CTR", "position": "Position"}
				if len(k.Columns) != len(want) {
					t.Fatalf("columns %v, want %v", k.Columns, want)
				}
				for f, h := range want {
					if k.Columns[f] != h {
						t.Fatalf("columns %v, want %v", k.Columns, want)
					}
				}
				if len(k.Fields) != 11 || k.Fields[7]["field"] != "clicks" || k.Fields[7]["kind"] != "figure" || k.Fields[1]["header"] != "" {
					t.Fatalf("fields %v", k.Fields)
				}
				if pv.Period["start"] != "2026-09-01" || pv.Period["end"] != "2026-11-30" || pv.Period["from"] != "request" {
					t.Fatalf("period %v", pv.Period)
				}
				if k.Rows != 7 || k.Rejected != 3 || len(k.Preview) != 7 || len(k.Unmapped) != 0 {
					t.Fatalf("rows %d rejected %d preview %d unmapped %v", k.Rows, k.Rejected, len(k.Preview), k.Unmapped)
				}
				first := k.Preview[0]
				if first.Row != 2 || strings.Join(first.Cells, "|") != "espresso machine|120|3400|3.53%|7.2" ||
					first.Values["keyword"] != "espresso machine" || first.Values["clicks"] != 120.0 || first.Values["impressions"] != 3400.0 ||
					first.Values["ctr"] != 3.53 || first.Values["position"] != 7.2 || first.Error != "" {
					t.Fatalf("first row %+v", first)
				}
				if v := k.Preview[3].Values; v["keyword"] != "espresso machine, cheap" || v["impressions"] != 1020.0 || v["ctr"] != 0.69 || v["position"] != 11.0 {
					t.Fatalf("row 5 %+v", k.Preview[3])
				}
				if v := k.Preview[2].Values; v["position"] != 18.25 || v["clicks"] != 0.0 {
					t.Fatalf("row 4 %+v", k.Preview[2])
				}
				wantRej := []string{`6: the keyword is empty`, `7: impressions "n/a?" is not a number`, `8: ctr 150 is over 100`}
				for i, r := range k.RejectedRows {
					if got := strings.TrimSuffix(strings.TrimPrefix(jsonString(r["row"])+": "+r["reason"].(string), ""), ""); got != wantRej[i] {
						t.Fatalf("rejection %d = %q, want %q", i, got, wantRej[i])
					}
				}
				if k.Preview[4].Error != "the keyword is empty" || k.Preview[4].Values != nil {
					t.Fatalf("rejected row in the preview %+v", k.Preview[4])
				}
			}},
		{name: "the mapping the client sends is used", ws: testapp.A, role: "owner", site: siteA, file: "m.csv", status: 200,
			body:   func() io.Reader { return strings.NewReader("Phrase text,Hits,Taps,Seen\nyoga mat,100,5,90\n") },
			fields: map[string]string{"mapping": `{"keyword":"Phrase text","volume":"Hits","clicks":"Taps","impressions":"Seen"}`},
			content: []string{`"source":"generic"`, `"keyword":"Phrase text"`, `"volume":"Hits"`, `"clicks":"Taps"`, `"impressions":"Seen"`,
				`"clicks":5`, `"impressions":90`, `"ctr":5.56`, `"unmapped":[]`, `"period":{"start":"`, `"from":"import date"`},
			after: nothingWritten},
		{name: "unmapped columns are listed", ws: testapp.A, role: "editor", site: siteA, file: "m.csv", status: 200,
			body: func() io.Reader {
				return strings.NewReader("Keyword,Monthly Volume,Difficulty,Organic CTR,Priority\nyoga mat,\"4,301-6,500\",40,72,60\n")
			},
			content: []string{`"source":"moz"`, `"unmapped":["Organic CTR","Priority"]`, `"volume":5401`, `"volume_raw":"4,301-6,500"`}, after: nothingWritten},
		{name: "a keyword tool's Clicks estimate is not a search figure", ws: testapp.A, role: "editor", site: siteA, file: "a.csv", status: 200,
			body: func() io.Reader {
				return strings.NewReader("Keyword,KD,Volume,Clicks,Parent Keyword\nyoga mat,10,900,400,yoga mat\n")
			},
			content: []string{`"source":"ahrefs"`, `"unmapped":["Clicks","Parent Keyword"]`, `{"field":"clicks","header":"","kind":"figure"}`}, after: nothingWritten},
		{name: "no keyword column", ws: testapp.A, role: "editor", site: siteA, file: "x.csv", body: file(t, "no_keyword_column.csv"), status: 400,
			content: []string{`"igny8_no_keyword_column"`}, after: nothingWritten},
		{name: "binary file", ws: testapp.A, role: "editor", site: siteA, file: "x.png", body: file(t, "binary.png"), status: 400,
			content: []string{`"igny8_binary"`}, after: nothingWritten},
		{name: "bad period", ws: testapp.A, role: "editor", site: siteA, file: "q.csv", body: gsc, status: 400,
			fields: map[string]string{"period_start": "2026-11-30", "period_end": "2026-09-01"}, content: []string{`"igny8_invalid_period"`}},
		{name: "viewer cannot preview", ws: testapp.A, role: "viewer", site: siteA, file: "q.csv", body: gsc, status: 403, after: nothingWritten},
		{name: "B owner cannot preview into A's site", ws: testapp.B, role: "owner", site: siteA, file: "q.csv", body: gsc, status: 404, after: nothingWritten},
		{name: "outsider cannot preview", ws: "outsider", site: siteA, file: "q.csv", body: gsc, status: 404},
		{name: "anonymous cannot preview", ws: "", site: siteA, file: "q.csv", body: gsc, status: 401},
		{name: "missing file", ws: testapp.A, role: "editor", site: siteA, status: 400, content: []string{`"file"`}},
	}
	for _, c := range cases {
		c.url = "/api/igny8/planner/import/preview"
		c.run(t)
	}
}

func file(t testing.TB, name string) func() io.Reader {
	return func() io.Reader { return testdataFile(t, name) }
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
