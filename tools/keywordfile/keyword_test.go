package keywordfile

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Fuzz seed corpora are committed under testdata/fuzz/<target> and replayed
// by every normal test run; extend them with
// `go test ./tools/keywordfile -run '^$' -fuzz '^FuzzX$' -fuzztime 30s` and
// copy the interesting inputs from $(go env GOCACHE)/fuzz.

// FuzzCleanKeyword: a pasted line, a keyword cell or a collections API
// keyword. What is stored is valid UTF-8, bounded, and its identity is the
// Normalize of its text, stable under a second pass.
func FuzzCleanKeyword(f *testing.F) {
	for _, s := range []string{"  Best   Espresso Machine! ", "?!.", "", "\xff\xfe bad", "=HYPERLINK(\"x\")", strings.Repeat("ab ", 300), "'quoted'", "日本語 キーワード", "a\x00b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		kw, n, reason := CleanKeyword(s)
		if reason != "" {
			if kw != "" || n != "" {
				t.Fatalf("refused %q but returned %q/%q", s, kw, n)
			}
			return
		}
		if !utf8.ValidString(kw) || utf8.RuneCountInString(kw) > maxKeywordLen || n == "" {
			t.Fatalf("stored %q / %q for %q", kw, n, s)
		}
		if n != Normalize(kw) || Normalize(n) != n {
			t.Fatalf("identity %q of %q is not stable", n, kw)
		}
		if kw2, n2, _ := CleanKeyword(kw); kw2 != kw || n2 != n {
			t.Fatalf("second pass changed %q → %q", kw, kw2)
		}
	})
}
