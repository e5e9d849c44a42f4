package planner

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// labelled reads a labelled set of testdata (topic,keyword).
func labelled(t testing.TB, name string) (keywords []string, topics []string) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs[1:] {
		topics = append(topics, r[0])
		keywords = append(keywords, r[1])
	}
	return keywords, topics
}

// Purity is the share of keywords that belong to their group's majority topic.
func Purity(groups []Grouping, labels []string) float64 {
	right := 0
	for _, g := range groups {
		c := map[string]int{}
		best := 0
		for _, m := range g.Members {
			c[labels[m]]++
			best = max(best, c[labels[m]])
		}
		right += best
	}
	return float64(right) / float64(len(labels))
}

// AdjustedRand is the adjusted Rand index of the grouping against the labels
// (1 = identical partitions, about 0 = chance).
func AdjustedRand(groups []Grouping, labels []string) float64 {
	n := len(labels)
	comb := func(x int) float64 { return float64(x) * float64(x-1) / 2 }
	cont := map[[2]string]int{}
	rows := map[string]int{}
	cols := map[string]int{}
	for gi, g := range groups {
		key := fmt.Sprint(gi)
		for _, m := range g.Members {
			cont[[2]string{key, labels[m]}]++
			rows[key]++
			cols[labels[m]]++
		}
	}
	var index, a, b float64
	for _, v := range cont {
		index += comb(v)
	}
	for _, v := range rows {
		a += comb(v)
	}
	for _, v := range cols {
		b += comb(v)
	}
	expected := a * b / comb(n)
	maxIndex := (a + b) / 2
	if maxIndex == expected {
		return 1
	}
	return (index - expected) / (maxIndex - expected)
}

func checkPartition(t testing.TB, groups []Grouping, n int) {
	t.Helper()
	seen := make([]int, n)
	for _, g := range groups {
		if len(g.Members) == 0 {
			t.Fatal("empty group")
		}
		for _, m := range g.Members {
			seen[m]++
		}
	}
	for i, c := range seen {
		if c != 1 {
			t.Fatalf("keyword %d is in %d groups", i, c)
		}
	}
}

// labelledSets are the labelled keyword sets the grouping is measured on:
// the first tuned the thresholds, the second (other topics, written before
// the Snowball stemmer replaced the hand-written one) checks that the
// figures hold on keywords the tuning never saw. The floors are below the
// measured figures in docs/PERFORMANCE.md so a regression in tokenising,
// stemming or thresholds fails here.
var labelledSets = []struct {
	file        string
	purity, ari float64
}{
	{"labelled_clusters.csv", 0.85, 0.65},
	{"labelled_clusters_2.csv", 0.85, 0.65},
	{"labelled_clusters_3.csv", 0.85, 0.65},
	// German (compounds, plurals, no language column: detected) and Japanese
	// written without spaces, 8 topics of 10 keywords each, written for issue 15
	{"labelled_clusters_de.csv", 0.85, 0.65},
	{"labelled_clusters_ja.csv", 0.85, 0.65},
}

// TestGroupQuality measures the non-AI grouping on the labelled sets.
func TestGroupQuality(t *testing.T) {
	t.Parallel()
	for _, set := range labelledSets {
		kws, topics := labelled(t, set.file)
		groups := Group(kws, nil, GroupOptions{})
		checkPartition(t, groups, len(kws))
		purity, ari := Purity(groups, topics), AdjustedRand(groups, topics)
		singletons := 0
		for _, g := range groups {
			if len(g.Members) == 1 {
				singletons++
			}
		}
		distinct := map[string]bool{}
		for _, tp := range topics {
			distinct[tp] = true
		}
		t.Logf("%s: %d keywords, %d topics → %d groups (%d singletons); purity %.3f, ARI %.3f",
			set.file, len(kws), len(distinct), len(groups), singletons, purity, ari)
		if os.Getenv("PLANNER_GROUP_DUMP") != "" {
			for _, g := range groups {
				var ks []string
				for _, m := range g.Members {
					ks = append(ks, topics[m]+": "+kws[m])
				}
				t.Logf("%v %v", g.Terms, ks)
			}
		}
		// no topic may be left as nothing but singletons
		grouped := map[string]bool{}
		for _, g := range groups {
			if len(g.Members) > 1 {
				for _, m := range g.Members {
					grouped[topics[m]] = true
				}
			}
		}
		for tp := range distinct {
			if !grouped[tp] {
				t.Errorf("%s: topic %q is all singletons", set.file, tp)
			}
		}
		if purity < set.purity || ari < set.ari || math.IsNaN(ari) {
			t.Errorf("%s: grouping quality regressed: purity %.3f ARI %.3f (floors %.2f / %.2f)", set.file, purity, ari, set.purity, set.ari)
		}
	}
}

func TestAdjustedRandKnownValues(t *testing.T) {
	t.Parallel()
	labels := []string{"a", "a", "b", "b"}
	same := []Grouping{{Members: []int{0, 1}}, {Members: []int{2, 3}}}
	if got := AdjustedRand(same, labels); got != 1 {
		t.Fatalf("identical partitions: ARI %v", got)
	}
	if got := Purity(same, labels); got != 1 {
		t.Fatalf("purity %v", got)
	}
	crossed := []Grouping{{Members: []int{0, 2}}, {Members: []int{1, 3}}}
	if got := AdjustedRand(crossed, labels); got >= 0 {
		t.Fatalf("crossed partitions should be below chance: %v", got)
	}
	if got := Purity(crossed, labels); got != 0.5 {
		t.Fatalf("crossed purity %v", got)
	}
}

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

// sameGroup reports whether keywords a and b landed in one group.
func sameGroup(groups []Grouping, kws []string, a, b string) bool {
	for _, g := range groups {
		in := 0
		for _, m := range g.Members {
			if kws[m] == a || kws[m] == b {
				in++
			}
		}
		if in == 2 {
			return true
		}
	}
	return false
}

// The word forms issue 10 found split (tomatoes/tomato, charging/charger,
// descaling/descale) and the other forms of the second labelled set group
// together; topics sharing only a look-alike stay apart.
func TestGroupJoinsWordForms(t *testing.T) {
	t.Parallel()
	kws, _ := labelled(t, "labelled_clusters_2.csv")
	groups := Group(kws, nil, GroupOptions{})
	for _, p := range [][2]string{
		{"growing tomatoes", "pruning tomato plants"},
		{"tomatoes splitting on the vine", "tomato plant yellow leaves"},
		{"how to descale a kettle", "descaling tablets"},
		{"natural descaler", "descaling solution"},
		{"portable ev charger", "smart ev charging"},
		{"lawn mowing tips", "best lawn mower"},
		{"swimmer breathing tips", "swimming drills"},
	} {
		if !sameGroup(groups, kws, p[0], p[1]) {
			t.Errorf("%q and %q in different groups", p[0], p[1])
		}
	}
	for _, p := range [][2]string{{"pizza dough recipe", "sourdough pizza crust"}} {
		if !sameGroup(groups, kws, p[0], p[1]) {
			t.Errorf("%q and %q in different groups", p[0], p[1])
		}
	}
	de := []string{"kaffeemaschine entkalken", "kaffeemaschinen entkalken", "entkalker für kaffeemaschinen", "laufschuhe damen", "laufschuh test"}
	g := Group(de, nil, GroupOptions{Language: "German"})
	if !sameGroup(g, de, "kaffeemaschine entkalken", "kaffeemaschinen entkalken") || sameGroup(g, de, "kaffeemaschine entkalken", "laufschuhe damen") ||
		!sameGroup(g, de, "laufschuhe damen", "laufschuh test") {
		t.Errorf("German grouping %v", g)
	}
}

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
		if got := KeywordLanguage(c.text, c.declared, c.fallback); got != c.want {
			t.Errorf("KeywordLanguage(%q, %q, %q) = %q, want %q", c.text, c.declared, c.fallback, got, c.want)
		}
	}
	// the cases: German plurals and compounds meet without a language
	// column, and unspaced Japanese groups (the base made 9 singletons of 9)
	de := []string{"siebträgermaschine kaufen", "siebträgermaschinen test", "siebträger reinigen", "luftwärmepumpe", "wärmepumpe kosten", "wärmepumpen förderung"}
	g := Group(de, nil, GroupOptions{})
	if !sameGroup(g, de, "siebträgermaschine kaufen", "siebträgermaschinen test") || !sameGroup(g, de, "siebträgermaschine kaufen", "siebträger reinigen") ||
		!sameGroup(g, de, "luftwärmepumpe", "wärmepumpe kosten") || sameGroup(g, de, "siebträger reinigen", "wärmepumpe kosten") {
		t.Errorf("German grouping %v", g)
	}
	ja := []string{"コーヒーの淹れ方", "初心者向けコーヒーの淹れ方", "ハンドドリップコーヒーの淹れ方", "水出しコーヒーの作り方", "水出しコーヒーの保存期間", "水出しコーヒーパック", "犬のしつけ方", "子犬のしつけ", "犬のしつけ教室"}
	g = Group(ja, nil, GroupOptions{})
	if !sameGroup(g, ja, "コーヒーの淹れ方", "初心者向けコーヒーの淹れ方") || !sameGroup(g, ja, "水出しコーヒーの作り方", "水出しコーヒーの保存期間") ||
		!sameGroup(g, ja, "犬のしつけ方", "犬のしつけ教室") || sameGroup(g, ja, "犬のしつけ方", "コーヒーの淹れ方") || len(g) > 5 {
		t.Errorf("Japanese grouping: %d groups %v", len(g), g)
	}
}
