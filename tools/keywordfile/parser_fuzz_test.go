package keywordfile

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse feeds arbitrary bytes to the parser: it must never panic or hang,
// must end with io.EOF or a fatal error, and every accepted row must satisfy
// the invariants the import relies on. The seed corpus is the vendor testdata
// plus testdata/fuzz/FuzzParse (replayed by every normal test run).
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.*"))
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil && len(b) < 1<<16 {
			f.Add(b)
		}
	}
	f.Add([]byte("Keyword;Volume\n\"a;b\";1.300\n"))
	f.Add([]byte("keyword\tvolume\n\"x\"\"y\"\t1K – 10K\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := NewParser(bytes.NewReader(data), ParseOptions{MaxLineBytes: 4096, MaxRows: 10000})
		if err != nil {
			return
		}
		if _, ok := p.Columns[FieldKeyword]; !ok {
			t.Fatalf("parser without keyword column: %+v", p.Columns)
		}
		last := p.HeaderRow
		for i := 0; ; i++ {
			if i > len(data)+1 {
				t.Fatalf("more rows than bytes: parser does not advance")
			}
			row, rej, err := p.Next()
			if errors.Is(err, io.EOF) || err != nil {
				return
			}
			if rej != nil {
				if rej.Reason == "" || rej.Line <= p.HeaderRow {
					t.Fatalf("bad rejection %+v", rej)
				}
				last = rej.Line
				continue
			}
			if row.Line <= last && row.Line != last {
				t.Fatalf("row numbers go backwards: %d after %d", row.Line, last)
			}
			last = row.Line
			if row.Keyword == "" || row.Normalized == "" || !utf8.ValidString(row.Keyword) || !utf8.ValidString(row.Normalized) {
				t.Fatalf("invalid keyword %+v", row)
			}
			if utf8.RuneCountInString(row.Keyword) > maxKeywordLen || strings.ContainsRune(row.Keyword, 0) {
				t.Fatalf("keyword not bounded/clean: %q", row.Keyword)
			}
			if Normalize(row.Normalized) != row.Normalized {
				t.Fatalf("normalize not idempotent: %q", row.Normalized)
			}
			if row.Volume < 0 || row.CPC < 0 || row.Difficulty < 0 || row.Difficulty > 100 {
				t.Fatalf("metric out of range: %+v", row)
			}
			if row.VolumeRaw != "" && utf8.RuneCountInString(row.VolumeRaw) > 60 {
				t.Fatalf("volume_raw too long: %q", row.VolumeRaw)
			}
		}
	})
}
