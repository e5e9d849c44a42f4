package keywordfile

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"
)

// wideFile is issue 11's shape: a header and rows of a keyword, a volume and
// then empty columns up to cols.
func wideFile(rows, cols int) []byte {
	pad := strings.Repeat(",", cols-2)
	var b bytes.Buffer
	b.WriteString("Keyword,Volume" + pad + "\n")
	for i := 0; i < rows; i++ {
		b.WriteString("wide keyword " + strings.Repeat("x", i%7) + "," + "10" + pad + "\n")
	}
	return b.Bytes()
}

// Trailing empty columns (spreadsheets save them) are read but never kept,
// so what a row costs is bounded by the row, not by its column count: the
// parser allocates less than the file's own size for 80 rows × 129,000 empty
// columns (it used to keep a string per cell, ~4 MB a row).
func TestParseWideRowsKeepBoundedColumns(t *testing.T) {
	data := wideFile(80, 129_000)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	got, err := parseAll(t, bytes.NewReader(data), ParseOptions{})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.rows) != 80 || got.rows[79].Volume != 10 {
		t.Fatalf("want 80 rows with volume 10, got %d: %+v", len(got.rows), got.rows[len(got.rows)-1])
	}
	if len(got.p.Header) != DefaultMaxColumns {
		t.Fatalf("header keeps %d columns, want the limit %d", len(got.p.Header), DefaultMaxColumns)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > uint64(len(data)) {
		t.Fatalf("parsing a %d-byte file allocated %d bytes", len(data), alloc)
	}
}

func TestParseLimits(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		in      string
		opts    ParseOptions
		want    error
		message string
	}{
		{"a value past the column limit", "Keyword,Volume,,,\nyoga,1,,,\nyoga mat,2,,,stray\n", ParseOptions{MaxColumns: 4},
			ErrTooManyColumns, "line 3 has a value in column 5; at most 4 columns are read"},
		{"a header past the column limit", "Keyword," + strings.Repeat("h,", 1200) + "\nyoga\n", ParseOptions{},
			ErrTooManyColumns, "line 1 has a value in column 1001; at most 1000 columns are read"},
		{"a cell over the field limit", "Keyword,Notes\nyoga," + strings.Repeat("n", 70_000) + "\n", ParseOptions{},
			ErrFieldTooLong, "line 2, column 2 is longer than 65536 bytes"},
		{"a quoted cell over the field limit", "Keyword,Notes\nyoga,\"" + strings.Repeat("n\n", 40_000) + "\"\n", ParseOptions{},
			ErrFieldTooLong, "line 2, column 2 is longer than 65536 bytes"},
		{"a quoted record over the line limit", "Keyword,A,B\nyoga,\"" + strings.Repeat("a\n", 600) + "\",\"" + strings.Repeat("b\n", 600) + "\"\n",
			ParseOptions{MaxLineBytes: 2000}, ErrLineTooLong, "quoted field starting on line 2 runs over more than 2000 bytes"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := parseAll(t, strings.NewReader(c.in), c.opts)
			if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.message) {
				t.Fatalf("want %v containing %q, got %v", c.want, c.message, err)
			}
		})
	}
}

// A file with more rows than the limit is refused before the import writes
// anything: no keyword statement reaches the database.
func TestCheckRowLimitBeforeWriting(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("Keyword\n")
	for i := 0; i < 101; i++ {
		b.WriteString("k" + strings.Repeat("x", i) + "\n")
	}
	opts := ParseOptions{MaxRows: 100}
	r := strings.NewReader(b.String())
	if err := CheckRowLimit(r, opts); !errors.Is(err, ErrTooManyRows) {
		t.Fatalf("want ErrTooManyRows, got %v", err)
	}
	if pos, _ := r.Seek(0, io.SeekCurrent); pos != 0 {
		t.Fatalf("reader left at %d", pos)
	}
	// Blank lines and multi-line cells make more lines than rows: such a file
	// under the row limit passes.
	under := "Keyword,Note\n" + strings.Repeat("\n", 200) + "yoga,\"" + strings.Repeat("line\n", 200) + "\"\n"
	if err := CheckRowLimit(strings.NewReader(under), opts); err != nil {
		t.Fatalf("a 1-row file with 400 lines refused: %v", err)
	}
}
