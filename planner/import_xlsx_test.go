package planner_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/xuri/excelize/v2"
)

// workbook writes an .xlsx with the sheets in order; each sheet's rows are
// cell values (numbers stay numbers); pct names columns (0-based) shown with
// Excel's 0.00% format, as Search Console's workbook shows CTR.
type sheet struct {
	name string
	rows [][]any
	pct  []int
}

func workbook(t testing.TB, sheets ...sheet) []byte {
	t.Helper()
	f := excelize.NewFile()
	pct, err := f.NewStyle(&excelize.Style{NumFmt: 10})
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range sheets {
		if i == 0 {
			f.SetSheetName("Sheet1", s.name)
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range s.rows {
			for c, v := range row {
				cell, err := excelize.CoordinatesToCellName(c+1, r+1)
				if err != nil {
					t.Fatal(err)
				}
				if err := f.SetCellValue(s.name, cell, v); err != nil {
					t.Fatal(err)
				}
				for _, pc := range s.pct {
					if pc == c && r > 0 {
						f.SetCellStyle(s.name, cell, cell, pct)
					}
				}
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestImportWorkbooks: .xlsx files through the import route — Semrush's
// export (first sheet), Search Console's workbook (Queries, Pages and Dates
// sheets like its zip; CTR cells formatted as percent) and a named sheet.
func TestImportWorkbooks(t *testing.T) {
	t.Parallel()
	siteA := testapp.SiteId(testapp.A)
	semrush := workbook(t, sheet{name: "keyword_overview", rows: [][]any{
		{"Keyword", "Intent", "Volume", "Trend", "Keyword Difficulty", "CPC (USD)", "SERP Features"},
		{"best running shoes", "Commercial, Transactional", 74000, "0.81,1.00", 100, 1.42, "Reviews"},
		{"trail running shoes", "Commercial", "1.3K", "0.5", 62, 0.85, ""},
		{"running shoes sale", "Transactional", "lots", "", 40, 0.3, ""},
	}})
	gsc := workbook(t,
		sheet{name: "Queries", pct: []int{3}, rows: [][]any{
			{"Top queries", "Clicks", "Impressions", "CTR", "Position"},
			{"espresso machine", 120, 3400, 0.0353, 7.2},
			{"espresso machine, cheap", 7, 1020, 0.0069, 11},
			{"espresso grinder", 0, 530, 0, 18.25},
		}},
		sheet{name: "Pages", pct: []int{3}, rows: [][]any{
			{"Top pages", "Clicks", "Impressions", "CTR", "Position"},
			{"http://127.0.0.1:9/a/espresso-guide", 140, 5200, 0.0269, 6.1},
		}},
		sheet{name: "Countries", rows: [][]any{{"Country", "Clicks"}, {"Germany", 100}}},
		sheet{name: "Dates", rows: [][]any{{"Date", "Clicks"}, {"2026-10-31", 3}, {"2026-08-03", 1}}},
		sheet{name: "Filters", rows: [][]any{{"Filter", "Value"}, {"Date", "Last 3 months"}}},
	)
	named := workbook(t,
		sheet{name: "Notes", rows: [][]any{{"exported by hand"}}},
		sheet{name: "Keywords", rows: [][]any{{"Keyword", "Search Volume"}, {"yoga mat", 900}}})
	body := func(b []byte) func() io.Reader { return func() io.Reader { return bytes.NewReader(b) } }
	cases := []importCase{
		{name: "Semrush workbook, first sheet", ws: testapp.A, role: "editor", site: siteA, file: "semrush.xlsx", body: body(semrush), status: 200,
			content: []string{`"format":"xlsx"`, `"sheet":"keyword_overview"`, `"source":"semrush"`, `"encoding":"xlsx"`, `"imported":2`, `"rejected":1`},
			after: func(t testing.TB, app *tests.TestApp, b []byte) {
				sameLines(t, "rejections", rejections(result(t, b)["rejectedRows"]), []string{`4: volume "lots" is not a number`})
				k := siteKeywords(t, app, siteA)
				if r := k["best running shoes"]; r.GetFloat("volume") != 74000 || r.GetFloat("difficulty") != 100 || r.GetFloat("cpc") != 1.42 || r.GetString("intent") != "Commercial, Transactional" {
					t.Fatalf("best running shoes %v", r.FieldsData())
				}
				if r := k["trail running shoes"]; r.GetFloat("volume") != 1300 || r.GetString("volume_raw") != "1.3K" {
					t.Fatalf("trail running shoes %v", r.FieldsData())
				}
			}},
		{name: "Search Console workbook", ws: testapp.A, role: "editor", site: siteA, file: "gsc.xlsx", body: body(gsc), status: 200,
			content: []string{`"format":"xlsx"`, `"source":"google_search_console"`, `"imported":3`, `"metrics":3`,
				`"period":{"start":"2026-08-03","end":"2026-10-31","from":"file"}`,
				`"read":["Queries","Pages","Dates"]`, `"ignored":["Countries","Filters"]`, `"written":1`},
			after: func(t testing.TB, app *tests.TestApp, b []byte) {
				got := keywordFigures(t, app, siteA)
				p := "2026-08-03..2026-10-31"
				for n, w := range map[string]figures{
					"espresso machine":        {"google_search_console", p, 120, 3400, 3.53, 7.2},
					"espresso machine, cheap": {"google_search_console", p, 7, 1020, 0.69, 11},
					"espresso grinder":        {"google_search_console", p, 0, 530, 0, 18.25},
				} {
					if len(got[n]) != 1 || got[n][0] != w {
						t.Fatalf("%s: %+v, want %+v", n, got[n], w)
					}
				}
			}},
		{name: "a named sheet", ws: testapp.A, role: "editor", site: siteA, file: "k.xlsx", body: body(named), status: 200,
			fields: map[string]string{"sheet": "keywords"}, content: []string{`"sheet":"Keywords"`, `"imported":1`}},
		{name: "a sheet the workbook does not have", ws: testapp.A, role: "editor", site: siteA, file: "k.xlsx", body: body(named), status: 400,
			fields: map[string]string{"sheet": "Nope"}, content: []string{`"igny8_no_sheet"`, `it has \"Notes\", \"Keywords\"`}},
		{name: "the first sheet has no keyword column", ws: testapp.A, role: "editor", site: siteA, file: "k.xlsx", body: body(named), status: 400,
			content: []string{`"igny8_no_keyword_column"`, `sheet \"Notes\"`}},
	}
	for _, c := range cases {
		c.url = "/api/igny8/planner/import"
		c.run(t)
	}
	// the preview names the sheets
	(importCase{name: "preview lists the sheets", url: "/api/igny8/planner/import/preview", ws: testapp.A, role: "editor", site: siteA,
		file: "k.xlsx", body: body(named), fields: map[string]string{"sheet": "Keywords"}, status: 200,
		content: []string{`"sheets":["Notes","Keywords"]`, `"sheet":"Keywords"`, `"format":"xlsx"`}}).run(t)
}
