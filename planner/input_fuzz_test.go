package planner

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/igny8/igny8/tools/grouping"
)

// Fuzz targets for the planner's parsers of outside input (keyword files,
// metric cells and keywords are fuzzed in tools/keywordfile). Seed corpora are committed under
// testdata/fuzz/<target> and replayed by every normal test run; extend them
// with `go test ./planner -run '^$' -fuzz '^FuzzX$' -fuzztime 30s` and copy
// the interesting inputs from $(go env GOCACHE)/fuzz.

// FuzzClusterAnswer: the AI's clustering answer (any JSON) against a fixed
// batch. It is either refused with an error or every keyword lands in
// exactly one cluster, with no id that was not asked about.
func FuzzClusterAnswer(f *testing.F) {
	words := []string{"espresso machine", "best espresso machine", "sourdough starter", "feeding sourdough starter", "yoga mat", "thick yoga mat"}
	f.Add([]byte(`{"clusters":[{"name":"Espresso","keywords":["espresso machine","best espresso machine"]},{"name":"Sourdough","keywords":["sourdough starter"]}]}`))
	f.Add([]byte(`{"clusters":[{"name":"All","keywords":["espresso machine","espresso machine","yoga mat","made up"]}]}`))
	f.Add([]byte(`{"clusters":[]}`))
	f.Add([]byte(`{"clusters":[{"name":"","description":"x","intent":"COMMERCIAL","keywords":["  Yoga  Mat! "]}]}`))
	f.Add([]byte(`[1,2,3]`))
	f.Add([]byte(`{"clusters":[{"name":"Espresso","existing":"E1","keywords":["espresso machine"]},{"name":"x","existing":"E9","keywords":["yoga mat"]}]}`))
	ids := map[string]bool{}
	var fresh []runKeyword
	for i, w := range words {
		id := strings.Repeat(string(rune('a'+i)), 15)
		fresh = append(fresh, runKeyword{Id: id, Text: w})
		ids[id] = true
	}
	// one existing cluster the first group may belong to (E1)
	existing := &runCluster{Id: "existing0000000", Name: "Espresso Machines", Fixed: true,
		Keywords: []runKeyword{{Id: "old000000000000", Text: "espresso machine reviews", Cluster: "existing0000000"}}}
	plan := lexicalPlan([]*runCluster{existing}, fresh, grouping.GroupOptions{})
	if len(plan.units) > 0 {
		plan.units[0].likely = existing
	}
	_, refs, _ := hintLines(plan.units)
	f.Fuzz(func(t *testing.T, data []byte) {
		var out aiClusters
		if json.Unmarshal(data, &out) != nil {
			return
		}
		found, moves, err := validateAIClusters(out, plan.units, refs, "fuzz")
		if err != nil {
			return
		}
		seen := map[string]int{}
		for _, pc := range found {
			if len(pc.Keywords) != len(pc.Placements) {
				t.Fatalf("placements %d for %d keywords", len(pc.Placements), len(pc.Keywords))
			}
			for _, k := range pc.Keywords {
				seen[k.Id]++
			}
		}
		for _, m := range moves {
			if m.to != existing.Id {
				t.Fatalf("moved to %q", m.to)
			}
			seen[m.kw.Id]++
		}
		for _, m := range plan.moves {
			seen[m.kw.Id]++
		}
		for id := range seen {
			if !ids[id] {
				t.Fatalf("invented id %q", id)
			}
		}
		for id := range ids {
			if seen[id] != 1 {
				t.Fatalf("keyword %s placed %d times: %+v %+v", id, seen[id], found, moves)
			}
		}
	})
}

// FuzzDedupeIdeas: the AI's idea titles. Kept ideas have a non-empty title
// of at most 300 characters, no two are similar, and at most count are kept.
func FuzzDedupeIdeas(f *testing.F) {
	f.Add("Best Espresso Machines\nbest espresso machines!\nHow to Descale a Kettle\n\n   ", "Espresso Machine Guide", 2)
	f.Add("日本語のタイトル\n日本語のタイトル", "", 5)
	f.Fuzz(func(t *testing.T, titles, existing string, count int) {
		if count < 0 || count > 50 {
			return
		}
		var in []aiIdea
		for _, l := range strings.Split(titles, "\n") {
			in = append(in, aiIdea{Title: l})
		}
		ex := strings.Split(existing, "\n")
		out, skipped := dedupeIdeas(in, ex, count)
		if len(out)+skipped != len(in) || len(out) > count {
			t.Fatalf("kept %d skipped %d of %d (count %d)", len(out), skipped, len(in), count)
		}
		for i, a := range out {
			if strings.TrimSpace(a.Title) == "" || utf8.RuneCountInString(a.Title) > 300 {
				t.Fatalf("kept title %q", a.Title)
			}
			for _, b := range out[:i] {
				if SimilarTitles(a.Title, b.Title) {
					t.Fatalf("kept similar titles %q and %q", a.Title, b.Title)
				}
			}
		}
	})
}
