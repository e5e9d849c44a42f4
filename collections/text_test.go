package collections_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/igny8/igny8/collections"
)

func TestTruncate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in    string
		limit int
		want  string
	}{
		// the meta title seen in use, cut inside "to"
		{"The Complete and Unabridged Guide to Choosing a Coffee Grinder", 60, "The Complete and Unabridged Guide to Choosing a Coffee"},
		{"The Complete and Unabridged Guide to Choosing", 45, "The Complete and Unabridged Guide to Choosing"},
		{"The Complete and Unabridged Guide to Choosing", 44, "The Complete and Unabridged Guide to"},
		{`"Best ☕ Coffee" & <Tea> for Everyone Who Drinks It`, 30, `"Best ☕ Coffee" & <Tea> for`},
		{`"Best ☕ Coffee" & <Tea>`, 60, `"Best ☕ Coffee" & <Tea>`},
		{"Grinders, Kettles, Scales: What You Need", 17, "Grinders, Kettles"},
		{"Brewing — the basics", 10, "Brewing"},
		{"first line\nsecond line of the error", 15, "first line"},
		{"first line\nsecond", 100, "first line\nsecond"},
		{"ÄÖÜäöüß ÄÖÜäöüß", 10, "ÄÖÜäöüß"},
		{"日本語のタイトルはスペースがありません", 5, "日本語のタ"},
		{"Supercalifragilisticexpialidocious", 10, "Supercalif"},
		{"exactly ten", 11, "exactly ten"},
		{"", 10, ""},
		{"anything", 0, ""},
	}
	for _, c := range cases {
		got := collections.Truncate(c.in, c.limit)
		if got != c.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", c.in, c.limit, got, c.want)
		}
		if utf8.RuneCountInString(got) > c.limit || !utf8.ValidString(got) {
			t.Errorf("Truncate(%q, %d) = %q: too long or invalid UTF-8", c.in, c.limit, got)
		}
	}
}

func TestTruncateSlug(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in    string
		limit int
		want  string
	}{
		{"a-guide-to-choosing-brewing-tools", 23, "a-guide-to-choosing"},
		{"a-guide-to-choosing-brewing-tools", 27, "a-guide-to-choosing-brewing"},
		{"a-guide-to-choosing-brewing-tools", 28, "a-guide-to-choosing-brewing"},
		{"kaffee-für-anfänger", 14, "kaffee-für"},
		{"-short-", 80, "short"},
		{"onelongword", 4, "onel"},
	}
	for _, c := range cases {
		if got := collections.TruncateSlug(c.in, c.limit); got != c.want {
			t.Errorf("TruncateSlug(%q, %d) = %q, want %q", c.in, c.limit, got, c.want)
		}
	}
}

// FuzzTruncate: whatever the input, the result fits, is valid UTF-8 and is
// a prefix of the collapsed input.
func FuzzTruncate(f *testing.F) {
	for _, s := range []string{"The Complete Guide to x", "日本語 タイトル", "a\xffb c", "— – -"} {
		f.Add(s, 10)
	}
	f.Fuzz(func(t *testing.T, s string, limit int) {
		limit = limit % 500
		if limit < 0 {
			limit = -limit
		}
		got := collections.Truncate(s, limit)
		if utf8.RuneCountInString(got) > limit {
			t.Fatalf("%q longer than %d", got, limit)
		}
		if utf8.ValidString(s) && !strings.HasPrefix(s, got) {
			t.Fatalf("%q is not a prefix of the input", got)
		}
	})
}
