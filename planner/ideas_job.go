package planner

import (
	"context"
	"fmt"
	"strings"

	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/tools/grouping"
	"github.com/igny8/igny8/tools/keywordfile"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Ideas per cluster when the caller does not say; MaxIdeasPerCluster bounds it.
const (
	DefaultIdeasPerCluster = 3
	MaxIdeasPerCluster     = 10
)

// IdeasPayload is a planner.ideas job's input.
type IdeasPayload struct {
	Cluster string `json:"cluster"`
	Count   int    `json:"count"`
}

type aiSection struct {
	H2 string   `json:"h2"`
	H3 []string `json:"h3"`
}

type aiIdea struct {
	Title          string      `json:"title" jsonschema:"description=article title under 70 characters"`
	PrimaryKeyword string      `json:"primary_keyword"`
	Keywords       []string    `json:"keywords"`
	Intent         string      `json:"intent" jsonschema:"enum=informational|commercial|transactional|navigational"`
	ContentType    string      `json:"content_type" jsonschema:"enum=post|page|product"`
	Structure      string      `json:"structure" jsonschema:"enum=guide|listicle|how-to|comparison|review|pillar|case-study|news|other"`
	Description    string      `json:"description"`
	Outline        []aiSection `json:"outline"`
	EstimatedWords int         `json:"estimated_words" jsonschema:"min=300,max=6000"`
}

type aiIdeas struct {
	Ideas []aiIdea `json:"ideas"`
}

// EnqueueIdeas queues one ideas job for cluster, reserving 1 credit per idea.
func EnqueueIdeas(app core.App, cluster *core.Record, count int, createdBy string) (*core.Record, error) {
	count = ideasCount(count)
	return jobs.Enqueue(app, jobs.EnqueueParams{
		Tenant: cluster.GetString("tenant"), Site: cluster.GetString("site"), Type: JobIdeas,
		TargetCollection: collections.Clusters, Target: cluster.Id,
		Payload: IdeasPayload{Cluster: cluster.Id, Count: count}, Credits: billing.Cost(billing.ActionIdea, count),
		ActiveKey: jobs.ActiveKey(JobIdeas, cluster.Id), CreatedBy: createdBy,
	})
}

// ideasCount is the number of ideas a request for count asks for: the default
// for 0, at most MaxIdeasPerCluster.
func ideasCount(count int) int {
	if count <= 0 {
		return DefaultIdeasPerCluster
	}
	return min(count, MaxIdeasPerCluster)
}

// ClustersWithoutIdeas lists up to limit active clusters of site that have no
// ideas yet and no ideas job queued or running (one waiting for a retry
// counts), so a schedule window or a second click does not pay twice.
func ClustersWithoutIdeas(app core.App, siteId string, limit int) ([]*core.Record, error) {
	var pending []string
	if err := app.DB().Select("target").From(collections.Jobs).Where(dbx.HashExp{"site": siteId, "type": JobIdeas}).
		AndWhere(dbx.In("status", collections.JobQueued, collections.JobRunning)).Column(&pending); err != nil {
		return nil, fmt.Errorf("pending ideas jobs: %w", err)
	}
	skip := make(map[string]bool, len(pending))
	for _, id := range pending {
		skip[id] = true
	}
	cs, err := app.FindRecordsByFilter(collections.Clusters,
		"site = {:site} && status = 'active' && keyword_count > 0 && ideas_via_cluster.id ?= null", "-total_volume", limit+len(skip), 0,
		dbx.Params{"site": siteId})
	if err != nil {
		return nil, err
	}
	out := cs[:0]
	for _, c := range cs {
		if !skip[c.Id] && len(out) < limit {
			out = append(out, c)
		}
	}
	return out, nil
}

func ideasHandler(ctx context.Context, job *jobs.Job) error {
	app := job.App()
	var p IdeasPayload
	if err := job.Payload(&p); err != nil {
		return err
	}
	cluster, err := app.FindRecordById(collections.Clusters, p.Cluster)
	if err != nil || cluster.GetString("tenant") != job.Tenant() {
		return jobs.Permanent(fmt.Errorf("cluster %q not found in the job's workspace", p.Cluster))
	}
	site, err := app.FindRecordById(collections.Sites, cluster.GetString("site"))
	if err != nil {
		return jobs.Permanent(fmt.Errorf("site of cluster %s: %w", cluster.Id, err))
	}
	var kws []string
	if err := app.DB().Select("keyword").From(collections.Keywords).Where(dbx.HashExp{"cluster": cluster.Id}).
		OrderBy("volume DESC").Limit(200).Column(&kws); err != nil {
		return fmt.Errorf("load keywords: %w", err)
	}
	existing, err := siteTitles(app, site.Id)
	if err != nil {
		return err
	}
	msgs, err := ai.Messages(app, job.Tenant(), "ideas", map[string]any{
		"Site": site.GetString("name"), "Niche": site.GetString("niche"), "Cluster": cluster.GetString("name"),
		"Description": cluster.GetString("description"), "Count": p.Count, "Keywords": kws, "Existing": existing,
	})
	if err != nil {
		return jobs.Permanent(fmt.Errorf("ideas prompt: %w", err))
	}
	var out aiIdeas
	usage, err := ai.JSON(ctx, app, ai.Request{Task: ai.TaskIdeas, Tenant: job.Tenant(), Messages: msgs, Items: kws}, &out)
	job.RecordUsage(usage.Model, usage.TokensIn, usage.TokensOut, usage.CostUSD)
	if err != nil {
		return fmt.Errorf("ai ideas: %w", err)
	}
	ideas, skipped := dedupeIdeas(out.Ideas, existing, p.Count)
	job.OnCommit(func(tx core.App) error { return writeIdeas(tx, cluster, ideas, kws, usage.Model) })
	// credits are reserved per requested idea; only the ideas stored are charged
	charged := billing.Cost(billing.ActionIdea, len(ideas))
	job.Spent(charged)
	job.SetResult(map[string]any{"ideas": len(ideas), "requested": p.Count, "duplicatesSkipped": skipped, "model": usage.Model,
		"credits": charged})
	return nil
}

// siteTitles are the titles the site already plans or has: ideas (not
// rejected), tasks and contents.
func siteTitles(app core.App, siteId string) ([]string, error) {
	var titles []string
	for _, q := range []struct{ col, cond string }{
		{collections.Ideas, "site = {:site} AND status != 'rejected'"},
		{collections.Tasks, "site = {:site}"},
		{collections.Contents, "site = {:site}"},
	} {
		var t []string
		if err := app.DB().Select("title").From(q.col).Where(dbx.NewExp(q.cond, dbx.Params{"site": siteId})).Column(&t); err != nil {
			return nil, fmt.Errorf("titles of %s: %w", q.col, err)
		}
		titles = append(titles, t...)
	}
	return titles, nil
}

// SimilarTitles reports whether two titles plan the same article: equal after
// normalising, or sharing at least 80% of their content stems (Jaccard).
func SimilarTitles(a, b string) bool {
	if keywordfile.Normalize(a) == keywordfile.Normalize(b) {
		return true
	}
	ta, tb := map[string]bool{}, map[string]bool{}
	for _, t := range grouping.Tokens(a) {
		ta[t] = true
	}
	for _, t := range grouping.Tokens(b) {
		tb[t] = true
	}
	if len(ta) == 0 || len(tb) == 0 {
		return false
	}
	inter := 0
	for t := range ta {
		if tb[t] {
			inter++
		}
	}
	return float64(inter)/float64(len(ta)+len(tb)-inter) >= 0.8
}

// dedupeIdeas drops ideas without a title or too similar to an existing title
// or to an earlier idea of the same answer, and keeps at most count.
func dedupeIdeas(in []aiIdea, existing []string, count int) ([]aiIdea, int) {
	var out []aiIdea
	skipped := 0
	seen := append([]string{}, existing...)
	for _, idea := range in {
		idea.Title = collections.Truncate(strings.TrimSpace(idea.Title), collections.IdeaTitleMax)
		if idea.Title == "" || len(out) >= count {
			skipped++
			continue
		}
		dup := false
		for _, t := range seen {
			if SimilarTitles(idea.Title, t) {
				dup = true
				break
			}
		}
		if dup {
			skipped++
			continue
		}
		seen = append(seen, idea.Title)
		out = append(out, idea)
	}
	return out, skipped
}

func writeIdeas(tx core.App, cluster *core.Record, ideas []aiIdea, clusterKeywords []string, model string) error {
	col, err := tx.FindCachedCollectionByNameOrId(collections.Ideas)
	if err != nil {
		return err
	}
	for _, idea := range ideas {
		structure := strings.ToLower(idea.Structure)
		if !contains(collections.Structures, structure) {
			structure = "other"
		}
		ctype := strings.ToLower(idea.ContentType)
		if !contains(collections.ContentTypes, ctype) {
			ctype = "post"
		}
		primary := idea.PrimaryKeyword
		if primary == "" && len(clusterKeywords) > 0 {
			primary = clusterKeywords[0]
		}
		r := core.NewRecord(col)
		r.Load(map[string]any{
			"tenant": cluster.GetString("tenant"), "site": cluster.GetString("site"), "cluster": cluster.Id,
			"title": idea.Title, "primary_keyword": collections.Truncate(primary, collections.IdeaPrimaryKeywordMax), "target_keywords": idea.Keywords,
			"content_type": ctype, "structure": structure,
			"outline":         map[string]any{"description": idea.Description, "sections": idea.Outline},
			"estimated_words": min(max(idea.EstimatedWords, 0), collections.WordCountMax), "intent": collections.Truncate(strings.ToLower(idea.Intent), collections.IdeaIntentMax),
			"status": "new", "model": collections.Truncate(model, collections.ModelMax),
		})
		if err := tx.Save(r); err != nil {
			return fmt.Errorf("save idea %q: %w", idea.Title, err)
		}
	}
	return nil
}
