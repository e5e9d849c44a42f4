package keywordfile

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestZipEntryExpansionBound: an entry is read only up to MaxExpandedBytes of
// inflated data, whatever its declared size: a small zip that inflates to
// far more (a zip bomb) fails with ErrArchive once the bound is passed.
func TestZipEntryExpansionBound(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	f, _ := w.Create("Queries.csv")
	f.Write([]byte("Top queries,Clicks,Impressions,CTR,Position\n"))
	row := []byte("espresso machine,1,2,50%,3\n")
	for i := 0; i < (4<<20)/len(row); i++ { // 4 MiB inflated
		f.Write(row)
	}
	w.Close()
	if buf.Len() > 64<<10 {
		t.Fatalf("the test zip is %d bytes; it should compress to a few KB", buf.Len())
	}
	r := bytes.NewReader(buf.Bytes())
	u, err := OpenUpload(r, r.Size(), "", ParseOptions{MaxExpandedBytes: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	_, err = u.Keywords.CountRows()
	if !errors.Is(err, ErrArchive) || !strings.Contains(err.Error(), "Queries.csv expands past 1 MiB") {
		t.Fatalf("want the expansion bound, got %v", err)
	}
	// within the bound the same archive reads through
	u, err = OpenUpload(r, r.Size(), "", ParseOptions{MaxExpandedBytes: 8 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := u.Keywords.CountRows(); err != nil || n != (4<<20)/len(row) {
		t.Fatalf("rows %d, %v", n, err)
	}
}

// TestOpenUploadPagesOnly: Search Console's Pages.csv uploaded on its own is
// read as a pages table; a CSV with neither a keyword nor a page column
// keeps the keyword table's error.
func TestOpenUploadPagesOnly(t *testing.T) {
	t.Parallel()
	r := strings.NewReader("Top pages,Clicks,Impressions,CTR,Position\nhttps://example.com/a,1,2,50%,3\n")
	u, err := OpenUpload(r, r.Size(), "", ParseOptions{})
	if err != nil || u.Keywords != nil || u.Pages == nil || u.Pages.Info.Vendor != VendorSearchConsole {
		t.Fatalf("pages only: %+v, %v", u, err)
	}
	r = strings.NewReader("Name,Clicks\nx,1\n")
	if _, err := OpenUpload(r, r.Size(), "", ParseOptions{}); !errors.Is(err, ErrNoKeywordColumn) || !strings.Contains(err.Error(), "Top queries") {
		t.Fatalf("want no keyword column, got %v", err)
	}
}

// bigWorkbook writes a workbook whose one sheet has n keyword rows.
func bigWorkbook(t *testing.T, n int) []byte {
	t.Helper()
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	if err := sw.SetRow("A1", []any{"Keyword", "Volume"}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		cell, err := excelize.CoordinatesToCellName(1, i+2)
		if err != nil {
			t.Fatal(err)
		}
		if err := sw.SetRow(cell, []any{fmt.Sprintf("keyword number %d with some words", i), i}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestWorkbookBounds: a workbook that inflates past the bound is refused
// before its rows are read (excelize's unzip limit, on sizes Go's zip reader
// enforces), and a sheet with more rows than the limit fails as a CSV does.
// Run it under a memory cap (prlimit --as) when changing these bounds.
func TestWorkbookBounds(t *testing.T) {
	t.Parallel()
	b := bigWorkbook(t, 60000) // about 4 MiB of sheet XML, a few hundred KB zipped
	r := bytes.NewReader(b)
	if _, err := OpenUpload(r, r.Size(), "", ParseOptions{MaxExpandedBytes: 1 << 20}); !errors.Is(err, ErrArchive) || !strings.Contains(err.Error(), "expands past 1 MiB") {
		t.Fatalf("want the expansion bound, got %v", err)
	}
	u, err := OpenUpload(r, r.Size(), "", ParseOptions{MaxRows: 1000})
	if err != nil {
		t.Fatal(err)
	}
	defer u.Close()
	if _, err := u.Keywords.CountRows(); !errors.Is(err, ErrTooManyRows) {
		t.Fatalf("want too many rows, got %v", err)
	}
	u2, err := OpenUpload(r, r.Size(), "", ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer u2.Close()
	if n, err := u2.Keywords.CountRows(); err != nil || n != 60000 {
		t.Fatalf("rows %d, %v", n, err)
	}
}
