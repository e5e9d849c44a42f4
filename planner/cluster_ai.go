package planner

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/igny8/igny8/ai"
	"github.com/pocketbase/pocketbase/core"
)

// MaxAICallKeywords is the most keywords one AI naming call of a clustering
// run takes: a large backlog is mapped once (lexically, all together) and
// only this step is split into calls, never splitting a group.
const MaxAICallKeywords = 500

// aiCluster is one cluster as the AI returns it.
type aiCluster struct {
	Name        string   `json:"name" jsonschema:"description=short topic name (2-5 words)"`
	Description string   `json:"description" jsonschema:"description=one sentence on the search intent"`
	Intent      string   `json:"intent" jsonschema:"enum=informational|commercial|transactional|navigational"`
	Keywords    []string `json:"keywords" jsonschema:"description=keywords of this cluster spelled exactly as given"`
	Existing    string   `json:"existing" jsonschema:"description=id (E1 E2 ...) of the existing cluster these keywords belong to; empty for a new cluster"`
}

type aiClusters struct {
	Clusters []aiCluster `json:"clusters"`
}

// plannedCluster is a cluster ready to be written.
type plannedCluster struct {
	Name, Description, Intent string
	Keywords                  []runKeyword
	Placements                []Placement // per keyword
	Receipts                  map[string]any
}

// decisions is what the AI step decided for a run's units.
type decisions struct {
	found  []plannedCluster
	moves  []move
	calls  int
	failed []string // why calls fell back to the lexical decision
	usage  ai.Usage
}

// decideUnits asks the AI, in calls of up to MaxAICallKeywords keywords, to
// name the founded groups, merge or split them, and say which belong to an
// existing cluster (the doubtful joins and the near matches the hint marks).
// A call whose answer is unusable keeps the lexical decision for its units.
// Then the calls are reconciled: clusters founded under the same name by
// two calls become one, and a founded cluster named like an existing one
// joins it, so no two calls found the same topic.
func decideUnits(ctx context.Context, app core.App, site *core.Record, units []aiUnit, existing []*runCluster) (decisions, error) {
	var d decisions
	for start := 0; start < len(units); {
		end, n := start, 0
		for end < len(units) && (end == start || n+len(units[end].kws) <= MaxAICallKeywords) {
			n += len(units[end].kws)
			end++
		}
		chunk := units[start:end]
		start = end
		found, moves, usage, err := decideChunk(ctx, app, site, chunk)
		d.calls++
		d.usage.Add(usage)
		if errors.Is(err, ai.ErrRateLimited) || ctx.Err() != nil {
			return d, err
		}
		if err != nil {
			d.failed = append(d.failed, err.Error())
			found, moves = lexicalDecision(chunk)
		}
		d.found = append(d.found, found...)
		d.moves = append(d.moves, moves...)
	}
	d.reconcile(existing)
	return d, nil
}

// reconcile merges founded clusters of one name into the first, and into an
// existing cluster of that name (attached instead when it has published content).
func (d *decisions) reconcile(existing []*runCluster) {
	byName := map[string]*runCluster{}
	for _, c := range existing {
		if n := normName(c.Name); n != "" {
			if _, ok := byName[n]; !ok {
				byName[n] = c
			}
		}
	}
	first := map[string]int{}
	out := d.found[:0]
	for _, pc := range d.found {
		n := normName(pc.Name)
		if c, ok := byName[n]; ok && n != "" && c.Published {
			attachNote(&pc, c)
		} else if ok && n != "" {
			for i, k := range pc.Keywords {
				p := pc.Placements[i]
				if p.Method == "founded" {
					p.Method = "assigned"
				}
				d.moves = append(d.moves, move{kw: k, to: c.Id, placement: p})
			}
			continue
		}
		if i, ok := first[n]; ok && n != "" {
			out[i].Keywords = append(out[i].Keywords, pc.Keywords...)
			out[i].Placements = append(out[i].Placements, pc.Placements...)
			continue
		}
		first[n] = len(out)
		out = append(out, pc)
	}
	d.found = out
}

// hintLines renders the chunk for the model: the existing clusters the
// groups may belong to (E1…), then the groups.
func hintLines(chunk []aiUnit) (string, map[string]*runCluster, map[*runCluster]string) {
	refs := map[string]*runCluster{}
	ids := map[*runCluster]string{}
	var b strings.Builder
	for _, u := range chunk {
		for _, c := range []*runCluster{u.likely, u.attach} {
			if c == nil || ids[c] != "" {
				continue
			}
			id := "E" + strconv.Itoa(len(ids)+1)
			ids[c], refs[id] = id, c
		}
	}
	if len(ids) > 0 {
		b.WriteString("Existing clusters of the site that some groups may belong to (id: name: some of its keywords):\n")
		for i := 1; i <= len(ids); i++ {
			c := refs["E"+strconv.Itoa(i)]
			var ks []string
			for _, k := range c.Keywords[:min(5, len(c.Keywords))] {
				ks = append(ks, k.Text)
			}
			fmt.Fprintf(&b, "E%d: %s: %s\n", i, c.Name, strings.Join(ks, " | "))
		}
		b.WriteString("Set \"existing\" to the id of the existing cluster a cluster of yours belongs to, or leave it empty for a new cluster.\n")
	}
	b.WriteString("A first grouping by shared terms follows; keep, merge or split these groups where the intent differs:\n")
	for i, u := range chunk {
		var ks []string
		for _, k := range u.kws {
			ks = append(ks, k.Text)
		}
		mark := ""
		switch {
		case u.likely != nil && u.join:
			mark = " (likely " + ids[u.likely] + ")"
		case u.likely != nil:
			mark = " (maybe " + ids[u.likely] + ")"
		case u.attach != nil:
			mark = " (like " + ids[u.attach] + ", which is published: keep it a new cluster)"
		}
		fmt.Fprintf(&b, "Group %d%s: %s\n", i+1, mark, strings.Join(ks, " | "))
	}
	return b.String(), refs, ids
}

// devAnswer is the lexical decision as the AI's answer: what the dev provider
// returns, so an offline run names and places exactly as the grouping did.
func devAnswer(chunk []aiUnit, ids map[*runCluster]string) aiClusters {
	var out aiClusters
	for _, u := range chunk {
		c := aiCluster{Name: titleCase(u.kws[u.head].Text), Intent: "informational"}
		for _, k := range u.kws {
			c.Keywords = append(c.Keywords, k.Text)
		}
		if u.join {
			c.Existing = ids[u.likely]
		}
		out.Clusters = append(out.Clusters, c)
	}
	return out
}

func decideChunk(ctx context.Context, app core.App, site *core.Record, chunk []aiUnit) ([]plannedCluster, []move, ai.Usage, error) {
	var texts, names []string
	seen := map[*runCluster]bool{}
	for _, u := range chunk {
		for _, k := range u.kws {
			texts = append(texts, k.Text)
		}
		if u.likely != nil && !seen[u.likely] {
			seen[u.likely] = true
			names = append(names, u.likely.Name)
		}
	}
	hint, refs, ids := hintLines(chunk)
	msgs, err := ai.Messages(app, site.GetString("tenant"), "clustering", map[string]any{
		"Site": site.GetString("name"), "Niche": site.GetString("niche"), "MaxClusters": max(len(chunk), 1),
		"Existing": names, "Keywords": texts,
	})
	if err != nil {
		return nil, nil, ai.Usage{}, fmt.Errorf("prompt: %w", err)
	}
	msgs = append(msgs, ai.Message{Role: "user", Content: hint})
	var out aiClusters
	u, err := ai.JSON(ctx, app, ai.Request{Task: ai.TaskClustering, Tenant: site.GetString("tenant"), Messages: msgs,
		Items: texts, DevAnswer: devAnswer(chunk, ids)}, &out)
	if err != nil {
		return nil, nil, u, fmt.Errorf("ai: %w", err)
	}
	found, moves, err := validateAIClusters(out, chunk, refs, u.Model)
	return found, moves, u, err
}

// attachNote records on a new cluster that it matches a cluster with published content.
func attachNote(pc *plannedCluster, to *runCluster) {
	if to == nil {
		return
	}
	pc.Receipts["attachedTo"] = to.Id
	pc.Receipts["note"] = fmt.Sprintf("Matches %q, which already has published content: new keywords of that topic are kept here so the published article is not changed under it; write a supporting article or refresh that one.", to.Name)
}

// lexicalDecision is the chunk decided without the AI: doubtful joins join,
// every other unit founds a cluster named after its head keyword.
func lexicalDecision(chunk []aiUnit) ([]plannedCluster, []move) {
	var found []plannedCluster
	var moves []move
	for _, u := range chunk {
		if u.join {
			for i, k := range u.kws {
				pl := Placement{Method: "assigned", Score: u.score, From: k.Cluster}
				if i < len(u.why) {
					pl.Terms, pl.Score = u.why[i], u.scores[i]
				}
				moves = append(moves, move{kw: k, to: u.likely.Id, placement: pl})
			}
			continue
		}
		pc := plannedCluster{Name: titleCase(u.kws[u.head].Text),
			Receipts: map[string]any{"method": "tokens", "terms": u.terms, "cohesion": u.cohesion}}
		for _, k := range u.kws {
			pc.Keywords = append(pc.Keywords, k)
			pc.Placements = append(pc.Placements, Placement{Method: "founded", From: k.Cluster})
		}
		attachNote(&pc, u.attach)
		found = append(found, pc)
	}
	return found, moves
}
