package planner_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// multipartBody streams a multipart form with fields and one file without
// holding the file in memory (a pipe), so a 50 MB body costs nothing.
func multipartBody(fields map[string]string, filename string, file io.Reader) (io.Reader, string) {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		for k, v := range fields {
			mw.WriteField(k, v)
		}
		if file != nil {
			w, err := mw.CreateFormFile("file", filename)
			if err != nil {
				pw.CloseWithError(err)
				return
			}
			if _, err := io.Copy(w, file); err != nil {
				pw.CloseWithError(err)
				return
			}
		}
		pw.CloseWithError(mw.Close())
	}()
	return pr, mw.FormDataContentType()
}

// testdataFile reads one of the vendor exports kept beside the keyword-file
// reader (tools/keywordfile/testdata), which the route tests upload.
func testdataFile(t testing.TB, name string) io.Reader {
	b, err := os.ReadFile(filepath.Join("..", "tools", "keywordfile", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return bytes.NewReader(b)
}

// siteKeywords returns normalized → record of site's keywords.
func siteKeywords(t testing.TB, app core.App, site string) map[string]*core.Record {
	t.Helper()
	recs, err := app.FindAllRecords(collections.Keywords, dbx.HashExp{"site": site})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*core.Record{}
	for _, r := range recs {
		out[r.GetString("normalized")] = r
	}
	return out
}

type repeat struct {
	b byte
	n int
}

func (r *repeat) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	k := min(len(p), r.n)
	for i := range p[:k] {
		p[i] = r.b
	}
	r.n -= k
	return k, nil
}

func TestImportRoute(t *testing.T) {
	t.Parallel()
	siteA, siteB := testapp.SiteId(testapp.A), testapp.SiteId(testapp.B)
	unchanged := func(t testing.TB, app *tests.TestApp) {
		for _, s := range []string{siteA, siteB} {
			if kws := siteKeywords(t, app, s); len(kws) != 1 {
				t.Fatalf("site %s keywords changed: %d", s, len(kws))
			}
		}
	}
	type tc struct {
		name, ws, role, site, file string
		body                       func() io.Reader
		mapping, async             string
		status                     int
		content                    []string
		after                      func(t testing.TB, app *tests.TestApp)
	}
	file := func(name string) func() io.Reader { return func() io.Reader { return testdataFile(t, name) } }
	cases := []tc{
		{name: "editor imports Keyword Planner UTF-16 TSV", ws: testapp.A, role: "editor", site: siteA, file: "google_keyword_planner_utf16le.csv",
			body: file("google_keyword_planner_utf16le.csv"), status: 200,
			content: []string{`"vendor":"google_keyword_planner"`, `"encoding":"utf-16le"`, `"imported":8`, `"duplicates":1`, `"rejected":1`, `"rejectedRows":[{"row":11,"reason":"the keyword is empty"}]`},
			after: func(t testing.TB, app *tests.TestApp) {
				kws := siteKeywords(t, app, siteA)
				if len(kws) != 9 {
					t.Fatalf("want 9 keywords (8 + fixture), got %d", len(kws))
				}
				k := kws["espresso machine"]
				if k == nil || k.GetString("volume_raw") != "1K – 10K" || k.GetFloat("volume") != 5500 || k.GetFloat("cpc") != 1.35 ||
					k.GetString("status") != "new" || k.GetString("tenant") != testapp.TenantId(testapp.A) || k.GetString("source") != "import:google_keyword_planner" {
					t.Fatalf("espresso machine stored as %v", k)
				}
				if len(siteKeywords(t, app, siteB)) != 1 {
					t.Fatal("site B touched")
				}
			}},
		{name: "owner imports Semrush", ws: testapp.A, role: "owner", site: siteA, body: file("semrush_keyword_overview.csv"), file: "s.csv", status: 200,
			content: []string{`"vendor":"semrush"`, `"imported":6`, `"duplicates":1`, `"rejected":1`, `"row":8`, `volume \"not-a-number\" is not a number`},
			after: func(t testing.TB, app *tests.TestApp) {
				k := siteKeywords(t, app, siteA)["best running shoes"]
				if k == nil || k.GetFloat("volume") != 74000 || k.GetFloat("difficulty") != 100 || k.GetString("intent") != "Commercial, Transactional" {
					t.Fatalf("best running shoes stored as %v", k)
				}
			}},
		{name: "import with mapping", ws: testapp.A, role: "editor", site: siteA, file: "m.csv",
			body:    func() io.Reader { return strings.NewReader("Phrase text,Hits\nyoga mat,100\n") },
			mapping: `{"keyword":"Phrase text","volume":"Hits"}`, status: 200, content: []string{`"imported":1`, `"volume":"Hits"`}},
		{name: "bad mapping field", ws: testapp.A, role: "editor", site: siteA, file: "m.csv",
			body:    func() io.Reader { return strings.NewReader("Phrase text\nyoga mat\n") },
			mapping: `{"kw":"Phrase text"}`, status: 400, content: []string{`Unknown mapping field`}, after: unchanged},
		{name: "binary file", ws: testapp.A, role: "editor", site: siteA, file: "x.png", body: file("binary.png"), status: 400,
			content: []string{`"igny8_binary"`, `nothing was changed`, `PNG image`}, after: unchanged},
		{name: "no keyword column", ws: testapp.A, role: "editor", site: siteA, file: "x.csv", body: file("no_keyword_column.csv"), status: 400,
			content: []string{`"igny8_no_keyword_column"`}, after: unchanged},
		{name: "ragged rows apply nothing", ws: testapp.A, role: "editor", site: siteA, file: "x.csv", body: file("ragged.csv"), status: 400,
			content: []string{`"igny8_ragged_rows"`, `5 of 6 rows`}, after: unchanged},
		{name: "50 MB line applies nothing, rows before it included", ws: testapp.A, role: "editor", site: siteA, file: "big.csv",
			body: func() io.Reader {
				return io.MultiReader(strings.NewReader("Keyword,Volume\nyoga,1\nyoga mat,2\n"), &repeat{'x', 50 << 20}, strings.NewReader("\n"))
			}, async: "false", status: 400, content: []string{`"igny8_line_too_long"`, `line 4 is longer than`}, after: unchanged},
		{name: "missing file", ws: testapp.A, role: "editor", site: siteA, status: 400, content: []string{`"file"`}, after: unchanged},
		{name: "missing site", ws: testapp.A, role: "editor", site: "", file: "x.csv", body: file("semrush_keyword_overview.csv"), status: 400, content: []string{`"site"`}, after: unchanged},
		{name: "viewer cannot import", ws: testapp.A, role: "viewer", site: siteA, file: "x.csv", body: file("semrush_keyword_overview.csv"), status: 403, after: unchanged},
		{name: "B owner cannot import into A's site", ws: testapp.B, role: "owner", site: siteA, file: "x.csv", body: file("semrush_keyword_overview.csv"), status: 404, after: unchanged},
		{name: "outsider cannot import", ws: "outsider", site: siteA, file: "x.csv", body: file("semrush_keyword_overview.csv"), status: 404, after: unchanged},
		{name: "anonymous cannot import", ws: "", site: siteA, file: "x.csv", body: file("semrush_keyword_overview.csv"), status: 401, after: unchanged},
		{name: "unknown site", ws: testapp.A, role: "owner", site: "nosuchsite0000", file: "x.csv", body: file("semrush_keyword_overview.csv"), status: 404, after: unchanged},
	}
	for _, c := range cases {
		c := c
		s := &tests.ApiScenario{Name: c.name, Method: http.MethodPost, URL: "/api/igny8/planner/import",
			ExpectedStatus: c.status, ExpectedContent: c.content, TestAppFactory: testapp.Factory}
		if c.content == nil {
			s.ExpectedContent = []string{`"data":`}
		}
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			fields := map[string]string{"site": c.site}
			if c.mapping != "" {
				fields["mapping"] = c.mapping
			}
			if c.async != "" {
				fields["async"] = c.async
			}
			var f io.Reader
			if c.body != nil {
				f = c.body()
			}
			body, ctype := multipartBody(fields, c.file, f)
			s.Body = body
			s.Headers = map[string]string{"Content-Type": ctype}
			s.Headers["Authorization"] = testapp.Authorization(t, app, c.ws, c.role)
		}
		if c.after != nil {
			s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, res *http.Response) { c.after(t, app) }
		}
		s.Test(t)
	}
}

// TestReimportUpdatesMetrics imports twice: the second file changes volumes
// and lacks a CPC column, so volumes update, CPC is kept and nothing is added.
func TestReimportUpdatesMetrics(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	site, _ := app.FindRecordById(collections.Sites, testapp.SiteId(testapp.A))
	importString := func(s string) map[string]any {
		t.Helper()
		res, err := planner_ImportFile(app, site, s)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		b, _ := json.Marshal(res)
		json.Unmarshal(b, &m)
		return m
	}
	first := importString("Keyword,Volume,CPC,KD\nYoga Mat,100,0.5,20\nyoga block,50,0.2,10\n")
	if first["imported"] != 2.0 || first["updated"] != 0.0 {
		t.Fatalf("first import %v", first)
	}
	second := importString("Keyword;Search Volume;KD\n  yoga   MAT ;1.300;25\nyoga strap;10;\n")
	if second["imported"] != 1.0 || second["updated"] != 1.0 {
		t.Fatalf("second import %v", second)
	}
	k := siteKeywords(t, app, site.Id)
	if len(k) != 4 {
		t.Fatalf("want 4 keywords, got %d", len(k))
	}
	m := k["yoga mat"]
	if m.GetFloat("volume") != 1300 || m.GetFloat("cpc") != 0.5 || m.GetFloat("difficulty") != 25 || m.GetString("keyword") != "Yoga Mat" {
		t.Fatalf("yoga mat after re-import: volume %v cpc %v kd %v keyword %q", m.GetFloat("volume"), m.GetFloat("cpc"), m.GetFloat("difficulty"), m.GetString("keyword"))
	}
}

func TestPasteRoute(t *testing.T) {
	t.Parallel()
	siteA := testapp.SiteId(testapp.A)
	count := func(want int) func(t testing.TB, app *tests.TestApp, res *http.Response) {
		return func(t testing.TB, app *tests.TestApp, res *http.Response) {
			if n := len(siteKeywords(t, app, siteA)); n != want {
				t.Fatalf("want %d keywords on A, got %d", want, n)
			}
		}
	}
	cases := []struct {
		name, ws, role, body string
		status               int
		content              []string
		after                func(t testing.TB, app *tests.TestApp, res *http.Response)
	}{
		{"editor pastes a list", testapp.A, "editor", `{"site":"` + siteA + `","keywords":["yoga mat","Yoga  Mat","","keyword a","???","yoga block"]}`, 200,
			[]string{`"imported":2`, `"updated":1`, `"duplicates":1`, `"rejected":1`, `"row":5`}, count(3)},
		{"editor pastes text", testapp.A, "editor", `{"site":"` + siteA + `","text":"a\nb\n\nc"}`, 200, []string{`"imported":3`}, count(4)},
		{"nothing to paste", testapp.A, "editor", `{"site":"` + siteA + `"}`, 400, []string{`"keywords"`}, count(1)},
		{"bad json", testapp.A, "editor", `{"site":`, 400, []string{`"data":`}, count(1)},
		{"viewer cannot paste", testapp.A, "viewer", `{"site":"` + siteA + `","keywords":["x"]}`, 403, []string{`"data":`}, count(1)},
		{"B admin cannot paste into A", testapp.B, "admin", `{"site":"` + siteA + `","keywords":["x"]}`, 404, []string{`"data":`}, count(1)},
		{"outsider cannot paste", "outsider", "", `{"site":"` + siteA + `","keywords":["x"]}`, 404, []string{`"data":`}, count(1)},
		{"anonymous cannot paste", "", "", `{"site":"` + siteA + `","keywords":["x"]}`, 401, []string{`"data":`}, count(1)},
	}
	for _, c := range cases {
		c := c
		s := &tests.ApiScenario{Name: c.name, Method: http.MethodPost, URL: "/api/igny8/planner/keywords", Body: strings.NewReader(c.body),
			ExpectedStatus: c.status, ExpectedContent: c.content, TestAppFactory: testapp.Factory, AfterTestFunc: c.after}
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			s.Headers = map[string]string{"Content-Type": "application/json"}
			s.Headers["Authorization"] = testapp.Authorization(t, app, c.ws, c.role)
		}
		s.Test(t)
	}
}
