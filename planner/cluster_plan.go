package planner

import (
	"sort"
	"strings"

	"github.com/igny8/igny8/tools/grouping"
)

// Placement is a keyword's receipt (keywords.placement): how it came to be
// in its cluster, so the web app can say why.
type Placement struct {
	// Method: "assigned" (joined an existing cluster by lexical similarity),
	// "confirmed" (a doubtful join the AI confirmed), "founded" (founded a new
	// cluster with the keywords beside it), "regrouped" (moved from a cluster
	// nothing was built on yet when the whole map showed it belongs
	// elsewhere), "merged" (its cluster was merged by hand), "manual" (moved
	// by hand: clustering never moves it again), "split" (split off by hand).
	Method string `json:"method"`
	// Score is the cosine similarity that decided it (0 to 1).
	Score float64 `json:"score,omitempty"`
	// Terms are the features it shares with the cluster.
	Terms []string `json:"terms,omitempty"`
	// From is the cluster it was in before, if any.
	From string `json:"from,omitempty"`
	// Model answered the AI step that decided it, if any.
	Model string `json:"model,omitempty"`
	// Job is the clustering job, By the user of a manual action.
	Job string `json:"job,omitempty"`
	By  string `json:"by,omitempty"`
}

// PlacementManual is the method of a keyword placed by hand.
const PlacementManual = "manual"

// runKeyword is a keyword as a clustering run sees it.
type runKeyword struct {
	Id, Text, Language string
	Volume             float64
	// Cluster is the free cluster the keyword is in ("" for a new keyword).
	Cluster string
}

// runCluster is an active cluster of the site as a run sees it.
type runCluster struct {
	Id, Name string
	Terms    []string
	Keywords []runKeyword
	// Fixed: something is built on it (ideas, tasks, hand-placed keywords, made
	// by hand), so it keeps its keywords and only receives new ones. A free
	// cluster's keywords are grouped again with the new keywords on every run.
	Fixed bool
	// Judged: its grouping was made by a model (not the dev provider), so
	// regrouping keeps its keywords together (the model may have joined
	// groups that share no words).
	Judged bool
	// Published: it has published content; a new group that matches it is
	// attached to it as a cluster of its own with a note instead of merged.
	Published bool
}

// move places one keyword in an existing cluster.
type move struct {
	kw        runKeyword
	to        string
	placement Placement
}

// aiUnit is a set of keywords whose cluster the AI step decides: a group
// that founds a cluster (named by the AI), possibly matching an existing
// cluster (likely), or keywords whose join to an existing cluster is doubtful.
type aiUnit struct {
	kws      []runKeyword
	head     int
	terms    []string
	cohesion float64
	// likely is the existing cluster the unit may belong to; join says the
	// lexical decision is to join it (a doubtful join), not only that it is
	// near; score is the similarity.
	likely *runCluster
	join   bool
	score  float64
	why    [][]string
	scores []float64
	// attach is a published cluster a founded unit matches (it is attached to it).
	attach *runCluster
}

// runPlan is a run's lexical decision.
type runPlan struct {
	moves []move
	units []aiUnit
}

// lexicalPlan maps the new keywords and the free clusters' keywords in one
// feature space with the fixed clusters as seeds ([grouping.Map]): keywords
// that join a fixed cluster with certainty move there; founded groups are
// matched back to the free clusters they came from (a group keeps the
// identity of the free cluster that gave most of its keywords; a judged
// cluster keeps all its groups) and what is left (new topics, doubtful
// joins) goes to the AI step.
func lexicalPlan(clusters []*runCluster, fresh []runKeyword, opts grouping.GroupOptions) runPlan {
	docs, fixed, byId := planDocuments(clusters, fresh)
	texts := make([]string, len(docs))
	vols := make([]float64, len(docs))
	langs := make([]string, len(docs))
	for i, d := range docs {
		texts[i], vols[i], langs[i] = d.Text, d.Volume, d.Language
	}
	opts.Languages = langs
	opts.Seeds = seedsOf(fixed)
	if len(opts.Embeddings) != len(fresh) {
		opts.Embeddings = nil
	} else if len(opts.Embeddings) != len(docs) {
		opts.Embeddings = nil // embeddings cover new keywords only; mixed documents use the lexical side
	}
	res := grouping.Map(texts, vols, opts)

	var plan runPlan
	var founded []grouping.Unit
	for _, u := range res.Units {
		if u.Seed < 0 {
			founded = append(founded, u)
			continue
		}
		plan.placeSeeded(u, fixed[u.Seed], docs)
	}
	owner := founderOwners(founded, docs, byId)
	for ui, u := range founded {
		plan.placeFounded(u, owner[ui], fixed, docs)
	}
	return plan
}

// planDocuments lists the keywords a run maps — the new ones and every free
// cluster's — in a stable order (the same keywords map the same way whatever
// order they came in), with the fixed clusters and every cluster by id.
func planDocuments(clusters []*runCluster, fresh []runKeyword) ([]runKeyword, []*runCluster, map[string]*runCluster) {
	var fixed []*runCluster
	byId := map[string]*runCluster{}
	docs := append([]runKeyword(nil), fresh...)
	for _, c := range clusters {
		byId[c.Id] = c
		if c.Fixed {
			fixed = append(fixed, c)
			continue
		}
		docs = append(docs, c.Keywords...)
	}
	sort.SliceStable(docs, func(a, b int) bool {
		if docs[a].Volume != docs[b].Volume {
			return docs[a].Volume > docs[b].Volume
		}
		return docs[a].Text < docs[b].Text
	})
	return docs, fixed, byId
}

// seedsOf is the fixed clusters as the map's seeds.
func seedsOf(fixed []*runCluster) []grouping.Seed {
	seeds := make([]grouping.Seed, len(fixed))
	for i, c := range fixed {
		s := grouping.Seed{Name: c.Name, Terms: c.Terms}
		for _, k := range c.Keywords {
			s.Keywords = append(s.Keywords, k.Text)
			s.Languages = append(s.Languages, k.Language)
		}
		seeds[i] = s
	}
	return seeds
}

// placeSeeded decides a unit that joins fixed cluster c: a new group
// matching a cluster with published content becomes its own cluster
// attached to that one, a doubtful join goes to the AI, a certain one moves.
func (plan *runPlan) placeSeeded(u grouping.Unit, c *runCluster, docs []runKeyword) {
	switch {
	case u.Merged && c.Published:
		au := unitOf(u, docs)
		au.attach, au.score = c, u.Score
		plan.units = append(plan.units, au)
	case u.Doubtful:
		au := unitOf(u, docs)
		au.likely, au.join, au.score = c, true, u.Score
		plan.units = append(plan.units, au)
	default:
		for j, m := range u.Members {
			plan.moves = append(plan.moves, move{kw: docs[m], to: c.Id,
				placement: Placement{Method: moveMethod(docs[m]), Score: u.Scores[j], Terms: u.Why[j], From: docs[m].Cluster}})
		}
	}
}

// moveMethod is "regrouped" for a keyword that leaves a cluster, else "assigned".
func moveMethod(k runKeyword) string {
	if k.Cluster != "" {
		return "regrouped"
	}
	return "assigned"
}

// founderOwners matches founded groups back to the free clusters they came
// from: each free cluster goes to the group holding most of its keywords
// (a judged cluster to every group that holds most of it); per group, the
// cluster it keeps ("" for none).
func founderOwners(founded []grouping.Unit, docs []runKeyword, byId map[string]*runCluster) []string {
	type claim struct {
		unit, n int
	}
	claims := map[string][]claim{}
	owner := make([]string, len(founded))
	for ui, u := range founded {
		count := map[string]int{}
		for _, m := range u.Members {
			if c := docs[m].Cluster; c != "" {
				count[c]++
			}
		}
		best, bestN := "", 0
		for c, n := range count {
			if n > bestN || n == bestN && c < best {
				best, bestN = c, n
			}
		}
		if best != "" {
			claims[best] = append(claims[best], claim{ui, bestN})
		}
	}
	for c, cs := range claims {
		sort.SliceStable(cs, func(a, b int) bool {
			if cs[a].n != cs[b].n {
				return cs[a].n > cs[b].n
			}
			return cs[a].unit < cs[b].unit
		})
		for i, cl := range cs {
			if i == 0 || byId[c].Judged {
				owner[cl.unit] = c
			}
		}
	}
	return owner
}

// placeFounded decides a founded group: with an owner, its keywords move
// into that free cluster (those already there stay); without, it goes to
// the AI as a new topic, near the fixed cluster the map found closest.
func (plan *runPlan) placeFounded(u grouping.Unit, owner string, fixed []*runCluster, docs []runKeyword) {
	if owner != "" {
		for _, m := range u.Members {
			d := docs[m]
			if d.Cluster == owner {
				continue // stays where it is
			}
			plan.moves = append(plan.moves, move{kw: d, to: owner,
				placement: Placement{Method: moveMethod(d), Score: u.Cohesion, Terms: u.Terms, From: d.Cluster}})
		}
		return
	}
	au := unitOf(u, docs)
	if u.Near >= 0 {
		au.likely, au.score = fixed[u.Near], u.NearScore
	}
	plan.units = append(plan.units, au)
}

// unitOf is a map unit as the AI step's unit, its head among its keywords.
func unitOf(u grouping.Unit, docs []runKeyword) aiUnit {
	au := aiUnit{terms: u.Terms, cohesion: u.Cohesion, why: u.Why, scores: u.Scores}
	for i, m := range u.Members {
		au.kws = append(au.kws, docs[m])
		if m == u.Head {
			au.head = i
		}
	}
	return au
}

// normName is a cluster name compared across calls and with existing clusters.
func normName(s string) string {
	return strings.Join(grouping.TokensIn(grouping.KeywordLanguage(s, "", ""), s), " ")
}
