// Package grouping clusters keywords without AI: TF-IDF vectors of their
// stems (Snowball, per language; character bigrams for Japanese and
// Chinese) and stem pairs, joined to the closest group centroid and merged
// when centroids meet ([Group]), or placed among existing clusters ([Map]).
// Tokens are shared with the overlap check and the optimizer.
//
// It is a library in the manner of PocketBase's tools/: it imports nothing
// of PocketBase; the planner turns its groups into clusters.
package grouping

import (
	"sort"
	"strings"
)

// Grouping thresholds, tuned on testdata/labelled_clusters.csv (see docs/PERFORMANCE.md).
const (
	DefaultJoinThreshold  = 0.15 // cosine to a cluster centroid needed to join it
	DefaultMergeThreshold = 0.20 // centroid cosine at which two clusters merge
	maxFeatureShare       = 0.2  // features in more than this share of keywords do not propose candidates
	minRareLimit          = 50   // ... unless they are in fewer keywords than this
)

// GroupOptions tune [Group] and [Map]. Embeddings, when given, hold one
// vector per keyword (same order) and are blended into the similarity.
type GroupOptions struct {
	JoinThreshold  float64
	MergeThreshold float64
	Embeddings     [][]float32
	// EmbeddingWeight is the share of the similarity that comes from the
	// embeddings (default 0.5 when Embeddings are set).
	EmbeddingWeight float64
	// Language of the keywords (a code such as "de" or a name such as
	// "German"): the language of every keyword whose own language is not
	// given in Languages and cannot be told from its text (see
	// [KeywordLanguage]); English when empty or unknown.
	Language string
	// Languages optionally holds each keyword's declared language (the
	// import's language column), same order as the keywords.
	Languages []string
	// Seeds are the existing clusters new keywords may join (see [Map]).
	Seeds []Seed
	// ConfirmJoin is the similarity from which a keyword joining a seed on its
	// own is certain; below it (down to JoinThreshold) the join is doubtful
	// and [Map] reports it apart so the AI can confirm it (default 0.30).
	ConfirmJoin float64
	// NearThreshold is the similarity from which a founded group names its
	// closest seed or group as Near (default 0.10).
	NearThreshold float64
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

// Group clusters keywords without AI: each keyword becomes a TF-IDF vector of
// its stems (in its own language, see [KeywordLanguage]) and adjacent stem
// pairs (near-identical stems of the batch counted as one, see nearStems);
// keywords are visited shortest first (heads like "espresso machine" seed
// groups) and join the most similar group centroid that shares a rare-enough
// feature, if the cosine clears the join threshold; then groups whose
// centroids are close merge. Every keyword lands in exactly one group. Cost
// is about linear in the number of keywords. It is [Map] without seeds.
func Group(keywords []string, volumes []float64, opts GroupOptions) []Grouping {
	opts.Seeds = nil
	units := Map(keywords, volumes, opts).Units
	out := make([]Grouping, 0, len(units))
	for _, u := range units {
		out = append(out, u.Grouping)
	}
	sort.SliceStable(out, func(a, b int) bool { return len(out[a].Members) > len(out[b].Members) })
	return out
}

// receipts describes members (document indexes of new keywords) as a
// Grouping: the head closest to the centroid sum, cohesion, shared terms.
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
			s = dot / sqrt(norm2)
		}
		total += s
		if s > bestSim+1e-9 || abs(s-bestSim) <= 1e-9 && vol(m) > vol(g.Head) {
			bestSim, g.Head = s, m
		}
	}
	g.Cohesion = round3(total / float64(len(members)))
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
