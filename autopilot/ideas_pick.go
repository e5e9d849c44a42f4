package autopilot

import (
	"fmt"
	"sort"
	"strings"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Pick is an idea the ideas step would queue as a writer task, with why.
type Pick struct {
	Idea    *core.Record
	Cluster string  // cluster name
	Score   float64 // cluster volume × fit (× 2 for an idea a person approved)
	Fit     float64 // share of the idea's keywords that are keywords of its cluster
}

// maxCandidateIdeas bounds how many open ideas one pick reads.
const maxCandidateIdeas = 2000

// BestIdeas picks up to limit ideas of site to queue as writer tasks: open
// ideas (new or approved) of active clusters, at most one per cluster, none of
// a cluster that already has a task in flight (queued or being written), best
// first. Best is the cluster's total search volume times the idea's fit (the
// share of its primary and target keywords that are keywords of the cluster,
// at least 0.1 so a paraphrasing model still counts); an idea a person
// approved scores double. Ties go to the older idea.
func BestIdeas(app core.App, siteId string, limit int) ([]Pick, error) {
	if limit <= 0 {
		return nil, nil
	}
	var busy []string
	if err := app.DB().Select("cluster").Distinct(true).From(collections.Tasks).
		Where(dbx.HashExp{"site": siteId}).AndWhere(dbx.In("status", "queued", "in_progress")).AndWhere(dbx.NewExp("[[cluster]] != ''")).
		Column(&busy); err != nil {
		return nil, fmt.Errorf("clusters in flight: %w", err)
	}
	inFlight := map[string]bool{}
	for _, c := range busy {
		inFlight[c] = true
	}
	ideas, err := app.FindRecordsByFilter(collections.Ideas,
		"site = {:s} && (status = 'new' || status = 'approved') && cluster != '' && cluster.status = 'active'", "created", maxCandidateIdeas, 0,
		dbx.Params{"s": siteId})
	if err != nil {
		return nil, fmt.Errorf("open ideas: %w", err)
	}
	clusterIds := []any{}
	seen := map[string]bool{}
	for _, i := range ideas {
		if c := i.GetString("cluster"); !seen[c] && !inFlight[c] {
			seen[c] = true
			clusterIds = append(clusterIds, c)
		}
	}
	if len(clusterIds) == 0 {
		return nil, nil
	}
	clusters, err := app.FindRecordsByIds(collections.Clusters, toStrings(clusterIds))
	if err != nil {
		return nil, err
	}
	byId := map[string]*core.Record{}
	for _, c := range clusters {
		byId[c.Id] = c
	}
	var rows []struct {
		Cluster string `db:"cluster"`
		Keyword string `db:"keyword"`
	}
	if err := app.DB().Select("cluster", "keyword").From(collections.Keywords).Where(dbx.In("cluster", clusterIds...)).All(&rows); err != nil {
		return nil, fmt.Errorf("cluster keywords: %w", err)
	}
	kw := map[string]map[string]bool{}
	for _, r := range rows {
		if kw[r.Cluster] == nil {
			kw[r.Cluster] = map[string]bool{}
		}
		kw[r.Cluster][norm(r.Keyword)] = true
	}
	best := map[string]Pick{}
	for _, i := range ideas {
		c := byId[i.GetString("cluster")]
		if c == nil || inFlight[c.Id] {
			continue
		}
		fit := ideaFit(i, kw[c.Id])
		score := (c.GetFloat("total_volume") + 1) * fit
		if i.GetString("status") == "approved" {
			score *= 2
		}
		if old, ok := best[c.Id]; !ok || score > old.Score {
			best[c.Id] = Pick{Idea: i, Cluster: c.GetString("name"), Score: score, Fit: fit}
		}
	}
	out := make([]Pick, 0, len(best))
	for _, p := range best {
		out = append(out, p)
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].Score != out[b].Score {
			return out[a].Score > out[b].Score
		}
		ca, cb := out[a].Idea.GetDateTime("created"), out[b].Idea.GetDateTime("created")
		if !ca.Equal(cb) {
			return ca.Before(cb)
		}
		return out[a].Idea.Id < out[b].Idea.Id
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// ideaFit is the share of idea's keywords (primary and targets) that are in
// the cluster's keyword set, at least 0.1.
func ideaFit(idea *core.Record, cluster map[string]bool) float64 {
	words := []string{}
	if p := idea.GetString("primary_keyword"); p != "" {
		words = append(words, p)
	}
	var more []string
	_ = idea.UnmarshalJSONField("target_keywords", &more)
	words = append(words, more...)
	hit, total := 0, 0
	dup := map[string]bool{}
	for _, w := range words {
		w = norm(w)
		if w == "" || dup[w] {
			continue
		}
		dup[w] = true
		total++
		if cluster[w] {
			hit++
		}
	}
	if total == 0 {
		return 0.1
	}
	return max(float64(hit)/float64(total), 0.1)
}

func norm(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }

func toStrings(v []any) []string {
	out := make([]string, len(v))
	for i, s := range v {
		out[i] = s.(string)
	}
	return out
}
