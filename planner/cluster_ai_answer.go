package planner

import (
	"errors"
	"fmt"
	"strings"

	"github.com/igny8/igny8/tools/keywordfile"
)

// ErrInventedKeywords is why an AI clustering is rejected when it names
// keywords that were not asked about.
var ErrInventedKeywords = errors.New("the AI invented keywords")

// validateAIClusters checks the AI's clusters against the chunk: invented
// keywords reject the answer; a keyword placed twice keeps its first
// cluster; a keyword left out joins the AI cluster holding most of its unit,
// or a cluster of its own. A cluster naming an existing one (E1…) moves its
// keywords there ("confirmed" for a doubtful join, "assigned" otherwise).
func validateAIClusters(out aiClusters, chunk []aiUnit, refs map[string]*runCluster, model string) ([]plannedCluster, []move, error) {
	if len(out.Clusters) == 0 {
		return nil, nil, errors.New("the AI returned no clusters")
	}
	a := &aiAnswer{chunk: chunk, clusters: append([]aiCluster(nil), out.Clusters...), placed: map[aiPos]int{},
		members: make([][]aiPos, len(out.Clusters))}
	if err := a.place(); err != nil {
		return nil, nil, err
	}
	a.fillMissing()
	found, moves := a.plan(refs, model)
	return found, moves, nil
}

// aiPos is a keyword of a chunk: its unit and its index in the unit.
type aiPos struct{ unit, kw int }

// aiAnswer is the AI's clusters being checked against the chunk asked about.
type aiAnswer struct {
	chunk    []aiUnit
	clusters []aiCluster   // the AI's, then one per unit left out entirely
	placed   map[aiPos]int // keyword → its cluster
	members  [][]aiPos     // per cluster, its keywords in order
	dups     int           // keywords the AI placed more than once
	missing  int           // keywords the AI left out
}

// place puts each keyword the AI named in the first cluster that names it;
// a keyword that was not asked about rejects the answer.
func (a *aiAnswer) place() error {
	byNorm := map[string]aiPos{}
	for ui, u := range a.chunk {
		for ki, k := range u.kws {
			byNorm[keywordfile.Normalize(k.Text)] = aiPos{ui, ki}
		}
	}
	var invented []string
	for ci, c := range a.clusters {
		for _, kw := range c.Keywords {
			p, ok := byNorm[keywordfile.Normalize(kw)]
			if !ok {
				invented = append(invented, kw)
				continue
			}
			if _, done := a.placed[p]; done {
				a.dups++
				continue
			}
			a.placed[p] = ci
			a.members[ci] = append(a.members[ci], p)
		}
	}
	if len(invented) > 0 {
		if len(invented) > 5 {
			invented = append(invented[:5], "…")
		}
		return fmt.Errorf("%w: %s", ErrInventedKeywords, strings.Join(invented, ", "))
	}
	return nil
}

// fillMissing puts each keyword the AI left out in the cluster holding most
// of its unit, or in a cluster of its own for a unit left out entirely
// (named after the unit's head).
func (a *aiAnswer) fillMissing() {
	for ui, u := range a.chunk {
		votes := map[int]int{}
		for ki := range u.kws {
			if ci, ok := a.placed[aiPos{ui, ki}]; ok {
				votes[ci]++
			}
		}
		target, best := -1, 0
		for ci, v := range votes {
			if v > best || v == best && ci < target {
				target, best = ci, v
			}
		}
		for ki := range u.kws {
			p := aiPos{ui, ki}
			if _, ok := a.placed[p]; ok {
				continue
			}
			a.missing++
			if target < 0 {
				a.clusters = append(a.clusters, aiCluster{Name: titleCase(u.kws[u.head].Text)})
				a.members = append(a.members, nil)
				target = len(a.clusters) - 1
			}
			a.placed[p] = target
			a.members[target] = append(a.members[target], p)
		}
	}
}

// plan turns the clusters into moves (a cluster naming an existing one in
// refs) and new clusters.
func (a *aiAnswer) plan(refs map[string]*runCluster, model string) ([]plannedCluster, []move) {
	var found []plannedCluster
	var moves []move
	for ci, c := range a.clusters {
		if len(a.members[ci]) == 0 {
			continue
		}
		if to := refs[strings.TrimSpace(c.Existing)]; to != nil {
			moves = append(moves, a.movesInto(ci, to, model)...)
			continue
		}
		found = append(found, a.newCluster(ci, c, model))
	}
	return found, moves
}

// movesInto moves cluster ci's keywords into existing cluster to:
// "confirmed" for a doubtful join the AI agreed with, "assigned" otherwise.
func (a *aiAnswer) movesInto(ci int, to *runCluster, model string) []move {
	var moves []move
	for _, p := range a.members[ci] {
		u := a.chunk[p.unit]
		method := "assigned"
		if u.join && u.likely == to {
			method = "confirmed"
		}
		pl := Placement{Method: method, Score: u.score, Model: model, From: u.kws[p.kw].Cluster}
		if p.kw < len(u.why) {
			pl.Terms, pl.Score = u.why[p.kw], u.scores[p.kw]
		}
		moves = append(moves, move{kw: u.kws[p.kw], to: to.Id, placement: pl})
	}
	return moves
}

// newCluster is cluster ci as a new cluster with its receipts.
func (a *aiAnswer) newCluster(ci int, c aiCluster, model string) plannedCluster {
	pc := plannedCluster{Name: strings.TrimSpace(c.Name), Description: strings.TrimSpace(c.Description), Intent: strings.ToLower(strings.TrimSpace(c.Intent))}
	if pc.Name == "" {
		pc.Name = "Cluster"
	}
	var attach *runCluster
	for _, p := range a.members[ci] {
		u := a.chunk[p.unit]
		pc.Keywords = append(pc.Keywords, u.kws[p.kw])
		pc.Placements = append(pc.Placements, Placement{Method: "founded", Model: model, From: u.kws[p.kw].Cluster})
		if u.attach != nil {
			attach = u.attach
		}
	}
	pc.Receipts = map[string]any{"method": "ai", "model": model, "repairedDuplicates": a.dups, "repairedMissing": a.missing}
	attachNote(&pc, attach)
	return pc
}
