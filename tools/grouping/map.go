package grouping

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
