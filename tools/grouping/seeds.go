package grouping

import (
	"sort"
	"strings"
)

// SeedPair is two seeds whose centroids are close: a merge suggestion.
type SeedPair struct {
	A, B  int
	Score float64
	Terms []string // features both hold, strongest first
}

// SimilarSeeds lists the pairs of seeds whose centroid cosine is at least
// min, most similar first, in the one feature space of all their keywords
// (the maintenance view of near-duplicate clusters).
func SimilarSeeds(seeds []Seed, min float64) []SeedPair {
	g := &grouper{opts: GroupOptions{Seeds: seeds, JoinThreshold: DefaultJoinThreshold, MergeThreshold: DefaultMergeThreshold},
		byFeat: map[int][]int{}, mergeSim: map[int]float64{}, vol: func(int) float64 { return 0 }}
	g.build(nil)
	g.seedGroups()
	var out []SeedPair
	for gi, cur := range g.groups {
		tried := map[int]bool{gi: true}
		for id := range cur.sum {
			if g.df[id] > g.rareLimit {
				continue
			}
			for _, oj := range g.byFeat[id] {
				if tried[oj] || oj < gi {
					continue
				}
				tried[oj] = true
				o := g.groups[oj]
				if s := centroidSim(cur.sum, cur.norm2, o.sum, o.norm2); s >= min {
					out = append(out, SeedPair{A: cur.seed, B: o.seed, Score: round3(s), Terms: g.shared(cur, o)})
				}
			}
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Score > out[b].Score })
	return out
}

// shared lists up to 4 features two groups hold, by the product of their weights.
func (g *grouper) shared(a, b *group) []string {
	type fw struct {
		id int
		w  float64
	}
	var fs []fw
	for id, w := range a.sum {
		if v := b.sum[id]; v > 0 && !strings.HasPrefix(g.names[id], "#") {
			fs = append(fs, fw{id, w * v})
		}
	}
	sort.Slice(fs, func(x, y int) bool {
		if fs[x].w != fs[y].w {
			return fs[x].w > fs[y].w
		}
		return g.names[fs[x].id] < g.names[fs[y].id]
	})
	out := []string{}
	for _, f := range fs[:min(4, len(fs))] {
		out = append(out, g.names[f.id])
	}
	return out
}
