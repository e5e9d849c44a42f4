package grouping_test

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/igny8/igny8/tools/grouping"
	"github.com/igny8/igny8/tools/grouping/groupingtest"
)

// labelled reads testdata/NAME, a labelled set (topic,keyword).
func labelled(t testing.TB, name string) (keywords []string, topics []string) {
	t.Helper()
	return groupingtest.Labelled(t, filepath.Join("testdata", name))
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
		groups := grouping.Group(kws, nil, grouping.GroupOptions{})
		groupingtest.CheckPartition(t, groups, len(kws))
		purity, ari := groupingtest.Purity(groups, topics), groupingtest.AdjustedRand(groups, topics)
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

// The word forms issue 10 found split (tomatoes/tomato, charging/charger,
// descaling/descale) and the other forms of the second labelled set group
// together; topics sharing only a look-alike stay apart.
func TestGroupJoinsWordForms(t *testing.T) {
	t.Parallel()
	kws, _ := labelled(t, "labelled_clusters_2.csv")
	groups := grouping.Group(kws, nil, grouping.GroupOptions{})
	for _, p := range [][2]string{
		{"growing tomatoes", "pruning tomato plants"},
		{"tomatoes splitting on the vine", "tomato plant yellow leaves"},
		{"how to descale a kettle", "descaling tablets"},
		{"natural descaler", "descaling solution"},
		{"portable ev charger", "smart ev charging"},
		{"lawn mowing tips", "best lawn mower"},
		{"swimmer breathing tips", "swimming drills"},
	} {
		if !groupingtest.SameGroup(groups, kws, p[0], p[1]) {
			t.Errorf("%q and %q in different groups", p[0], p[1])
		}
	}
	for _, p := range [][2]string{{"pizza dough recipe", "sourdough pizza crust"}} {
		if !groupingtest.SameGroup(groups, kws, p[0], p[1]) {
			t.Errorf("%q and %q in different groups", p[0], p[1])
		}
	}
	de := []string{"kaffeemaschine entkalken", "kaffeemaschinen entkalken", "entkalker für kaffeemaschinen", "laufschuhe damen", "laufschuh test"}
	g := grouping.Group(de, nil, grouping.GroupOptions{Language: "German"})
	if !groupingtest.SameGroup(g, de, "kaffeemaschine entkalken", "kaffeemaschinen entkalken") || groupingtest.SameGroup(g, de, "kaffeemaschine entkalken", "laufschuhe damen") ||
		!groupingtest.SameGroup(g, de, "laufschuhe damen", "laufschuh test") {
		t.Errorf("German grouping %v", g)
	}
}
