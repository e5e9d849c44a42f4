package planner

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Schedule types the planner runs per site.
const (
	ScheduleClustering = "clustering"
	ScheduleIdeas      = "ideas"
)

// MaxClusterBatch is the most keywords one clustering job takes; a larger
// backlog becomes several jobs.
const MaxClusterBatch = 2000

// ClusterPayload is a planner.cluster job's input: the keyword ids it was
// priced for (the snapshot taken at enqueue).
type ClusterPayload struct {
	Keywords []string `json:"keywords"`
}

// aiCluster is one cluster as the AI returns it.
type aiCluster struct {
	Name        string   `json:"name" jsonschema:"description=short topic name (2-5 words)"`
	Description string   `json:"description" jsonschema:"description=one sentence on the search intent"`
	Intent      string   `json:"intent" jsonschema:"enum=informational|commercial|transactional|navigational"`
	Keywords    []string `json:"keywords" jsonschema:"description=keywords of this cluster spelled exactly as given"`
}

type aiClusters struct {
	Clusters []aiCluster `json:"clusters"`
}

// plannedCluster is a cluster ready to be written.
type plannedCluster struct {
	Name, Description, Intent string
	Keywords                  []string // ids
	Receipts                  map[string]any
}

func bindJobs(app core.App) {
	jobs.Handle(app, JobCluster, clusterHandler, jobs.HandlerOptions{Concurrency: 2, MaxAttempts: 3, Timeout: 10 * time.Minute})
	jobs.Handle(app, JobIdeas, ideasHandler, jobs.HandlerOptions{Concurrency: 2, MaxAttempts: 3, Timeout: 10 * time.Minute})
	// the plan's cadence (docs/JOBS.md, seed §6): clustering and ideas every 6h
	jobs.RegisterSiteSchedule(app, jobs.SiteDefault{Type: ScheduleClustering, Spec: "@every 6h", Batch: 100}, scheduleClustering)
	jobs.RegisterSiteSchedule(app, jobs.SiteDefault{Type: ScheduleIdeas, Spec: "@every 6h", Batch: 10}, scheduleIdeas)
}

// siteUnclustered matches site's keywords that are in no cluster. The unary
// + keeps SQLite off idx_keywords_cluster for it: that index (made for one
// cluster's keywords) files every unclustered keyword of every workspace under
// ”, and SQLite, which has no statistics here, chose it over the site
// indexes, so each clustering request and job scanned all workspaces'
// unclustered keywords (the first bottleneck of bench/load, docs/PERFORMANCE.md).
func siteUnclustered(siteId string) dbx.Expression {
	return dbx.NewExp("[[site]] = {:site} AND +[[cluster]] = ''", dbx.Params{"site": siteId})
}

// unclusteredIds lists up to limit keyword ids of site not yet in a cluster, by volume.
func unclusteredIds(app core.App, siteId string, limit int) ([]string, error) {
	var ids []string
	err := unclusteredQuery(app, siteId, limit).Column(&ids)
	return ids, err
}

func unclusteredQuery(app core.App, siteId string, limit int) *dbx.SelectQuery {
	return app.DB().Select("id").From(collections.Keywords).
		Where(siteUnclustered(siteId)).AndWhere(dbx.In("status", "new", "")).
		OrderBy("volume DESC", "id").Limit(int64(limit))
}

// EnqueueClustering queues clustering jobs for site's unclustered keywords (at
// most maxKeywords of them), reserving 1 credit per 30 keywords per job. The
// error wraps billing.ErrInsufficientCredits when the workspace cannot pay.
func EnqueueClustering(app core.App, site *core.Record, maxKeywords int, createdBy string) ([]*core.Record, int, error) {
	ids, err := unclusteredIds(app, site.Id, maxKeywords)
	if err != nil {
		return nil, 0, err
	}
	var out []*core.Record
	err = app.RunInTransaction(func(tx core.App) error {
		out, err = enqueueClusterIds(tx, site, ids, createdBy)
		return err
	})
	if err != nil {
		// a shortfall names what every batch of the request needs together
		return nil, len(ids), billing.ForRequest(app, site.GetString("tenant"), ClusteringCost(len(ids)), err)
	}
	return out, len(ids), nil
}

// ClusteringCost is what clustering n keywords reserves: they are queued in
// jobs of MaxClusterBatch keywords, each priced on its own (1 credit per
// started 30 keywords).
func ClusteringCost(n int) int {
	need := 0
	for start := 0; start < n; start += MaxClusterBatch {
		need += billing.Cost(billing.ActionClustering, min(MaxClusterBatch, n-start))
	}
	return need
}

// enqueueClusterIds queues clustering jobs for exactly ids (unclustered
// keywords of site, in the order given), one per MaxClusterBatch, in tx.
func enqueueClusterIds(tx core.App, site *core.Record, ids []string, createdBy string) ([]*core.Record, error) {
	var out []*core.Record
	for start := 0; start < len(ids); start += MaxClusterBatch {
		part := ids[start:min(start+MaxClusterBatch, len(ids))]
		rec, err := jobs.Enqueue(tx, jobs.EnqueueParams{
			Tenant: site.GetString("tenant"), Site: site.Id, Type: JobCluster,
			TargetCollection: collections.Sites, Target: site.Id,
			Payload: ClusterPayload{Keywords: part}, Credits: billing.Cost(billing.ActionClustering, len(part)),
			ActiveKey: clusterKey(site.Id, part), CreatedBy: createdBy,
		})
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, nil
}

// clusterKey is the active key of a clustering job for part: requests and
// schedule windows share it while its job is queued or running, and once that
// job has finished (failed, canceled, or succeeded and its clusters were later
// deleted) the same keywords can be queued again.
func clusterKey(siteId string, part []string) string {
	return jobs.ActiveKey(JobCluster, siteId, part[0], strconv.Itoa(len(part)))
}

func scheduleClustering(ctx context.Context, app core.App, site *core.Record, batch int) (int, error) {
	recs, _, err := EnqueueClustering(app, site, max(batch, 1), "")
	return len(recs), err
}

func clusterHandler(ctx context.Context, job *jobs.Job) error {
	app := job.App()
	var p ClusterPayload
	if err := job.Payload(&p); err != nil {
		return err
	}
	site, err := app.FindRecordById(collections.Sites, job.Site())
	if err != nil || site.GetString("tenant") != job.Tenant() {
		return jobs.Permanent(fmt.Errorf("site %q not found in the job's workspace", job.Site()))
	}
	ids := make([]any, len(p.Keywords))
	for i, id := range p.Keywords {
		ids[i] = id
	}
	var kws []*core.Record
	if len(ids) > 0 {
		kws, err = app.FindAllRecords(collections.Keywords, siteUnclustered(site.Id), dbx.In("id", ids...))
		if err != nil {
			return fmt.Errorf("load keywords: %w", err)
		}
	}
	if len(kws) == 0 {
		job.SetResult(map[string]any{"clusters": 0, "keywords": 0, "note": "no unclustered keywords left"})
		return nil
	}
	sort.Slice(kws, func(a, b int) bool { return kws[a].GetFloat("volume") > kws[b].GetFloat("volume") })
	// each stage is saved as it starts, so the jobs tray moves while the
	// model answers (a failed save, say of a canceled job, stops nothing here:
	// the engine sees the cancel itself)
	report := func(pct int, step string) {
		_ = job.Progress(pct)
		_ = job.Step(step)
	}
	report(5, fmt.Sprintf("grouping %d keywords", len(kws)))
	planned, method, usage, aiErr := PlanClusters(ctx, app, site, kws, report)
	if errors.Is(aiErr, ai.ErrRateLimited) {
		return aiErr // wait for the key's limit (the job snoozes) rather than settle for the non-AI grouping
	}
	if usage.Model != "" {
		job.RecordUsage(usage.Model, usage.TokensIn, usage.TokensOut, usage.CostUSD)
	}
	report(80, fmt.Sprintf("saving %d clusters", len(planned)))
	job.OnCommit(func(tx core.App) error { return writeClusters(tx, site, planned, usage.Model) })
	res := map[string]any{"clusters": len(planned), "keywords": len(kws), "method": method}
	if aiErr != nil {
		res["aiFallback"] = aiErr.Error()
	}
	job.SetResult(res)
	return nil
}

// PlanClusters groups kws without AI, then asks the AI to name, describe and
// merge or split the groups. The AI's answer is used only if every keyword
// lands in exactly one cluster and none is invented (duplicates and missing
// keywords are repaired; invented keywords or broken output mean fallback to
// the non-AI grouping). method is "ai" or "tokens"; aiErr says why the AI's
// answer was not used. report (may be nil) hears each stage as it starts.
func PlanClusters(ctx context.Context, app core.App, site *core.Record, kws []*core.Record, report func(pct int, step string)) ([]plannedCluster, string, ai.Usage, error) {
	if report == nil {
		report = func(int, string) {}
	}
	texts := make([]string, len(kws))
	vols := make([]float64, len(kws))
	langs := map[string]int{}
	for i, k := range kws {
		texts[i], vols[i] = k.GetString("keyword"), k.GetFloat("volume")
		if l := StemLanguage(k.GetString("language")); k.GetString("language") != "" {
			langs[l]++
		}
	}
	// the batch is stemmed in the language most of its keywords were imported with
	opts := GroupOptions{}
	for l, n := range langs {
		if n > langs[opts.Language] || n == langs[opts.Language] && l < opts.Language {
			opts.Language = l
		}
	}
	var usage ai.Usage
	report(10, fmt.Sprintf("embedding %d keywords", len(texts)))
	if embs, u, err := ai.Embed(ctx, app, site.GetString("tenant"), texts); err == nil && u.Model != "dev" && len(embs) == len(texts) {
		opts.Embeddings = embs
		usage = u
	}
	groups := Group(texts, vols, opts)
	fallback := tokenClusters(groups, kws, opts.Embeddings != nil)

	var out aiClusters
	msgs, err := ai.Messages(app, site.GetString("tenant"), "clustering", map[string]any{
		"Site": site.GetString("name"), "Niche": site.GetString("niche"), "MaxClusters": max(len(groups), 1),
		"Existing": existingClusterNames(app, site.Id), "Keywords": texts,
	})
	if err != nil {
		return fallback, "tokens", usage, fmt.Errorf("prompt: %w", err)
	}
	var hint strings.Builder
	hint.WriteString("A first grouping by shared terms follows; keep, merge or split these groups where the intent differs:\n")
	for i, g := range groups {
		var ks []string
		for _, m := range g.Members {
			ks = append(ks, texts[m])
		}
		fmt.Fprintf(&hint, "Group %d: %s\n", i+1, strings.Join(ks, " | "))
	}
	msgs = append(msgs, ai.Message{Role: "user", Content: hint.String()})
	report(35, fmt.Sprintf("asking the AI to name and check %d groups", len(groups)))
	u, err := ai.JSON(ctx, app, ai.Request{Task: ai.TaskClustering, Tenant: site.GetString("tenant"), Messages: msgs, Items: texts}, &out)
	usage = mergeUsage(usage, u)
	if err != nil {
		return fallback, "tokens", usage, fmt.Errorf("ai: %w", err)
	}
	planned, err := validateAIClusters(out, kws, groups, u.Model)
	if err != nil {
		return fallback, "tokens", usage, err
	}
	return planned, "ai", usage, nil
}

func mergeUsage(a, b ai.Usage) ai.Usage {
	if b.Model != "" {
		a.Model = b.Model
	}
	a.TokensIn += b.TokensIn
	a.TokensOut += b.TokensOut
	a.CostUSD += b.CostUSD
	return a
}

// ErrInventedKeywords is why an AI clustering is rejected when it names
// keywords that were not asked about.
var ErrInventedKeywords = errors.New("the AI invented keywords")

// validateAIClusters checks the AI's clusters against the input: invented
// keywords reject the answer; a keyword placed twice keeps its first cluster;
// a keyword left out joins the AI cluster holding most of its non-AI group, or
// a cluster of its own.
func validateAIClusters(out aiClusters, kws []*core.Record, groups []Grouping, model string) ([]plannedCluster, error) {
	byNorm := map[string]int{}
	for i, k := range kws {
		byNorm[k.GetString("normalized")] = i
	}
	if len(out.Clusters) == 0 {
		return nil, errors.New("the AI returned no clusters")
	}
	placed := make([]int, len(kws))
	for i := range placed {
		placed[i] = -1
	}
	var invented []string
	dups := 0
	planned := make([]plannedCluster, 0, len(out.Clusters))
	for ci, c := range out.Clusters {
		pc := plannedCluster{Name: strings.TrimSpace(c.Name), Description: strings.TrimSpace(c.Description), Intent: strings.ToLower(strings.TrimSpace(c.Intent))}
		for _, kw := range c.Keywords {
			i, ok := byNorm[Normalize(kw)]
			if !ok {
				invented = append(invented, kw)
				continue
			}
			if placed[i] >= 0 {
				dups++
				continue
			}
			placed[i] = ci
			pc.Keywords = append(pc.Keywords, kws[i].Id)
		}
		planned = append(planned, pc)
	}
	if len(invented) > 0 {
		if len(invented) > 5 {
			invented = append(invented[:5], "…")
		}
		return nil, fmt.Errorf("%w: %s", ErrInventedKeywords, strings.Join(invented, ", "))
	}
	missing := 0
	for _, g := range groups {
		votes := map[int]int{}
		for _, m := range g.Members {
			if placed[m] >= 0 {
				votes[placed[m]]++
			}
		}
		target, best := -1, 0
		for ci, v := range votes {
			if v > best || v == best && ci < target {
				target, best = ci, v
			}
		}
		for _, m := range g.Members {
			if placed[m] >= 0 {
				continue
			}
			missing++
			if target < 0 {
				planned = append(planned, plannedCluster{Name: titleCase(kws[g.Head].GetString("keyword"))})
				target = len(planned) - 1
			}
			placed[m] = target
			planned[target].Keywords = append(planned[target].Keywords, kws[m].Id)
		}
	}
	final := planned[:0]
	for _, pc := range planned {
		if len(pc.Keywords) == 0 {
			continue
		}
		if pc.Name == "" {
			pc.Name = "Cluster"
		}
		pc.Receipts = map[string]any{"method": "ai", "model": model, "repairedDuplicates": dups, "repairedMissing": missing}
		final = append(final, pc)
	}
	return final, nil
}

// tokenClusters turns non-AI groups into clusters named after their head keyword.
func tokenClusters(groups []Grouping, kws []*core.Record, embeddings bool) []plannedCluster {
	out := make([]plannedCluster, 0, len(groups))
	for _, g := range groups {
		pc := plannedCluster{Name: titleCase(kws[g.Head].GetString("keyword")), Intent: kws[g.Head].GetString("intent")}
		for _, m := range g.Members {
			pc.Keywords = append(pc.Keywords, kws[m].Id)
		}
		pc.Receipts = map[string]any{"method": "tokens", "terms": g.Terms, "cohesion": g.Cohesion, "embeddings": embeddings}
		out = append(out, pc)
	}
	return out
}

func titleCase(s string) string {
	w := strings.Fields(s)
	for i, x := range w {
		r := []rune(x)
		r[0] = []rune(strings.ToUpper(string(r[0])))[0]
		w[i] = string(r)
	}
	return truncate(strings.Join(w, " "), 200)
}

func existingClusterNames(app core.App, siteId string) []string {
	var names []string
	_ = app.DB().Select("name").From(collections.Clusters).Where(dbx.HashExp{"site": siteId, "status": "active"}).
		OrderBy("keyword_count DESC").Limit(50).Column(&names)
	return names
}

// writeClusters saves the clusters and moves their keywords in (inside the
// job's success transaction), then refreshes the site's cluster stats.
func writeClusters(tx core.App, site *core.Record, planned []plannedCluster, model string) error {
	col, err := tx.FindCachedCollectionByNameOrId(collections.Clusters)
	if err != nil {
		return err
	}
	moved := 0
	for _, pc := range planned {
		c := core.NewRecord(col)
		intent := pc.Intent
		if !contains([]string{"informational", "commercial", "transactional", "navigational"}, intent) {
			intent = ""
		}
		c.Load(map[string]any{"tenant": site.GetString("tenant"), "site": site.Id, "name": truncate(pc.Name, 200),
			"description": truncate(pc.Description, 2000), "intent": intent, "status": "active", "receipts": pc.Receipts, "model": truncate(model, 120)})
		if err := tx.Save(c); err != nil {
			return fmt.Errorf("save cluster %q: %w", pc.Name, err)
		}
		ids := make([]any, len(pc.Keywords))
		for i, id := range pc.Keywords {
			ids[i] = id
		}
		res, err := tx.DB().Update(collections.Keywords, dbx.Params{"cluster": c.Id, "status": "clustered"},
			dbx.And(siteUnclustered(site.Id), dbx.In("id", ids...))).Execute()
		if err != nil {
			return fmt.Errorf("move keywords: %w", err)
		}
		n, _ := res.RowsAffected()
		moved += int(n)
	}
	if moved > 0 {
		emitKeywordsChange(tx, site.GetString("tenant"), KeywordsChange{Action: KeywordsClustered, Site: site.Id, Moved: moved})
	}
	return RefreshSiteClusterStats(tx, site.Id)
}
