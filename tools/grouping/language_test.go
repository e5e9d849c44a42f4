package grouping_test

import (
	"testing"

	"github.com/igny8/igny8/tools/grouping"
	"github.com/igny8/igny8/tools/grouping/groupingtest"
)

// The language of each keyword is told by its script, its declared import
// language, then words only one language uses, else the map's language.
func TestKeywordLanguage(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ text, declared, fallback, want string }{
		{"コーヒーの淹れ方", "", "", "ja"}, {"咖啡机推荐", "", "", "zh"}, {"水出し", "", "", "ja"},
		{"кофемашина купить", "", "", "ru"}, {"커피 머신", "", "", "ko"},
		{"siebträgermaschine kaufen", "", "", "de"}, {"entkalker für kaffeemaschinen", "", "", "de"},
		{"laufschuhe herren", "", "de", "de"}, {"laufschuhe herren", "German", "", "de"},
		{"best espresso machine", "", "", "en"}, {"covid test at home", "", "", "en"}, {"la fitness near me", "", "", "en"},
		{"meilleur café pour espresso", "", "", "fr"}, {"cómo hacer café", "", "", "es"},
	} {
		if got := grouping.KeywordLanguage(c.text, c.declared, c.fallback); got != c.want {
			t.Errorf("grouping.KeywordLanguage(%q, %q, %q) = %q, want %q", c.text, c.declared, c.fallback, got, c.want)
		}
	}
	// the cases: German plurals and compounds meet without a language
	// column, and unspaced Japanese groups (the base made 9 singletons of 9)
	de := []string{"siebträgermaschine kaufen", "siebträgermaschinen test", "siebträger reinigen", "luftwärmepumpe", "wärmepumpe kosten", "wärmepumpen förderung"}
	g := grouping.Group(de, nil, grouping.GroupOptions{})
	if !groupingtest.SameGroup(g, de, "siebträgermaschine kaufen", "siebträgermaschinen test") || !groupingtest.SameGroup(g, de, "siebträgermaschine kaufen", "siebträger reinigen") ||
		!groupingtest.SameGroup(g, de, "luftwärmepumpe", "wärmepumpe kosten") || groupingtest.SameGroup(g, de, "siebträger reinigen", "wärmepumpe kosten") {
		t.Errorf("German grouping %v", g)
	}
	ja := []string{"コーヒーの淹れ方", "初心者向けコーヒーの淹れ方", "ハンドドリップコーヒーの淹れ方", "水出しコーヒーの作り方", "水出しコーヒーの保存期間", "水出しコーヒーパック", "犬のしつけ方", "子犬のしつけ", "犬のしつけ教室"}
	g = grouping.Group(ja, nil, grouping.GroupOptions{})
	if !groupingtest.SameGroup(g, ja, "コーヒーの淹れ方", "初心者向けコーヒーの淹れ方") || !groupingtest.SameGroup(g, ja, "水出しコーヒーの作り方", "水出しコーヒーの保存期間") ||
		!groupingtest.SameGroup(g, ja, "犬のしつけ方", "犬のしつけ教室") || groupingtest.SameGroup(g, ja, "犬のしつけ方", "コーヒーの淹れ方") || len(g) > 5 {
		t.Errorf("Japanese grouping: %d groups %v", len(g), g)
	}
}
