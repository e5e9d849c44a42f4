package grouping

import (
	"fmt"
	"testing"
)

func TestStemAndTokens(t *testing.T) {
	t.Parallel()
	cases := map[string]string{"machines": "machin", "machine": "machin", "categories": "categori", "category": "categori",
		"boxes": "box", "running": "run", "trained": "train", "glass": "glass", "shoes": "shoe", "feed": "feed",
		// the hand-written stemmer split these (issue 10)
		"tomatoes": "tomato", "tomato": "tomato", "charging": "charg", "charge": "charg", "descaling": "descal", "descale": "descal"}
	for in, want := range cases {
		if got := Stem(in); got != want {
			t.Errorf("Stem(%q) = %q, want %q", in, got, want)
		}
	}
	if got := fmt.Sprint(Tokens("How to Clean the BEST Espresso-Machines?")); got != "[clean espresso machin]" {
		t.Fatalf("tokens %s", got)
	}
	for _, c := range []struct{ lang, a, b string }{
		{"German", "kaffeemaschinen", "kaffeemaschine"}, {"de-AT", "entkalker", "entkalkern"}, {"fr", "cafetières", "cafetière"},
		{"es", "zapatillas", "zapatilla"}, {"Italian", "scarpe", "scarpa"},
	} {
		code := StemLanguage(c.lang)
		if a, b := StemIn(code, c.a), StemIn(code, c.b); a != b {
			t.Errorf("%s (%s): %q → %q but %q → %q", c.lang, code, c.a, a, c.b, b)
		}
	}
	if StemLanguage("klingon") != "en" || StemLanguage("") != "en" || StemLanguage("PT-br") != "pt" {
		t.Fatal("StemLanguage fallbacks")
	}
}

// Stems Snowball leaves apart but that are one word meet; look-alikes that
// are different words stay apart.
func TestNearStems(t *testing.T) {
	t.Parallel()
	stems := map[string]bool{}
	for _, w := range []string{"charg", "charger", "swim", "swimmer", "mow", "mower", "move", "mover", "plan", "plant", "planter",
		"class", "classic", "pa", "paper", "boot", "booster", "pan", "panel"} {
		stems[w] = true
	}
	got := nearStems("en", stems)
	want := map[string]string{"charger": "charg", "swimmer": "swim", "mower": "mow", "mover": "move", "planter": "plant"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("nearStems = %v, want %v", got, want)
	}
	if len(nearStems("de", stems)) != 0 {
		t.Fatal("English suffix rule applied to German")
	}
}
