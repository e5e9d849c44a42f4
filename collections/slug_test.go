package collections_test

import (
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
)

func TestSlug(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in    string
		limit int
		want  string
	}{
		{"Best ☕ Coffee & Tea", 80, "best-coffee-tea"},
		{`"Quoted" it's Mum’s café`, 80, "quoted-it-s-mum-s-caf"},
		{"--- Ada's Blog ---", 80, "ada-s-blog"},
		{"Как заварить кофе", 80, ""},
		{"cold brew coffee at home", 15, "cold-brew"},
		{"supercalifragilistic", 5, "super"},
	}
	for _, c := range cases {
		if got := collections.Slug(c.in, c.limit); got != c.want {
			t.Errorf("Slug(%q, %d) = %q, want %q", c.in, c.limit, got, c.want)
		}
	}
}

func TestTransliteratedSlug(t *testing.T) {
	t.Parallel()
	const limit = 190
	long := strings.Repeat("Unabridged ", 30) + "Guide to choosing brewing tables"
	cases := map[string]string{
		"Best ☕ Coffee & Tea":          "best-coffee-tea",
		`"Quoted" it's Mum’s café`:     "quoted-its-mums-cafe",
		"Crème brûlée straße Łódź Øre": "creme-brulee-strasse-lodz-ore",
		"Как заварить кофе дома":       "kak-zavarit-kofe-doma",
		"Щедрий йогурт":                "shchedriy-yogurt",
		"Πώς να φτιάξετε καφέ":         "pos-na-ftiaxete-kafe",
		"東京のおすすめコーヒー店":                 "",
		"دليل القهوة العربية":          "",
		"Tokyo 東京 guide":               "",
		"２０２４ ｇｕｉｄｅ":                   "2024-guide",
		"---":                          "",
	}
	for in, want := range cases {
		if got := collections.TransliteratedSlug(in, limit); got != want {
			t.Errorf("TransliteratedSlug(%q) = %q, want %q", in, got, want)
		}
	}
	got := collections.TransliteratedSlug(long, limit)
	if len(got) > limit || strings.HasSuffix(got, "-") || !strings.HasSuffix(got, "unabridged") {
		t.Errorf("long slug cut mid-word or too long (%d): …%s", len(got), got[len(got)-30:])
	}
}
