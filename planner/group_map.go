package planner

import (
	"math"
	"sort"
	"strings"

	"github.com/igny8/igny8/tools/keywordfile"
)

// Seed is an existing cluster as [Map] sees it. Its keywords shape its
// centroid in the same TF-IDF space as the new keywords (so a new keyword is
// compared with the cluster's own words, not only its name), its name and
// receipt terms count as one more member, and it never loses a keyword or
// merges with another seed: clustering only ever adds to existing clusters.
type Seed struct {
	Keywords  []string
	Languages []string // per keyword, optional (declared import language)
	// Name is the cluster's name; Terms are its receipt terms (stems and stem
	// pairs as [Grouping.Terms] gives them), used as features as they are.
	Name  string
	Terms []string
	// Embedding is an optional vector for the cluster (used only when the
	// new keywords have embeddings too).
	Embedding []float32
}

// Unit is a set of new keywords that [Map] placed together, with why.
type Unit struct {
	Grouping
	// Seed is the index of the seed the unit joins, or -1 for a group that
	// founds a new cluster.
	Seed int
	// Merged is true for a group that formed among the new keywords and then
	// matched a seed as a whole (the "new cluster that matches an existing
	// one"); false for keywords that joined the seed one by one.
	Merged bool
	// Score is the similarity that decided the unit: the lowest join cosine
	// of its members, or the centroid cosine of the merge. Doubtful is true
	// when it is below ConfirmJoin (one-by-one joins) or 1.5 × MergeThreshold
	// (merged groups).
	Score    float64
	Doubtful bool
	// Near is, for a founded group, the closest seed (>= 0) or the closest
	// other founded unit (encoded as -2-unitIndex) with NearScore, when
	// NearScore >= NearThreshold; -1 otherwise.
	Near      int
	NearScore float64
	// Why and Scores hold, per member (same order as Members) of a seed
	// unit, the features it shares with the seed, strongest first, and the
	// cosine it joined with (the merge's for a merged group).
	Why    [][]string
	Scores []float64
}

// MapResult is the outcome of [Map]: every new keyword in exactly one unit.
type MapResult struct {
	Units []Unit
}

// NearUnit decodes Unit.Near when it names another founded unit.
func NearUnit(near int) (int, bool) {
	if near <= -2 {
		return -2 - near, true
	}
	return 0, false
}

type group struct {
	members []int // document indexes (seed documents included)
	sum     sparse
	norm2   float64
	emb     []float64
	alive   bool
	seed    int // index of the seed, -1 for a new group
}

// grouper holds one map's feature space: documents 0..n-1 are the new
// keywords, then every seed's keywords and one document per seed for its
// name and receipt terms.
type grouper struct {
	opts      GroupOptions
	n         int
	vecs      []sparse
	names     []string
	df        []int
	embs      [][]float64
	useEmb    bool
	rareLimit int
	groups    []*group
	byFeat    map[int][]int // feature → groups holding it (rare features only)
	unit      []int         // per document: the group it is placed with (see Map)
	score     []float64     // per document: the cosine it joined with
	mergeSim  map[int]float64
	vol       func(int) float64
}

// Map places new keywords among existing clusters (opts.Seeds) and founds
// groups for the rest, in one feature space over all of them: the IDF counts
// the seeds' keywords and the new ones alike, so "one run over the whole
// backlog and the existing clusters" is a single map rather than batches
// that each found their own copy of a topic. New keywords are visited
// shortest first and join the most similar centroid (a seed's or a new
// group's) above the join threshold; then new groups merge with each other
// or into a seed above the merge threshold (seeds never merge with each
// other and never lose keywords). Without seeds it is exactly [Group].
func Map(keywords []string, volumes []float64, opts GroupOptions) MapResult {
	if opts.JoinThreshold <= 0 {
		opts.JoinThreshold = DefaultJoinThreshold
	}
	if opts.MergeThreshold <= 0 {
		opts.MergeThreshold = DefaultMergeThreshold
	}
	if opts.ConfirmJoin <= 0 {
		opts.ConfirmJoin = 0.30
	}
	if opts.NearThreshold <= 0 {
		opts.NearThreshold = 0.10
	}
	g := &grouper{opts: opts, n: len(keywords), byFeat: map[int][]int{}, mergeSim: map[int]float64{}}
	g.vol = func(i int) float64 {
		if i < len(volumes) {
			return volumes[i]
		}
		return 0
	}
	g.build(keywords)
	g.seedGroups()
	g.join()
	g.merge()
	return MapResult{Units: g.units()}
}

// build tokenises every document and weighs its features by TF-IDF.
func (g *grouper) build(keywords []string) {
	var texts, langs []string
	var extra [][]string // pre-made features of the seeds' name documents
	texts = append(texts, keywords...)
	for i := range keywords {
		l := ""
		if i < len(g.opts.Languages) {
			l = g.opts.Languages[i]
		}
		langs = append(langs, l)
	}
	extra = make([][]string, len(keywords))
	for _, s := range g.opts.Seeds {
		for j, k := range s.Keywords {
			l := ""
			if j < len(s.Languages) {
				l = s.Languages[j]
			}
			texts = append(texts, k)
			langs = append(langs, l)
			extra = append(extra, nil)
		}
		texts = append(texts, s.Name)
		langs = append(langs, "")
		extra = append(extra, s.Terms)
	}
	total := len(texts)
	toksOf := make([][]string, total)
	codes := make([]string, total)
	distinct := map[string]map[string]bool{}
	// a keyword nothing tells the language of ("laufschuhe herren") is read
	// in opts.Language, else in the language most keywords of the map are
	// known to be in (by script, import or hints)
	sure := make([]bool, total)
	known := map[string]int{}
	for i, t := range texts {
		codes[i], sure[i] = detectLanguage(t, langs[i])
		if sure[i] {
			known[codes[i]]++
		}
	}
	fallback := StemLanguage(g.opts.Language)
	if g.opts.Language == "" {
		for c, n := range known {
			if n > known[fallback] || n == known[fallback] && c < fallback {
				fallback = c
			}
		}
	}
	for i, t := range texts {
		if !sure[i] {
			codes[i] = fallback
		}
		toksOf[i] = tokensOf(codes[i], t)
		if distinct[codes[i]] == nil {
			distinct[codes[i]] = map[string]bool{}
		}
		for _, w := range toksOf[i] {
			distinct[codes[i]][w] = true
		}
	}
	near := map[string]map[string]string{}
	for code, ws := range distinct {
		near[code] = nearStems(code, ws)
		if code == "de" {
			for t, parts := range splitCompounds(ws) {
				near[code][t] = parts
			}
		}
	}
	feats := map[string]int{}
	docs := make([][]int, total)
	for i := range texts {
		seen := map[int]bool{}
		add := func(f string) {
			id, ok := feats[f]
			if !ok {
				id = len(g.names)
				feats[f] = id
				g.names = append(g.names, f)
				g.df = append(g.df, 0)
			}
			if !seen[id] {
				seen[id] = true
				g.df[id]++
				docs[i] = append(docs[i], id)
			}
		}
		toks := toksOf[i]
		var prev string
		for _, t := range toks {
			if b, ok := near[codes[i]][t]; ok {
				// a compound adds its parts (kaffee|maschin) besides itself
				if strings.Contains(b, "|") {
					add(t)
					for _, p := range strings.Split(b, "|") {
						add(p)
					}
					prev = t
					continue
				}
				t = b
			}
			add(t)
			if prev != "" && !isGram(t) {
				add(prev + " " + t)
			}
			prev = t
		}
		for _, f := range extra[i] {
			add(f)
		}
		if len(docs[i]) == 0 {
			add("#" + keywordfile.Normalize(texts[i])) // a keyword of stopwords only stands alone
		}
	}
	g.vecs = make([]sparse, total)
	for i, d := range docs {
		v := make(sparse, len(d))
		var norm float64
		for _, id := range d {
			w := math.Log(1 + float64(total)/float64(g.df[id]))
			if strings.Contains(g.names[id], " ") {
				w *= 0.7
			}
			v[id] = w
			norm += w * w
		}
		norm = math.Sqrt(norm)
		for id := range v {
			v[id] /= norm
		}
		g.vecs[i] = v
	}
	g.useEmb = len(g.opts.Embeddings) == len(keywords) && len(keywords) > 0
	if g.useEmb {
		if g.opts.EmbeddingWeight <= 0 {
			g.opts.EmbeddingWeight = 0.5
		}
		g.embs = make([][]float64, total)
		for i, e := range g.opts.Embeddings {
			g.embs[i] = normalized(e)
		}
	}
	// common features do not propose candidates (a cost bound for large maps);
	// below 250 documents every feature may, which costs nothing there and
	// lets a small site's "cheap espresso machine" find its cluster by
	// "espresso" even when half its keywords say "espresso"
	g.rareLimit = int(math.Max(minRareLimit, maxFeatureShare*float64(total)))
	g.unit = make([]int, total)
	g.score = make([]float64, total)
}

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
