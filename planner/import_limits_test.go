package planner_test

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/planner"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/tools/keywordfile"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// Files that break a parse limit are refused with the limit's code and a
// message that says where and how to fix it; the workspace's keywords stay
// as they were.
func TestImportRouteRefusesOversizedFiles(t *testing.T) {
	t.Parallel()
	siteA := testapp.SiteId(testapp.A)
	unchanged := func(t testing.TB, app *tests.TestApp, res *http.Response) {
		kws := siteKeywords(t, app, siteA)
		if len(kws) != 1 || kws["keyword a"] == nil || kws["keyword a"].GetFloat("volume") != 10 {
			t.Fatalf("site A keywords changed: %d", len(kws))
		}
	}
	cases := []struct {
		name, file string
		content    []string
	}{
		{"a value past column 1000", "Keyword,Volume\nkeyword a,99\nyoga,1" + strings.Repeat(",", 1200) + "stray\n",
			[]string{`"igny8_too_many_columns"`, `nothing was changed`, `line 3 has a value in column 1202; at most 1000 columns are read`}},
		{"a cell over 64 KiB", "Keyword,Volume,Notes\nkeyword a,99,\nyoga,1," + strings.Repeat("n", 70_000) + "\n",
			[]string{`"igny8_field_too_long"`, `line 3, column 3 is longer than 65536 bytes`}},
	}
	for _, c := range cases {
		c := c
		s := &tests.ApiScenario{Name: c.name, Method: http.MethodPost, URL: "/api/igny8/planner/import",
			ExpectedStatus: 400, ExpectedContent: c.content, TestAppFactory: testapp.Factory, AfterTestFunc: unchanged}
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			body, ctype := multipartBody(map[string]string{"site": siteA}, "x.csv", strings.NewReader(c.file))
			s.Body = body
			s.Headers = map[string]string{"Content-Type": ctype, "Authorization": testapp.Authorization(t, app, testapp.A, "editor")}
		}
		s.Test(t)
	}
}

// countKeywordWrites counts statements that write the keywords table from now on.
func countKeywordWrites(t testing.TB, app core.App) *atomic.Int64 {
	db, ok := app.NonconcurrentDB().(*dbx.DB)
	if !ok {
		t.Fatalf("nonconcurrent db is %T", app.NonconcurrentDB())
	}
	var n atomic.Int64
	prev := db.ExecLogFunc
	db.ExecLogFunc = func(ctx context.Context, d time.Duration, q string, res sql.Result, err error) {
		if strings.Contains(q, "INTO {{"+collections.Keywords+"}}") || strings.Contains(q, "INTO `"+collections.Keywords+"`") {
			n.Add(1)
		}
		if prev != nil {
			prev(ctx, d, q, res, err)
		}
	}
	t.Cleanup(func() { db.ExecLogFunc = prev })
	return &n
}

// A file over the row limit is refused before a single keyword is written
// (it used to write every row, then roll back: 54 s for a million rows).
func TestImportRefusesTooManyRowsBeforeWriting(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	site, err := app.FindRecordById(collections.Sites, testapp.SiteId(testapp.A))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("Keyword,Volume\n")
	for i := 0; i < 501; i++ {
		b.WriteString("row limit keyword " + strings.Repeat("x", i%9) + string(rune('a'+i%26)) + strings.Repeat("y", i/26) + ",1\n")
	}
	writes := countKeywordWrites(t, app)
	_, err = planner.ImportFile(app, site, strings.NewReader(b.String()), keywordfile.ParseOptions{MaxRows: 500})
	if !errors.Is(err, keywordfile.ErrTooManyRows) {
		t.Fatalf("want ErrTooManyRows, got %v", err)
	}
	if n := writes.Load(); n != 0 {
		t.Fatalf("%d keyword writes before the refusal", n)
	}
	// Without a seekable file the parser's own limit still refuses it while
	// streaming, and the transaction applies nothing.
	_, err = planner.ImportFile(app, site, io.MultiReader(strings.NewReader(b.String())), keywordfile.ParseOptions{MaxRows: 500})
	if !errors.Is(err, keywordfile.ErrTooManyRows) {
		t.Fatalf("streamed: want ErrTooManyRows, got %v", err)
	}
	if kws := siteKeywords(t, app, site.Id); len(kws) != 1 {
		t.Fatalf("site has %d keywords after refusals, want the fixture's 1", len(kws))
	}
}
