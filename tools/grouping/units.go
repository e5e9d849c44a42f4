package grouping

import (
	"math"
	"sort"
	"strings"
)

// units reports the new keywords by unit: per seed its one-by-one joins
// (certain and doubtful apart) and each group merged into it; then every
// founded group with its closest seed or group.
func (g *grouper) units() []Unit {
	var out []Unit
	founded := map[int]int{} // group index → unit index
	for gi, gr := range g.groups {
		byUnit := map[int][]int{}
		var order []int
		for _, m := range gr.members {
			if m >= g.n {
				continue
			}
			u := g.unit[m]
			if u == gi && gr.seed >= 0 && g.score[m] < g.opts.ConfirmJoin {
				u = -1 - gi // doubtful one-by-one joins
			}
			if _, ok := byUnit[u]; !ok {
				order = append(order, u)
			}
			byUnit[u] = append(byUnit[u], m)
		}
		if !gr.alive {
			continue
		}
		for _, u := range order {
			ms := byUnit[u]
			un := Unit{Grouping: receipts(ms, gr.sum, gr.norm2, g.vecs, g.names, g.vol), Seed: gr.seed, Near: -1}
			switch {
			case gr.seed < 0:
				un.Score = 1
				founded[gi] = len(out)
			case u == gi || u == -1-gi:
				un.Score = 1
				for _, m := range ms {
					un.Score = math.Min(un.Score, g.score[m])
				}
				un.Doubtful = u != gi
			default:
				un.Merged, un.Score = true, g.mergeSim[u]
				un.Doubtful = un.Score < 1.5*g.opts.MergeThreshold
			}
			if gr.seed >= 0 {
				un.Score = round3(un.Score)
				for _, m := range ms {
					un.Why = append(un.Why, g.why(m, gr))
					if un.Merged {
						un.Scores = append(un.Scores, un.Score)
					} else {
						un.Scores = append(un.Scores, round3(g.score[m]))
					}
				}
			}
			out = append(out, un)
		}
	}
	for gi, ui := range founded {
		best, s := g.closest(gi, g.opts.NearThreshold)
		if best < 0 {
			continue
		}
		if sd := g.groups[best].seed; sd >= 0 {
			out[ui].Near = sd
		} else if oi, ok := founded[best]; ok {
			out[ui].Near = -2 - oi
		} else {
			continue
		}
		out[ui].NearScore = round3(s)
	}
	return out
}

// why lists up to 4 features keyword m shares with group gr, strongest first.
func (g *grouper) why(m int, gr *group) []string {
	type fw struct {
		id int
		w  float64
	}
	var fs []fw
	for id, w := range g.vecs[m] {
		if s := gr.sum[id] - w; s > 1e-9 && !strings.HasPrefix(g.names[id], "#") {
			fs = append(fs, fw{id, w * s})
		}
	}
	sort.Slice(fs, func(a, b int) bool {
		if fs[a].w != fs[b].w {
			return fs[a].w > fs[b].w
		}
		return g.names[fs[a].id] < g.names[fs[b].id]
	})
	out := []string{}
	for _, f := range fs[:min(4, len(fs))] {
		out = append(out, g.names[f.id])
	}
	return out
}
