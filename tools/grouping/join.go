package grouping

import (
	"math"
	"sort"
)

// seedGroups makes one fixed group per seed from its documents.
func (g *grouper) seedGroups() {
	doc := g.n
	for si, s := range g.opts.Seeds {
		gi := len(g.groups)
		g.groups = append(g.groups, &group{sum: sparse{}, alive: true, seed: si})
		for range s.Keywords {
			g.addTo(gi, doc)
			g.unit[doc] = gi
			doc++
		}
		g.addTo(gi, doc) // the name/terms document
		g.unit[doc] = gi
		doc++
		if g.useEmb && len(s.Embedding) > 0 {
			e := normalized(s.Embedding)
			k := float64(len(g.groups[gi].members))
			g.groups[gi].emb = make([]float64, len(e))
			for j, x := range e {
				g.groups[gi].emb[j] = x * k
			}
		}
	}
}

func (g *grouper) sim(i int, gr *group) float64 {
	var dot float64
	for id, w := range g.vecs[i] {
		dot += w * gr.sum[id]
	}
	s := 0.0
	if gr.norm2 > 0 {
		s = dot / math.Sqrt(gr.norm2)
	}
	if g.useEmb && g.embs[i] != nil && gr.emb != nil {
		s = (1-g.opts.EmbeddingWeight)*s + g.opts.EmbeddingWeight*cosine(g.embs[i], gr.emb)
	}
	return s
}

func (g *grouper) addTo(gi, i int) {
	gr := g.groups[gi]
	var dot float64
	for id, w := range g.vecs[i] {
		dot += w * gr.sum[id]
	}
	for id, w := range g.vecs[i] {
		if _, ok := gr.sum[id]; !ok && g.df[id] <= g.rareLimit {
			g.byFeat[id] = append(g.byFeat[id], gi)
		}
		gr.sum[id] += w
	}
	gr.norm2 += 2*dot + 1
	if g.useEmb && g.embs[i] != nil {
		if gr.emb == nil {
			gr.emb = make([]float64, len(g.embs[i]))
		}
		for k, x := range g.embs[i] {
			gr.emb[k] += x
		}
	}
	gr.members = append(gr.members, i)
}

// join visits the new keywords shortest first; each joins the best group
// sharing a rare feature above the join threshold, or founds one.
func (g *grouper) join() {
	order := make([]int, g.n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		la, lb := len(g.vecs[order[a]]), len(g.vecs[order[b]])
		if la != lb {
			return la < lb
		}
		return g.vol(order[a]) > g.vol(order[b])
	})
	for _, i := range order {
		best, bestSim := -1, g.opts.JoinThreshold
		tried := map[int]bool{}
		for id := range g.vecs[i] {
			if g.df[id] > g.rareLimit {
				continue
			}
			for _, gi := range g.byFeat[id] {
				if tried[gi] {
					continue
				}
				tried[gi] = true
				if s := g.sim(i, g.groups[gi]); s >= bestSim {
					best, bestSim = gi, s
				}
			}
		}
		if best < 0 {
			g.groups = append(g.groups, &group{sum: sparse{}, alive: true, seed: -1})
			best, bestSim = len(g.groups)-1, 1
		}
		g.addTo(best, i)
		g.unit[i], g.score[i] = best, bestSim
	}
}

// merge folds close groups together, largest first so small groups fold
// in. A new group that matches a seed moves into it as a whole (and the seed
// goes on absorbing); two seeds never merge.
func (g *grouper) merge() {
	idx := make([]int, len(g.groups))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return len(g.groups[idx[a]].members) > len(g.groups[idx[b]].members) })
	for _, gi := range idx {
		// seeds do not go looking (thousands of them would each scan every
		// group sharing a feature); a new group that matches one moves in
		if !g.groups[gi].alive || g.groups[gi].seed >= 0 {
			continue
		}
		for {
			best, bestSim := g.closest(gi, g.opts.MergeThreshold)
			if best < 0 {
				break
			}
			if g.groups[best].seed >= 0 {
				// the new group gi moves into seed best as a whole
				g.absorb(best, gi, bestSim)
				break
			}
			g.absorb(gi, best, bestSim)
		}
	}
}

// closest is the alive group most similar to group gi at or above min
// through a shared rare feature (never a seed for a seed), or -1.
func (g *grouper) closest(gi int, min float64) (int, float64) {
	cur := g.groups[gi]
	best, bestSim := -1, -1.0
	tried := map[int]bool{gi: true}
	for id := range cur.sum {
		if g.df[id] > g.rareLimit {
			continue
		}
		for _, oj := range g.byFeat[id] {
			if tried[oj] || !g.groups[oj].alive || cur.seed >= 0 && g.groups[oj].seed >= 0 {
				continue
			}
			tried[oj] = true
			if s := centroidSim(cur.sum, cur.norm2, g.groups[oj].sum, g.groups[oj].norm2); s >= min && s >= bestSim {
				best, bestSim = oj, s
			}
		}
	}
	return best, bestSim
}

// absorb moves new group from into group into. Into a new group, from's
// keywords become into's unit; into a seed, they stay one unit of their own,
// remembered with the merge similarity.
func (g *grouper) absorb(into, from int, sim float64) {
	o := g.groups[from]
	o.alive = false
	seed := g.groups[into].seed >= 0
	for _, m := range o.members {
		g.addTo(into, m)
		if !seed {
			g.unit[m] = into
		}
	}
	if seed {
		g.mergeSim[from] = sim
	}
}
