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
// feature space with the fixed clusters as seeds ([Map]): keywords that join
// a fixed cluster with certainty move there; founded groups are matched back
// to the free clusters they came from (a group keeps the identity of the
// free cluster that gave most of its keywords; a judged cluster keeps all its
// groups) and what is left (new topics, doubtful joins) goes to the AI step.
func lexicalPlan(clusters []*runCluster, fresh []runKeyword, opts grouping.GroupOptions) runPlan {
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
	// a stable order: the same keywords map the same way whatever order they came in
	sort.SliceStable(docs, func(a, b int) bool {
		if docs[a].Volume != docs[b].Volume {
			return docs[a].Volume > docs[b].Volume
		}
		return docs[a].Text < docs[b].Text
	})
	texts := make([]string, len(docs))
	vols := make([]float64, len(docs))
	langs := make([]string, len(docs))
	for i, d := range docs {
		texts[i], vols[i], langs[i] = d.Text, d.Volume, d.Language
	}
	opts.Languages = langs
	opts.Seeds = make([]grouping.Seed, len(fixed))
	for i, c := range fixed {
		s := grouping.Seed{Name: c.Name, Terms: c.Terms}
		for _, k := range c.Keywords {
			s.Keywords = append(s.Keywords, k.Text)
			s.Languages = append(s.Languages, k.Language)
		}
		opts.Seeds[i] = s
	}
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
		c := fixed[u.Seed]
		switch {
		case u.Merged && c.Published:
			// a new group matching a cluster with published content: its own
			// cluster, attached to that one
			au := unitOf(u, docs)
			au.attach, au.score = c, u.Score
			plan.units = append(plan.units, au)
		case u.Doubtful:
			au := unitOf(u, docs)
			au.likely, au.join, au.score = c, true, u.Score
			plan.units = append(plan.units, au)
		default:
			for j, m := range u.Members {
				method := "assigned"
				if docs[m].Cluster != "" {
					method = "regrouped"
				}
				plan.moves = append(plan.moves, move{kw: docs[m], to: c.Id,
					placement: Placement{Method: method, Score: u.Scores[j], Terms: u.Why[j], From: docs[m].Cluster}})
			}
		}
	}

	// founded groups back to the free clusters they came from
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
	for ui, u := range founded {
		if c := owner[ui]; c != "" {
			for _, m := range u.Members {
				d := docs[m]
				if d.Cluster == c {
					continue // stays where it is
				}
				method := "assigned"
				if d.Cluster != "" {
					method = "regrouped"
				}
				plan.moves = append(plan.moves, move{kw: d, to: c,
					placement: Placement{Method: method, Score: u.Cohesion, Terms: u.Terms, From: d.Cluster}})
			}
			continue
		}
		au := unitOf(u, docs)
		if u.Near >= 0 {
			au.likely, au.score = fixed[u.Near], u.NearScore
		}
		plan.units = append(plan.units, au)
	}
	return plan
}

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
