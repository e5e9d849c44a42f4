package planner

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tools/grouping"
	"github.com/igny8/igny8/tools/keywordfile"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Maintenance errors, mapped to 400 by the routes.
var (
	ErrMergeSelf      = errors.New("a cluster cannot be merged into itself")
	ErrOtherSite      = errors.New("the clusters belong to different sites")
	ErrNotActive      = errors.New("the cluster is archived")
	ErrNothingToSplit = errors.New("nothing to split off: name keywords of the cluster, and not all of them")
)

// MergeSuggestion proposes merging two near-duplicate clusters of a site,
// the larger first (the one to merge into).
type MergeSuggestion struct {
	Clusters   [2]string `json:"clusters"`
	Names      [2]string `json:"names"`
	Similarity float64   `json:"similarity"`
	Terms      []string  `json:"terms"`
}

// SplitSuggestion proposes splitting an incoherent cluster into parts
// (keyword ids, the largest part first: it would stay).
type SplitSuggestion struct {
	Cluster  string     `json:"cluster"`
	Name     string     `json:"name"`
	Cohesion float64    `json:"cohesion"`
	Parts    [][]string `json:"parts"`
	Heads    []string   `json:"heads"`
}

// Suggestions are the maintenance proposals for a site: clusters whose
// keywords read as one topic (merge), and clusters whose keywords fall into
// separate topics when grouped on their own (split). Nothing is changed.
func Suggestions(app core.App, siteId string) ([]MergeSuggestion, []SplitSuggestion, error) {
	clusters, err := loadClusters(app, siteId)
	if err != nil {
		return nil, nil, err
	}
	var withKw []*runCluster
	for _, c := range clusters {
		if len(c.Keywords) > 0 {
			withKw = append(withKw, c)
		}
	}
	seeds := make([]grouping.Seed, len(withKw))
	for i, c := range withKw {
		seeds[i] = grouping.Seed{Name: c.Name, Terms: c.Terms}
		for _, k := range c.Keywords {
			seeds[i].Keywords = append(seeds[i].Keywords, k.Text)
			seeds[i].Languages = append(seeds[i].Languages, k.Language)
		}
	}
	merges := []MergeSuggestion{}
	for _, p := range grouping.SimilarSeeds(seeds, grouping.DefaultMergeThreshold) {
		// the larger cluster first: the natural one to merge into (ties by id)
		a, b := withKw[p.A], withKw[p.B]
		if len(b.Keywords) > len(a.Keywords) || len(b.Keywords) == len(a.Keywords) && b.Id < a.Id {
			a, b = b, a
		}
		merges = append(merges, MergeSuggestion{Clusters: [2]string{a.Id, b.Id}, Names: [2]string{a.Name, b.Name}, Similarity: p.Score, Terms: p.Terms})
		if len(merges) == 100 {
			break
		}
	}
	splits := []SplitSuggestion{}
	for _, c := range withKw {
		if len(c.Keywords) < 4 {
			continue
		}
		texts := make([]string, len(c.Keywords))
		langs := make([]string, len(c.Keywords))
		vols := make([]float64, len(c.Keywords))
		for i, k := range c.Keywords {
			texts[i], langs[i], vols[i] = k.Text, k.Language, k.Volume
		}
		groups := grouping.Group(texts, vols, grouping.GroupOptions{Languages: langs})
		var parts []grouping.Grouping
		for _, g := range groups {
			if len(g.Members) >= 2 {
				parts = append(parts, g)
			}
		}
		if len(parts) < 2 {
			continue
		}
		s := SplitSuggestion{Cluster: c.Id, Name: c.Name}
		var total float64
		for _, g := range groups {
			total += g.Cohesion * float64(len(g.Members))
		}
		s.Cohesion = math.Round(total/float64(len(texts))*1000) / 1000 // three decimals, as Grouping.Cohesion
		for _, g := range parts {
			var ids []string
			for _, m := range g.Members {
				ids = append(ids, c.Keywords[m].Id)
			}
			s.Parts = append(s.Parts, ids)
			s.Heads = append(s.Heads, texts[g.Head])
		}
		splits = append(splits, s)
	}
	sort.SliceStable(splits, func(a, b int) bool { return len(splits[a].Parts) > len(splits[b].Parts) })
	return merges, splits, nil
}

// byHand marks a cluster's receipts as shaped by hand: clustering treats it
// as fixed from then on (it keeps its keywords and only receives new ones).
func byHand(c *core.Record, set map[string]any) {
	var rc map[string]any
	_ = c.UnmarshalJSONField("receipts", &rc)
	if rc == nil {
		rc = map[string]any{}
	}
	rc["byHand"] = true
	for k, v := range set {
		rc[k] = v
	}
	c.Set("receipts", rc)
}

// MergeClusters merges cluster from into cluster into (same site, both
// active): every keyword, idea and task of from moves to into (a content
// follows its task, so articles, drafts and published posts are kept and
// re-linked, never lost); from is archived with receipts.mergedInto.
func MergeClusters(tx core.App, from, into *core.Record, by string) error {
	if from.Id == into.Id {
		return ErrMergeSelf
	}
	if from.GetString("site") != into.GetString("site") {
		return ErrOtherSite
	}
	if from.GetString("status") != "active" || into.GetString("status") != "active" {
		return ErrNotActive
	}
	placement, _ := json.Marshal(Placement{Method: "merged", From: from.Id, By: by})
	if _, err := tx.DB().Update(collections.Keywords, dbx.Params{"cluster": into.Id, "placement": string(placement)},
		dbx.HashExp{"cluster": from.Id}).Execute(); err != nil {
		return fmt.Errorf("move keywords: %w", err)
	}
	for _, col := range []string{collections.Ideas, collections.Tasks} {
		recs, err := tx.FindAllRecords(col, dbx.HashExp{"cluster": from.Id})
		if err != nil {
			return fmt.Errorf("re-link %s: %w", col, err)
		}
		for _, r := range recs {
			r.Set("cluster", into.Id)
			if err := tx.Save(r); err != nil {
				return fmt.Errorf("re-link %s %s: %w", col, r.Id, err)
			}
		}
	}
	byHand(into, map[string]any{"merged": appendString(into, from.Id)})
	if err := tx.Save(into); err != nil {
		return fmt.Errorf("save cluster: %w", err)
	}
	if err := archiveInto(tx, from, into.Id, "merged by hand"); err != nil {
		return err
	}
	emitKeywordsChange(tx, from.GetString("tenant"), KeywordsChange{Action: KeywordsMoved, Site: from.GetString("site"), Changed: from.GetInt("keyword_count")})
	return RefreshSiteClusterStats(tx, from.GetString("site"))
}

func appendString(c *core.Record, id string) []string {
	var rc struct {
		Merged []string `json:"merged"`
	}
	_ = c.UnmarshalJSONField("receipts", &rc)
	return append(rc.Merged, id)
}

// SplitCluster moves keywordIds (keywords of cluster c) into a new cluster
// of the same site named name (the part's first keyword when empty). Ideas
// whose primary keyword moves go with it, and so do their tasks (and through
// them their contents). Both clusters are marked as shaped by hand.
func SplitCluster(tx core.App, c *core.Record, keywordIds []string, name, by string) (*core.Record, error) {
	if c.GetString("status") != "active" {
		return nil, ErrNotActive
	}
	in := make([]any, len(keywordIds))
	for i, id := range keywordIds {
		in[i] = id
	}
	var kws []*core.Record
	if len(in) > 0 {
		var err error
		kws, err = tx.FindAllRecords(collections.Keywords, dbx.HashExp{"cluster": c.Id}, dbx.In("id", in...))
		if err != nil {
			return nil, fmt.Errorf("load keywords: %w", err)
		}
	}
	total, _ := tx.CountRecords(collections.Keywords, dbx.HashExp{"cluster": c.Id})
	if len(kws) == 0 || int64(len(kws)) >= total {
		return nil, ErrNothingToSplit
	}
	sort.SliceStable(kws, func(a, b int) bool { return kws[a].GetFloat("volume") > kws[b].GetFloat("volume") })
	if name == "" {
		name = titleCase(kws[0].GetString("keyword"))
	}
	col, err := tx.FindCachedCollectionByNameOrId(collections.Clusters)
	if err != nil {
		return nil, err
	}
	part := core.NewRecord(col)
	part.Load(map[string]any{"tenant": c.GetString("tenant"), "site": c.GetString("site"), "name": collections.Truncate(name, collections.ClusterNameMax),
		"intent": c.GetString("intent"), "status": "active", "receipts": map[string]any{"method": PlacementManual, "byHand": true, "splitFrom": c.Id}})
	if err := tx.Save(part); err != nil {
		return nil, fmt.Errorf("save cluster: %w", err)
	}
	moved := map[string]bool{}
	placement, _ := json.Marshal(Placement{Method: "split", From: c.Id, By: by})
	for _, k := range kws {
		moved[k.GetString("normalized")] = true
		if _, err := tx.DB().Update(collections.Keywords, dbx.Params{"cluster": part.Id, "placement": string(placement)},
			dbx.HashExp{"id": k.Id}).Execute(); err != nil {
			return nil, fmt.Errorf("move keyword: %w", err)
		}
	}
	ideas, err := tx.FindAllRecords(collections.Ideas, dbx.HashExp{"cluster": c.Id})
	if err != nil {
		return nil, fmt.Errorf("load ideas: %w", err)
	}
	for _, idea := range ideas {
		if !moved[keywordfile.Normalize(idea.GetString("primary_keyword"))] {
			continue
		}
		idea.Set("cluster", part.Id)
		if err := tx.Save(idea); err != nil {
			return nil, fmt.Errorf("re-link idea: %w", err)
		}
		tasks, err := tx.FindAllRecords(collections.Tasks, dbx.HashExp{"idea": idea.Id})
		if err != nil {
			return nil, fmt.Errorf("load tasks: %w", err)
		}
		for _, t := range tasks {
			t.Set("cluster", part.Id)
			if err := tx.Save(t); err != nil {
				return nil, fmt.Errorf("re-link task: %w", err)
			}
		}
	}
	byHand(c, nil)
	if err := tx.Save(c); err != nil {
		return nil, fmt.Errorf("save cluster: %w", err)
	}
	emitKeywordsChange(tx, c.GetString("tenant"), KeywordsChange{Action: KeywordsMoved, Site: c.GetString("site"), Changed: len(kws)})
	if err := RefreshSiteClusterStats(tx, c.GetString("site")); err != nil {
		return nil, err
	}
	return part, nil
}
