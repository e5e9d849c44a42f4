package keywordfile

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type parsed struct {
	p        *Parser
	rows     []Row
	rejected []*RowError
}

func parseAll(t testing.TB, r io.Reader, opts ParseOptions) (parsed, error) {
	t.Helper()
	p, err := NewParser(r, opts)
	if err != nil {
		return parsed{}, err
	}
	out := parsed{p: p}
	for {
		row, rej, err := p.Next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		if rej != nil {
			out.rejected = append(out.rejected, rej)
			continue
		}
		out.rows = append(out.rows, row)
	}
}

func openTestdata(t testing.TB, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func find(rows []Row, normalized string) (Row, bool) {
	for _, r := range rows {
		if r.Normalized == normalized {
			return r, true
		}
	}
	return Row{}, false
}

func TestParseVendorFiles(t *testing.T) {
	t.Parallel()
	type want struct {
		keyword             string
		volume              float64
		hasVolume           bool
		volumeRaw           string
		difficulty, cpc     float64
		hasDifficulty, hasC bool
		intent, country     string
	}
	cases := []struct {
		file, encoding, vendor string
		delim                  byte
		headerRow, rows        int
		rejectedLines          []int
		checks                 []want
	}{
		{"google_keyword_planner_utf16le.csv", "utf-16le", "google_keyword_planner", '\t', 3, 9, []int{11},
			[]want{
				{keyword: "espresso machine", volume: 5500, hasVolume: true, volumeRaw: "1K – 10K", cpc: 1.35, hasC: true},
				{keyword: "how to descale espresso machine", volume: 550, hasVolume: true, volumeRaw: "100 – 1K", cpc: 0.88, hasC: true},
				{keyword: "french press ratio", volume: 5500, hasVolume: true, volumeRaw: "1K – 10K"},
			}},
		{"google_keyword_planner_utf16be_nobom.tsv", "utf-16be", "google_keyword_planner", '\t', 3, 9, []int{11}, nil},
		{"semrush_keyword_overview.csv", "utf-8", "semrush", ',', 1, 7, []int{8},
			[]want{
				{keyword: "best running shoes", volume: 74000, hasVolume: true, difficulty: 100, hasDifficulty: true, cpc: 1.42, hasC: true, intent: "Commercial, Transactional"},
				{keyword: `running shoes "wide fit"`, volume: 1300, hasVolume: true, difficulty: 45, hasDifficulty: true, cpc: 0.85, hasC: true, intent: "Transactional"},
			}},
		{"ahrefs_keywords_explorer.csv", "utf-8-bom", "ahrefs", ',', 1, 5, []int{7},
			[]want{
				{keyword: "sourdough starter", volume: 60000, hasVolume: true, difficulty: 35, hasDifficulty: true, cpc: 0.3, hasC: true, intent: "Informational", country: "us"},
				{keyword: "how to feed sourdough starter", volume: 4200, hasVolume: true, difficulty: 8, hasDifficulty: true, intent: "Informational", country: "us"},
			}},
		{"semicolon_decimal_comma.csv", "utf-8", "generic", ';', 1, 7, nil,
			[]want{
				{keyword: "zahnarzt berlin", volume: 1300, hasVolume: true, difficulty: 39.5, hasDifficulty: true, cpc: 2.45, hasC: true, intent: "local"},
				{keyword: "zahnarzt notdienst", volume: 1300, hasVolume: true, difficulty: 41, hasDifficulty: true, cpc: 3.10, hasC: true, intent: "local"},
				{keyword: "zahnreinigung kosten", volume: 12100, hasVolume: true, difficulty: 22.3, hasDifficulty: true, cpc: 1.05, hasC: true, intent: "commercial"},
				{keyword: "zahnschmerzen was tun", volume: 27100, hasVolume: true, difficulty: 12, hasDifficulty: true, cpc: 0.15, hasC: true, intent: "informational"},
				{keyword: "kieferorthopäde erwachsene", volume: 1300, hasVolume: true, difficulty: 33, hasDifficulty: true, cpc: 1.30, hasC: true, intent: "informational"},
			}},
		{"generic_bom_crlf.csv", "utf-8-bom", "generic", ',', 1, 5, []int{6, 7},
			[]want{
				{keyword: "Yoga Mat", volume: 12100, hasVolume: true, difficulty: 27, hasDifficulty: true},
				{keyword: "yoga mat thickness", volume: 1900, hasVolume: true},
				{keyword: "yoga for beginners", volume: 165000, hasVolume: true, difficulty: 61, hasDifficulty: true},
			}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			t.Parallel()
			got, err := parseAll(t, openTestdata(t, c.file), ParseOptions{})
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			if got.p.Encoding != c.encoding || got.p.Vendor != c.vendor || got.p.Delimiter != c.delim || got.p.HeaderRow != c.headerRow {
				t.Fatalf("encoding %q vendor %q delim %q header row %d; want %q %q %q %d",
					got.p.Encoding, got.p.Vendor, got.p.Delimiter, got.p.HeaderRow, c.encoding, c.vendor, c.delim, c.headerRow)
			}
			if len(got.rows) != c.rows {
				t.Fatalf("want %d rows, got %d: %+v (rejected %+v)", c.rows, len(got.rows), got.rows, got.rejected)
			}
			var lines []int
			for _, r := range got.rejected {
				lines = append(lines, r.Line)
				if r.Reason == "" {
					t.Fatalf("rejection without reason: %+v", r)
				}
			}
			if !equalInts(lines, c.rejectedLines) {
				t.Fatalf("rejected lines %v, want %v (%+v)", lines, c.rejectedLines, got.rejected)
			}
			for _, w := range c.checks {
				r, ok := find(got.rows, Normalize(w.keyword))
				if !ok {
					t.Fatalf("keyword %q missing", w.keyword)
				}
				if r.Keyword != w.keyword || r.Volume != w.volume || r.HasVolume != w.hasVolume || r.VolumeRaw != w.volumeRaw ||
					r.Difficulty != w.difficulty || r.HasDifficulty != w.hasDifficulty || r.CPC != w.cpc || r.HasCPC != w.hasC ||
					r.Intent != w.intent || r.Country != w.country {
					t.Fatalf("row %q = %+v, want %+v", w.keyword, r, w)
				}
			}
		})
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestParseRejectionReasons(t *testing.T) {
	t.Parallel()
	got, err := parseAll(t, openTestdata(t, "generic_bom_crlf.csv"), ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]string{6: "the keyword is empty", 7: `volume "abc" is not a number`}
	for _, r := range got.rejected {
		if want[r.Line] != r.Reason {
			t.Fatalf("row %d reason %q, want %q", r.Line, r.Reason, want[r.Line])
		}
	}
	got, err = parseAll(t, openTestdata(t, "ahrefs_keywords_explorer.csv"), ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.rejected) != 1 || got.rejected[0].Reason != "difficulty 150 is outside 0–100" {
		t.Fatalf("ahrefs rejections: %+v", got.rejected)
	}
}

// repeatReader yields n bytes of b without holding them.
type repeatReader struct {
	b byte
	n int
}

func (r *repeatReader) Read(p []byte) (int, error) {
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

func TestParseBrokenFiles(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		in      func() io.Reader
		want    error
		message string
	}{
		{"binary png", func() io.Reader { return openTestdata(t, "binary.png") }, ErrBinary, "PNG image"},
		{"xlsx", func() io.Reader { return strings.NewReader("PK\x03\x04\x14\x00\x06\x00rest of a zip") }, ErrBinary, "Excel"},
		{"random bytes", func() io.Reader {
			b := make([]byte, 4096)
			for i := range b {
				b[i] = byte(i*7919 + i/3)
			}
			return bytes.NewReader(b)
		}, ErrBinary, "control characters"},
		{"no keyword column", func() io.Reader { return openTestdata(t, "no_keyword_column.csv") }, ErrNoKeywordColumn, `first line: "Term id,Searches,CPC"`},
		{"ragged rows", func() io.Reader { return openTestdata(t, "ragged.csv") }, ErrRagged, "5 of 6 rows have a different number of columns"},
		{"50 MB line", func() io.Reader {
			return io.MultiReader(strings.NewReader("Keyword,Volume\nyoga,1\n"), &repeatReader{'x', 50 << 20}, strings.NewReader("\nyoga mat,2\n"))
		}, ErrLineTooLong, "line 3 is longer than"},
		{"50 MB quoted field", func() io.Reader {
			return io.MultiReader(strings.NewReader("Keyword,Volume\n\"yoga"), &repeatReader{'\n', 50 << 20})
		}, ErrFieldTooLong, "line 2, column 1 is longer than 65536 bytes"},
		{"empty", func() io.Reader { return strings.NewReader("\n\n  \n") }, ErrEmpty, "empty"},
		{"header only far down", func() io.Reader { return strings.NewReader(strings.Repeat("preamble\n", 40) + "Keyword\nx\n") }, ErrNoKeywordColumn, "first 30 lines"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := parseAll(t, c.in(), ParseOptions{})
			if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.message) {
				t.Fatalf("want %v containing %q, got %v", c.want, c.message, err)
			}
		})
	}
}

func TestParseMapping(t *testing.T) {
	t.Parallel()
	in := "Term id,Phrase text,Searches per month,Hardness\n1,yoga mat,100,20\n2,yoga block,\"2,000\",31\n"
	got, err := parseAll(t, strings.NewReader(in), ParseOptions{Mapping: Mapping{FieldKeyword: "Phrase text", FieldVolume: "searches per month", FieldDifficulty: "HARDNESS"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.rows) != 2 || got.rows[1].Keyword != "yoga block" || got.rows[1].Volume != 2000 || got.rows[1].Difficulty != 31 {
		t.Fatalf("rows %+v", got.rows)
	}
	_, err = parseAll(t, strings.NewReader(in), ParseOptions{Mapping: Mapping{FieldKeyword: "Nope"}})
	if !errors.Is(err, ErrNoKeywordColumn) || !strings.Contains(err.Error(), `mapped header "Nope"`) {
		t.Fatalf("want mapped-header error, got %v", err)
	}
}

func TestParseQuotedMultiline(t *testing.T) {
	t.Parallel()
	in := "Keyword,Volume\n\"multi\nline keyword\",10\nnext,20\n"
	got, err := parseAll(t, strings.NewReader(in), ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.rows) != 2 || got.rows[0].Keyword != "multi line keyword" || got.rows[1].Line != 4 || got.rows[1].Volume != 20 {
		t.Fatalf("rows %+v", got.rows)
	}
}

func TestParseWindows1252(t *testing.T) {
	t.Parallel()
	in := []byte("Keyword;Volume\ncaf\xe9 cr\xe8me;1.300\n")
	got, err := parseAll(t, bytes.NewReader(in), ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got.p.Encoding != "windows-1252" || len(got.rows) != 1 || got.rows[0].Keyword != "café crème" || got.rows[0].Volume != 1300 {
		t.Fatalf("got %q %+v", got.p.Encoding, got.rows)
	}
}
