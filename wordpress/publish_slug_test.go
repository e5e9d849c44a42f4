package wordpress_test

import (
	"strings"
	"testing"

	"github.com/igny8/igny8/wordpress"
)

func TestSlug(t *testing.T) {
	t.Parallel()
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
		if got := wordpress.Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
	got := wordpress.Slug(long)
	if len(got) > wordpress.SlugMax || strings.HasSuffix(got, "-") || !strings.HasSuffix(got, "unabridged") {
		t.Errorf("long slug cut mid-word or too long (%d): …%s", len(got), got[len(got)-30:])
	}
}
