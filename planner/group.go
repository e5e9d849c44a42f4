package planner

import (
	"math"
	"sort"
	"strings"
	"unicode"
)

// Grouping thresholds, tuned on testdata/labelled_clusters.csv (see docs/PERFORMANCE.md).
const (
	DefaultJoinThreshold  = 0.15 // cosine to a cluster centroid needed to join it
	DefaultMergeThreshold = 0.20 // centroid cosine at which two clusters merge
	maxFeatureShare       = 0.2  // features in more than this share of keywords do not propose candidates
)

// GroupOptions tune [Group]. Embeddings, when given, hold one vector per
// keyword (same order) and are blended into the similarity.
type GroupOptions struct {
	JoinThreshold  float64
	MergeThreshold float64
	Embeddings     [][]float32
	// EmbeddingWeight is the share of the similarity that comes from the
	// embeddings (default 0.5 when Embeddings are set).
	EmbeddingWeight float64
	// Language of the keywords (a code such as "de" or a name such as
	// "German"), choosing the Snowball stemmer; English when empty or unknown.
	Language string
}

// Grouping is one group of keywords with its receipts: the terms its members
// share and how similar they are.
type Grouping struct {
	Members []int `json:"-"` // indexes into the input
	// Terms are the stems shared by at least half of the members, most common first.
	Terms []string `json:"terms"`
	// Head is the member that best represents the group (closest to the centroid, then highest volume).
	Head int `json:"-"`
	// Cohesion is the mean cosine similarity of members to the group centroid.
	Cohesion float64 `json:"cohesion"`
}

// stopwords are words that say nothing about a keyword's topic, including the
// search modifiers ("best", "how", "near me") that cross every topic.
var stopwords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an and are as at be by can do does for from how i in is it my of on or
		should that the this to vs versus what when where which who why will with without you your near me
		best top cheap cheapest good great review reviews guide tips ideas list 2023 2024 2025 2026 free online
		new easy simple get make use using much many often long does do vs. get into per under over`) {
		stopwords[w] = true
	}
}

// Tokens returns the stemmed content words of an English keyword, in order.
func Tokens(s string) []string { return TokensIn("en", s) }

// TokensIn returns the content words of a keyword stemmed in the language of
// code (see [StemLanguage]), in order. Stop words are English.
func TokensIn(code, s string) []string {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	out := words[:0]
	for _, w := range words {
		if stopwords[w] || len(w) < 2 && !unicode.IsDigit(rune(w[0])) {
			continue
		}
		out = append(out, StemIn(code, w))
	}
	return out
}

// sparse is an L2-normalised feature vector.
type sparse map[int]float64

// Group clusters keywords without AI: each keyword becomes a TF-IDF vector of
// its Snowball stems and adjacent stem pairs (near-identical stems of the
// batch counted as one, see nearStems); keywords are visited shortest first (heads
// like "espresso machine" seed groups) and join the most similar group centroid
// that shares a rare-enough feature, if the cosine clears the join threshold;
// then groups whose centroids are close merge. Every keyword lands in exactly
// one group. Cost is about linear in the number of keywords.
func Group(keywords []string, volumes []float64, opts GroupOptions) []Grouping {
	if opts.JoinThreshold <= 0 {
		opts.JoinThreshold = DefaultJoinThreshold
	}
	if opts.MergeThreshold <= 0 {
		opts.MergeThreshold = DefaultMergeThreshold
	}
	useEmb := len(opts.Embeddings) == len(keywords) && len(keywords) > 0
	if useEmb && opts.EmbeddingWeight <= 0 {
		opts.EmbeddingWeight = 0.5
	}
	n := len(keywords)
	feats := map[string]int{}
	names := []string{}
	docs := make([][]int, n)
	df := []int{}
	code := StemLanguage(opts.Language)
	toksOf := make([][]string, n)
	distinct := map[string]bool{}
	for i, k := range keywords {
		toksOf[i] = TokensIn(code, k)
		for _, t := range toksOf[i] {
			distinct[t] = true
		}
	}
	near := nearStems(code, distinct)
	for i, k := range keywords {
		toks := toksOf[i]
		for j, t := range toks {
			if b, ok := near[t]; ok {
				toks[j] = b
			}
		}
		seen := map[int]bool{}
		add := func(f string) {
			id, ok := feats[f]
			if !ok {
				id = len(names)
				feats[f] = id
				names = append(names, f)
				df = append(df, 0)
			}
			if !seen[id] {
				seen[id] = true
				df[id]++
				docs[i] = append(docs[i], id)
			}
		}
		for j, t := range toks {
			add(t)
			if j > 0 {
				add(toks[j-1] + " " + t)
			}
		}
		if len(toks) == 0 {
			add("#" + Normalize(k)) // a keyword of stopwords only stands alone
		}
	}
	vecs := make([]sparse, n)
	for i, d := range docs {
		v := sparse{}
		var norm float64
		for _, id := range d {
			w := math.Log(1 + float64(n)/float64(df[id]))
			if strings.Contains(names[id], " ") {
				w *= 0.7
			}
			v[id] = w
			norm += w * w
		}
		norm = math.Sqrt(norm)
		for id := range v {
			v[id] /= norm
		}
		vecs[i] = v
	}
	var embs [][]float64
	if useEmb {
		embs = make([][]float64, n)
		for i, e := range opts.Embeddings {
			embs[i] = normalized(e)
		}
	}
	rareLimit := int(math.Max(3, maxFeatureShare*float64(n)))

	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	vol := func(i int) float64 {
		if i < len(volumes) {
			return volumes[i]
		}
		return 0
	}
	sort.SliceStable(order, func(a, b int) bool {
		la, lb := len(docs[order[a]]), len(docs[order[b]])
		if la != lb {
			return la < lb
		}
		return vol(order[a]) > vol(order[b])
	})

	type group struct {
		members []int
		sum     sparse
		norm2   float64
		emb     []float64
		alive   bool
	}
	var groups []*group
	byFeat := map[int][]int{} // feature → groups holding it
	sim := func(i int, g *group) float64 {
		var dot float64
		for id, w := range vecs[i] {
			dot += w * g.sum[id]
		}
		s := 0.0
		if g.norm2 > 0 {
			s = dot / math.Sqrt(g.norm2)
		}
		if useEmb {
			s = (1-opts.EmbeddingWeight)*s + opts.EmbeddingWeight*cosine(embs[i], g.emb)
		}
		return s
	}
	addTo := func(gi, i int) {
		g := groups[gi]
		var dot float64
		for id, w := range vecs[i] {
			dot += w * g.sum[id]
		}
		for id, w := range vecs[i] {
			if _, ok := g.sum[id]; !ok && df[id] <= rareLimit {
				byFeat[id] = append(byFeat[id], gi)
			}
			g.sum[id] += w
		}
		g.norm2 += 2*dot + 1
		if useEmb {
			if g.emb == nil {
				g.emb = make([]float64, len(embs[i]))
			}
			for k, x := range embs[i] {
				g.emb[k] += x
			}
		}
		g.members = append(g.members, i)
	}
	for _, i := range order {
		best, bestSim := -1, opts.JoinThreshold
		tried := map[int]bool{}
		for id := range vecs[i] {
			if df[id] > rareLimit {
				continue
			}
			for _, gi := range byFeat[id] {
				if tried[gi] {
					continue
				}
				tried[gi] = true
				if s := sim(i, groups[gi]); s >= bestSim {
					best, bestSim = gi, s
				}
			}
		}
		if best < 0 {
			groups = append(groups, &group{sum: sparse{}, alive: true})
			best = len(groups) - 1
		}
		addTo(best, i)
	}

	// Merge groups whose centroids are close, largest first so small groups fold in.
	idx := make([]int, len(groups))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return len(groups[idx[a]].members) > len(groups[idx[b]].members) })
	for _, gi := range idx {
		g := groups[gi]
		if !g.alive {
			continue
		}
		for {
			best, bestSim := -1, opts.MergeThreshold
			tried := map[int]bool{gi: true}
			for id := range g.sum {
				if df[id] > rareLimit {
					continue
				}
				for _, oj := range byFeat[id] {
					if tried[oj] || !groups[oj].alive {
						continue
					}
					tried[oj] = true
					if s := centroidSim(g.sum, g.norm2, groups[oj].sum, groups[oj].norm2); s >= bestSim {
						best, bestSim = oj, s
					}
				}
			}
			if best < 0 {
				break
			}
			o := groups[best]
			o.alive = false
			for _, m := range o.members {
				addTo(gi, m)
			}
		}
	}

	var out []Grouping
	for _, g := range groups {
		if !g.alive {
			continue
		}
		out = append(out, receipts(g.members, g.sum, g.norm2, vecs, names, vol))
	}
	sort.SliceStable(out, func(a, b int) bool { return len(out[a].Members) > len(out[b].Members) })
	return out
}

func centroidSim(a sparse, an2 float64, b sparse, bn2 float64) float64 {
	if an2 == 0 || bn2 == 0 {
		return 0
	}
	if len(b) < len(a) {
		a, b = b, a
	}
	var dot float64
	for id, w := range a {
		dot += w * b[id]
	}
	return dot / math.Sqrt(an2*bn2)
}

func receipts(members []int, sum sparse, norm2 float64, vecs []sparse, names []string, vol func(int) float64) Grouping {
	g := Grouping{Members: members, Head: members[0]}
	count := map[int]int{}
	bestSim := -1.0
	var total float64
	for _, m := range members {
		var dot float64
		for id, w := range vecs[m] {
			dot += w * sum[id]
			count[id]++
		}
		s := 0.0
		if norm2 > 0 {
			s = dot / math.Sqrt(norm2)
		}
		total += s
		if s > bestSim+1e-9 || math.Abs(s-bestSim) <= 1e-9 && vol(m) > vol(g.Head) {
			bestSim, g.Head = s, m
		}
	}
	g.Cohesion = math.Round(total/float64(len(members))*1000) / 1000
	type fc struct {
		id, n int
	}
	var fcs []fc
	for id, c := range count {
		if c*2 >= len(members) && !strings.HasPrefix(names[id], "#") {
			fcs = append(fcs, fc{id, c})
		}
	}
	sort.Slice(fcs, func(a, b int) bool {
		if fcs[a].n != fcs[b].n {
			return fcs[a].n > fcs[b].n
		}
		return names[fcs[a].id] < names[fcs[b].id]
	})
	g.Terms = []string{}
	for _, f := range fcs {
		if len(g.Terms) == 8 {
			break
		}
		g.Terms = append(g.Terms, names[f.id])
	}
	return g
}

func normalized(e []float32) []float64 {
	out := make([]float64, len(e))
	var n float64
	for i, x := range e {
		out[i] = float64(x)
		n += out[i] * out[i]
	}
	if n = math.Sqrt(n); n > 0 {
		for i := range out {
			out[i] /= n
		}
	}
	return out
}

func cosine(a, b []float64) float64 {
	var dot, nb float64
	for i := range a {
		if i < len(b) {
			dot += a[i] * b[i]
			nb += b[i] * b[i]
		}
	}
	if nb == 0 {
		return 0
	}
	return dot / math.Sqrt(nb)
}
