package planner_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/planner"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/tools/keywordfile"
)

// keywordRows builds a CSV body with keywords kw<from>..kw<to-1>.
func keywordRows(from, to int) string {
	var b strings.Builder
	for i := from; i < to; i++ {
		fmt.Fprintf(&b, "Keyword %d,%d,%d\n", i, i*10, i%100)
	}
	return b.String()
}

// Counts come from the site's keyword count before and after the import, so
// they must stay exact over many read-ahead chunks, with re-imported keywords
// and duplicates inside the file mixed in.
func TestImportCountsAcrossChunks(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	site, err := app.FindRecordById(collections.Sites, testapp.SiteId(testapp.A))
	if err != nil {
		t.Fatal(err)
	}
	before := len(siteKeywords(t, app, site.Id))
	res, err := planner.ImportFile(app, site, strings.NewReader("Keyword,Volume,KD\n"+keywordRows(0, 600)), keywordfile.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Imported != 600 || res.Updated != 0 || res.Duplicates != 0 || res.Rows != 600 {
		t.Fatalf("first import %+v", res)
	}
	// 0..899 with 300..599 written again in upper case (duplicates in file), and one rejected row.
	body := "Keyword,Volume,KD\n" + keywordRows(0, 900) + strings.ToUpper(keywordRows(300, 600)) + "bad row,x,1\n"
	res, err = planner.ImportFile(app, site, strings.NewReader(body), keywordfile.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Imported != 300 || res.Updated != 600 || res.Duplicates != 300 || res.Rejected != 1 || res.Rows != 1201 {
		t.Fatalf("second import %+v", res)
	}
	if got := len(siteKeywords(t, app, site.Id)); got != before+900 {
		t.Fatalf("want %d keywords, got %d", before+900, got)
	}
}

// A fatal error after thousands of rows have been written (several chunks)
// rolls all of them back.
func TestImportFatalAfterManyRowsAppliesNothing(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	site, err := app.FindRecordById(collections.Sites, testapp.SiteId(testapp.A))
	if err != nil {
		t.Fatal(err)
	}
	before := len(siteKeywords(t, app, site.Id))
	body := "Keyword,Volume,KD\n" + keywordRows(0, 3000) + strings.Repeat("x", 2<<20) + "\n" + keywordRows(3000, 3010)
	_, err = planner.ImportFile(app, site, strings.NewReader(body), keywordfile.ParseOptions{})
	if !errors.Is(err, keywordfile.ErrLineTooLong) {
		t.Fatalf("want ErrLineTooLong, got %v", err)
	}
	if got := len(siteKeywords(t, app, site.Id)); got != before {
		t.Fatalf("keywords changed: %d → %d", before, got)
	}
}
