package planner_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// figures is one keyword_metrics or page_metrics record's values.
type figures struct {
	source, period                string
	clicks, impressions, ctr, pos float64
}

func figuresOf(r *core.Record) figures {
	return figures{r.GetString("source"), r.GetString("period"), r.GetFloat("clicks"), r.GetFloat("impressions"), r.GetFloat("ctr"), r.GetFloat("position")}
}

// keywordFigures returns normalized keyword → its keyword_metrics records of site.
func keywordFigures(t testing.TB, app core.App, site string) map[string][]figures {
	t.Helper()
	kws := siteKeywords(t, app, site)
	byId := map[string]string{}
	for n, k := range kws {
		byId[k.Id] = n
	}
	recs, err := app.FindRecordsByFilter(collections.KeywordMetrics, "site = {:s}", "period_end", 0, 0, dbx.Params{"s": site})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]figures{}
	for _, r := range recs {
		out[byId[r.GetString("keyword")]] = append(out[byId[r.GetString("keyword")]], figuresOf(r))
	}
	return out
}

// latest is what a keyword shows as its latest figures.
func latest(k *core.Record) figures {
	return figures{k.GetString("metrics_source"), k.GetString("metrics_period"), k.GetFloat("clicks"), k.GetFloat("impressions"), k.GetFloat("ctr"), k.GetFloat("position")}
}

func result(t testing.TB, body []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// rejections renders rejectedRows as "row: reason" lines.
func rejections(v any) []string {
	var out []string
	list, _ := v.([]any)
	for _, r := range list {
		m := r.(map[string]any)
		out = append(out, fmt.Sprintf("%v: %v", m["row"], m["reason"]))
	}
	return out
}

func sameLines(t testing.TB, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("%s:\n got  %q\n want %q", what, got, want)
	}
}

// zipOf writes a zip archive holding files in order.
func zipOf(files ...[2]string) []byte {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, f := range files {
		fw, err := w.Create(f[0])
		if err == nil {
			_, err = io.WriteString(fw, f[1])
		}
		if err != nil {
			panic(err) // a bytes.Buffer does not fail
		}
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

const gscPages = "Top pages,Clicks,Impressions,CTR,Position\n" +
	"http://127.0.0.1:9/a/espresso-guide,140,5200,2.69%,6.1\n" +
	"http://127.0.0.1:9/a/milk-frothers,9,700,1.29%,12.4\n" +
	"https://other.example.com/stolen,1,10,10%,1\n" +
	"not a url,1,2,50%,3\n"

// searchConsoleZip is Performance → Export → Download CSV: a zip of one CSV
// per tab.
func searchConsoleZip(t testing.TB, queries string) []byte {
	return zipOf(
		[2]string{"Queries.csv", queries},
		[2]string{"Pages.csv", gscPages},
		[2]string{"Countries.csv", "Country,Clicks,Impressions,CTR,Position\nGermany,100,2000,5%,4.1\n"},
		[2]string{"Devices.csv", "Device,Clicks,Impressions,CTR,Position\nMobile,80,1500,5.33%,4.4\n"},
		[2]string{"Search appearance.csv", "Search Appearance,Clicks,Impressions,CTR,Position\n"},
		[2]string{"Dates.csv", "Date,Clicks,Impressions,CTR,Position\n2026-11-30,3,40,7.5%,4\n2026-09-01,1,20,5%,6\n2026-10-15,2,30,6.67%,5\n"},
		[2]string{"Filters.csv", "Filter,Value\nSearch type,Web\nDate,Last 3 months\n"},
	)
}

// fixtureFigures are the fixture keyword's keyword_metrics (testapp).
var fixtureFigures = figures{"google_search_console", "2026-01-01..2026-01-31", 3, 40, 7.5, 4.2}

var gscRejections = []string{`6: the keyword is empty`, `7: impressions "n/a?" is not a number`, `8: ctr 150 is over 100`}

// TestImportSearchConsole: Search Console's CSV and its zip through the real
// import route — every figure read exactly into keyword_metrics and onto the
// keyword, the zip's Pages.csv into page_metrics (a page of another host
// rejected), what else the zip held listed, its period from Dates.csv, and
// the rejections listed.
func TestImportSearchConsole(t *testing.T) {
	t.Parallel()
	siteA := testapp.SiteId(testapp.A)
	queries, err := io.ReadAll(testdataFile(t, "search_console_queries.csv"))
	if err != nil {
		t.Fatal(err)
	}
	wantKeywords := func(t testing.TB, app *tests.TestApp, period string) {
		got := keywordFigures(t, app, siteA)
		want := map[string]figures{
			"espresso machine":        {"google_search_console", period, 120, 3400, 3.53, 7.2},
			"best espresso machine":   {"google_search_console", period, 45, 1200, 3.75, 4.8},
			"espresso grinder":        {"google_search_console", period, 0, 530, 0, 18.25},
			"espresso machine, cheap": {"google_search_console", period, 7, 1020, 0.69, 11},
			"keyword a":               fixtureFigures, // copied onto its keyword by the import's refresh
		}
		if len(got) != len(want) {
			t.Fatalf("keyword_metrics %v", got)
		}
		kws := siteKeywords(t, app, siteA)
		for n, w := range want {
			if len(got[n]) != 1 || got[n][0] != w {
				t.Fatalf("%s: keyword_metrics %+v, want %+v", n, got[n], w)
			}
			if k := kws[n]; k == nil || latest(k) != w || n != "keyword a" && k.GetString("source") != "import:google_search_console" {
				t.Fatalf("%s: keyword shows %+v", n, k)
			}
		}
	}
	cases := []importCase{
		{name: "Search Console CSV", ws: testapp.A, role: "editor", site: siteA, file: "Queries.csv", status: 200,
			body:   func() io.Reader { return bytes.NewReader(queries) },
			fields: map[string]string{"period_start": "2026-09-01", "period_end": "2026-11-30"},
			content: []string{`"source":"google_search_console"`, `"imported":4`, `"rejected":3`, `"metrics":4`,
				`"period":{"start":"2026-09-01","end":"2026-11-30","from":"request"}`},
			after: func(t testing.TB, app *tests.TestApp, body []byte) {
				sameLines(t, "rejections", rejections(result(t, body)["rejectedRows"]), gscRejections)
				wantKeywords(t, app, "2026-09-01..2026-11-30")
			}},
		{name: "Search Console zip", ws: testapp.A, role: "editor", site: siteA, file: "performance.zip", status: 200,
			body: func() io.Reader { return bytes.NewReader(searchConsoleZip(t, string(queries))) },
			content: []string{`"format":"zip"`, `"source":"google_search_console"`, `"imported":4`, `"metrics":4`,
				`"period":{"start":"2026-09-01","end":"2026-11-30","from":"file"}`,
				`"read":["Dates.csv","Pages.csv","Queries.csv"]`, `"ignored":["Countries.csv","Devices.csv","Search appearance.csv","Filters.csv"]`},
			after: func(t testing.TB, app *tests.TestApp, body []byte) {
				res := result(t, body)
				sameLines(t, "rejections", rejections(res["rejectedRows"]), gscRejections)
				pages := res["pages"].(map[string]any)
				if pages["rows"] != 4.0 || pages["written"] != 2.0 || pages["rejected"] != 2.0 {
					t.Fatalf("pages %v", pages)
				}
				sameLines(t, "page rejections", rejections(pages["rejectedRows"]), []string{
					`4: the page "https://other.example.com/stolen" is not on the site's host 127.0.0.1`,
					`5: the page "not a url" is not an http(s) address`})
				wantKeywords(t, app, "2026-09-01..2026-11-30")
				recs, err := app.FindRecordsByFilter(collections.PageMetrics, "site = {:s}", "url", 0, 0, dbx.Params{"s": siteA})
				if err != nil {
					t.Fatal(err)
				}
				got := map[string]figures{}
				for _, r := range recs {
					got[r.GetString("url")] = figuresOf(r)
				}
				p := "2026-09-01..2026-11-30"
				want := map[string]figures{
					"http://127.0.0.1:9/a/espresso-guide": {"google_search_console", p, 140, 5200, 2.69, 6.1},
					"http://127.0.0.1:9/a/milk-frothers":  {"google_search_console", p, 9, 700, 1.29, 12.4},
					"http://127.0.0.1:9/a/page":           {"google_search_console", "2026-01-01..2026-01-31", 3, 40, 7.5, 4.2}, // the fixture
				}
				if len(got) != len(want) {
					t.Fatalf("page_metrics %v", got)
				}
				for u, w := range want {
					if got[u] != w {
						t.Fatalf("page %s: %+v, want %+v", u, got[u], w)
					}
				}
			}},
		{name: "a zip without Queries.csv or Pages.csv", ws: testapp.A, role: "editor", site: siteA, file: "x.zip", status: 400,
			body: func() io.Reader {
				return bytes.NewReader(zipOf([2]string{"notes.txt", "hello"}, [2]string{"Countries.csv", "Country\n"}))
			},
			content: []string{`"igny8_archive"`, `a zip archive without Queries.csv or Pages.csv (it holds \"notes.txt\", \"Countries.csv\")`}},
		{name: "a zip of too many files", ws: testapp.A, role: "editor", site: siteA, file: "x.zip", status: 400,
			body: func() io.Reader {
				var files [][2]string
				for i := 0; i < 65; i++ {
					files = append(files, [2]string{fmt.Sprintf("f%d.csv", i), "Keyword\nx\n"})
				}
				return bytes.NewReader(zipOf(files...))
			},
			content: []string{`"igny8_archive"`, `it holds 65 files`}},
	}
	for _, c := range cases {
		c.url = "/api/igny8/planner/import"
		c.run(t)
	}
}

// TestSearchFiguresHistory: two Search Console imports of different periods
// keep both periods; the keyword shows the later one, also when the earlier
// period is imported again afterwards (which overwrites that period only).
func TestSearchFiguresHistory(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	site, _ := app.FindRecordById(collections.Sites, testapp.SiteId(testapp.A))
	imp := func(body, start, end string) {
		t.Helper()
		period, err := planner_ParsePeriod(start, end)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := planner_ImportUpload(app, site, body, period); err != nil {
			t.Fatal(err)
		}
	}
	head := "Top queries,Clicks,Impressions,CTR,Position\n"
	imp(head+"espresso machine,120,3400,3.53%,7.2\nmilk frother,5,100,5%,9\n", "2026-09-01", "2026-09-30")
	imp(head+"espresso machine,150,3600,4.17%,6.5\n", "2026-10-01", "2026-10-31")
	imp(head+"espresso machine,121,3401,3.56%,7.1\n", "2026-09-01", "2026-09-30")
	got := keywordFigures(t, app, site.Id)
	sep, oct := "2026-09-01..2026-09-30", "2026-10-01..2026-10-31"
	want := []figures{{"google_search_console", sep, 121, 3401, 3.56, 7.1}, {"google_search_console", oct, 150, 3600, 4.17, 6.5}}
	if fmt.Sprint(got["espresso machine"]) != fmt.Sprint(want) {
		t.Fatalf("espresso machine history %+v, want %+v", got["espresso machine"], want)
	}
	kws := siteKeywords(t, app, site.Id)
	if l := latest(kws["espresso machine"]); l != want[1] {
		t.Fatalf("espresso machine shows %+v, want the October figures", l)
	}
	if l := latest(kws["milk frother"]); l != (figures{"google_search_console", sep, 5, 100, 5, 9}) {
		t.Fatalf("milk frother shows %+v", l)
	}
	// a keyword-only import afterwards leaves the figures alone
	if _, err := planner_ImportFile(app, site, "Keyword,Volume\nespresso machine,9000\n"); err != nil {
		t.Fatal(err)
	}
	if k := siteKeywords(t, app, site.Id)["espresso machine"]; latest(k) != want[1] || k.GetFloat("volume") != 9000 {
		t.Fatalf("after a keyword import: %+v volume %v", latest(k), k.GetFloat("volume"))
	}
}

// TestImportBingAndMoz: Bing Webmaster Tools' keyword export (no CTR column:
// CTR is clicks / impressions) and Moz's ranges (the range kept, the midpoint
// stored as the volume, replacing an older volume) through the import route.
func TestImportBingAndMoz(t *testing.T) {
	t.Parallel()
	siteA := testapp.SiteId(testapp.A)
	cases := []importCase{
		{name: "Bing Webmaster Tools", ws: testapp.A, role: "editor", site: siteA, file: "bing.csv", body: file(t, "bing_webmaster_keywords.csv"),
			fields: map[string]string{"period_start": "2026-11-01", "period_end": "2026-11-30"}, status: 200,
			content: []string{`"source":"bing_webmaster_tools"`, `"imported":3`, `"rejected":2`, `"metrics":3`},
			after: func(t testing.TB, app *tests.TestApp, body []byte) {
				sameLines(t, "rejections", rejections(result(t, body)["rejectedRows"]), []string{
					`5: clicks 20 are more than impressions 15`, `6: impressions "abc" is not a number`})
				got := keywordFigures(t, app, siteA)
				p := "2026-11-01..2026-11-30"
				want := map[string]figures{
					"espresso machine": {"bing_webmaster_tools", p, 41, 2300, 1.78, 6.4},
					"milk frother":     {"bing_webmaster_tools", p, 12, 880, 1.36, 9},
					"cold brew ratio":  {"bing_webmaster_tools", p, 30, 1250, 2.4, 3.25},
					"keyword a":        fixtureFigures,
				}
				if len(got) != len(want) {
					t.Fatalf("keyword_metrics %v", got)
				}
				for n, w := range want {
					if len(got[n]) != 1 || got[n][0] != w {
						t.Fatalf("%s: %+v, want %+v", n, got[n], w)
					}
				}
			}},
		{name: "Moz ranges", ws: testapp.A, role: "editor", site: siteA, file: "moz.csv", status: 200,
			body: func() io.Reader {
				b, _ := io.ReadAll(testdataFile(t, "moz_keyword_explorer.csv"))
				return io.MultiReader(bytes.NewReader(b), strings.NewReader("keyword a,\"101-200\",10,50,50\n"))
			},
			content: []string{`"source":"moz"`, `"imported":4`, `"updated":1`, `"rejected":1`, `"metrics":0`},
			after: func(t testing.TB, app *tests.TestApp, body []byte) {
				sameLines(t, "rejections", rejections(result(t, body)["rejectedRows"]), []string{`6: volume "6,500-4,301x" is not a number`})
				kws := siteKeywords(t, app, siteA)
				for n, w := range map[string]struct {
					volume     float64
					raw        string
					difficulty float64
				}{
					"espresso machine": {5401, "4,301-6,500", 62}, "milk frother": {676, "501-850", 41},
					"pour over coffee": {20900, "11.5k-30.3k", 48}, "french press": {0, "", 33},
					"keyword a": {151, "101-200", 10}, // the fixture's volume 10 is replaced
				} {
					k := kws[n]
					if k == nil || k.GetFloat("volume") != w.volume || k.GetString("volume_raw") != w.raw || k.GetFloat("difficulty") != w.difficulty {
						t.Fatalf("%s stored as %v", n, k)
					}
				}
			}},
		{name: "a cell too long for its field is not stored and the row says so", ws: testapp.A, role: "editor", site: siteA, file: "c.csv", status: 200,
			body: func() io.Reader {
				return strings.NewReader("Keyword,Volume,Country\nyoga mat,10,United States\nyoga block,5,us\n")
			},
			content: []string{`"imported":2`, `"warned":1`, `"warnedRows":[{"row":2,"reason":"country \"United States\" is longer than 10 characters; not stored"}]`},
			after: func(t testing.TB, app *tests.TestApp, body []byte) {
				k := siteKeywords(t, app, siteA)
				if k["yoga mat"].GetString("country") != "" || k["yoga block"].GetString("country") != "us" {
					t.Fatalf("countries %q %q", k["yoga mat"].GetString("country"), k["yoga block"].GetString("country"))
				}
			}},
	}
	for _, c := range cases {
		c.url = "/api/igny8/planner/import"
		c.run(t)
	}
}
