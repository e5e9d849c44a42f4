package planner

import (
	"context"
	"errors"
	"fmt"
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

// ClusterPayload is a planner.cluster job's input: the keyword ids it was
// priced for (the snapshot taken at enqueue).
type ClusterPayload struct {
	Keywords []string `json:"keywords"`
	// Backlog, instead of Keywords, takes the site's unclustered keywords
	// when the job runs, at most this many (what was priced): a backlog too
	// large to list in the job's payload is still one run.
	Backlog int `json:"backlog,omitempty"`
}

// maxPayloadIds is the most keyword ids a clustering job lists; a larger
// backlog is queued as ClusterPayload.Backlog (job payloads are at most 1 MiB).
const maxPayloadIds = 20_000

func bindJobs(app core.App) {
	jobs.Handle(app, JobCluster, clusterHandler, jobs.HandlerOptions{Concurrency: 2, MaxAttempts: 3, Timeout: 10 * time.Minute})
	jobs.Handle(app, JobIdeas, ideasHandler, jobs.HandlerOptions{Concurrency: 2, MaxAttempts: 3, Timeout: 10 * time.Minute})
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

// unclusteredIds lists up to limit keyword ids of site not yet in a cluster,
// by volume; a keyword moved out of its cluster by hand stays out.
// UnclusteredIds lists up to limit ids of site's keywords that clustering
// would take (unclustered, not placed by hand), highest volume first.
func UnclusteredIds(app core.App, siteId string, limit int) ([]string, error) {
	var ids []string
	err := unclusteredQuery(app, siteId, limit).Column(&ids)
	return ids, err
}

func unclusteredQuery(app core.App, siteId string, limit int) *dbx.SelectQuery {
	return app.DB().Select("id").From(collections.Keywords).
		Where(siteUnclustered(siteId)).AndWhere(dbx.In("status", "new", "")).
		AndWhere(dbx.NewExp("COALESCE(json_extract([[placement]], '$.method'), '') != {:manual}", dbx.Params{"manual": PlacementManual})).
		OrderBy("volume DESC", "id").Limit(int64(limit))
}

// EnqueueClustering queues one clustering run for site's unclustered
// keywords (at most maxKeywords of them), reserving 1 credit per 30
// keywords. The whole backlog is one job, mapped at once with the existing
// clusters (only the AI naming step is split into calls), so no two jobs
// found the same topic. The error wraps billing.ErrInsufficientCredits when
// the workspace cannot pay.
func EnqueueClustering(app core.App, site *core.Record, maxKeywords int, createdBy string) ([]*core.Record, int, error) {
	ids, err := UnclusteredIds(app, site.Id, maxKeywords)
	if err != nil {
		return nil, 0, err
	}
	rec, err := EnqueueClusteringIds(app, site, ids, createdBy)
	if err != nil || rec == nil {
		return nil, len(ids), err
	}
	return []*core.Record{rec}, len(ids), nil
}

// EnqueueClusteringIds queues a clustering run for the given keyword ids of
// site (keywords that are clustered by then are skipped by the job). One run
// per site is queued or running at a time: a second request while one is on
// the way gets that job (its keywords go in the next run), because each run
// maps the site's whole picture. Nothing is queued for no ids.
func EnqueueClusteringIds(app core.App, site *core.Record, ids []string, createdBy string) (*core.Record, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	if len(ids) > maxPayloadIds {
		rec, err := jobs.Enqueue(app, clusterParams(site, ClusterPayload{Backlog: len(ids)}, len(ids), createdBy))
		if err != nil {
			return nil, billing.ForRequest(app, site.GetString("tenant"), ClusteringCost(len(ids)), err)
		}
		return rec, nil
	}
	out, err := enqueueClusterIds(app, site, ids, createdBy)
	if err != nil {
		return nil, billing.ForRequest(app, site.GetString("tenant"), ClusteringCost(len(ids)), err)
	}
	return out[0], nil
}

// ClusteringCost is what clustering n keywords reserves: one run, 1 credit
// per started 30 keywords (assignment to existing clusters included).
func ClusteringCost(n int) int { return billing.Cost(billing.ActionClustering, n) }

// enqueueClusterIds queues the clustering run for exactly ids (keywords of
// site, in the order given) in tx; see EnqueueClusteringIds.
func enqueueClusterIds(tx core.App, site *core.Record, ids []string, createdBy string) ([]*core.Record, error) {
	rec, err := jobs.Enqueue(tx, clusterParams(site, ClusterPayload{Keywords: ids}, len(ids), createdBy))
	if err != nil {
		return nil, err
	}
	return []*core.Record{rec}, nil
}

func clusterParams(site *core.Record, p ClusterPayload, n int, createdBy string) jobs.EnqueueParams {
	return jobs.EnqueueParams{
		Tenant: site.GetString("tenant"), Site: site.Id, Type: JobCluster,
		TargetCollection: collections.Sites, Target: site.Id,
		Payload: p, Credits: ClusteringCost(n), ActiveKey: clusterKey(site.Id), CreatedBy: createdBy,
	}
}

// clusterKey is the active key of a site's clustering run: requests and
// schedule windows share it while the run is queued or running.
func clusterKey(siteId string) string {
	return jobs.ActiveKey(JobCluster, siteId)
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
	if p.Backlog > 0 {
		if p.Keywords, err = UnclusteredIds(app, site.Id, p.Backlog); err != nil {
			return fmt.Errorf("list the backlog: %w", err)
		}
	}
	fresh, err := loadFresh(app, site.Id, p.Keywords)
	if err != nil {
		return err
	}
	if len(fresh) == 0 {
		job.Spent(0)
		job.SetResult(map[string]any{"clusters": 0, "keywords": 0, "note": "no unclustered keywords left"})
		return nil
	}
	// each stage is saved as it starts, so the jobs tray moves while the
	// model answers (a failed save, say of a canceled job, stops nothing here:
	// the engine sees the cancel itself)
	report := func(pct int, step string) {
		_ = job.Progress(pct)
		_ = job.Step(step)
	}
	report(5, fmt.Sprintf("mapping %d keywords with the existing clusters", len(fresh)))
	existing, err := loadClusters(app, site.Id)
	if err != nil {
		return err
	}
	run, err := PlanRun(ctx, app, site, existing, fresh, report)
	if errors.Is(err, ai.ErrRateLimited) {
		return err // wait for the key's limit (the job snoozes) rather than settle for the non-AI grouping
	}
	if err != nil {
		return err
	}
	if run.usage.Model != "" {
		job.RecordUsage(run.usage.Model, run.usage.TokensIn, run.usage.TokensOut, run.usage.CostUSD)
	}
	report(80, fmt.Sprintf("saving %d new clusters and %d placements", len(run.found), len(run.moves)))
	job.Spent(billing.Cost(billing.ActionClustering, len(fresh)))
	job.OnCommit(func(tx core.App) error { return run.write(tx, site, job.Id()) })
	job.SetResult(run.result(len(fresh)))
	return nil
}
