package planner

import (
	"fmt"
	"net/http"
	"sort"

	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/hooks"
	"github.com/igny8/igny8/tenancy"
	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// MaxBulkIds is the most keyword ids one bulk request names; larger
// selections are sent as a filter ("all N matching").
const MaxBulkIds = 1000

// Actions of the bulk keyword routes, also the KeywordsChange action each
// sends on the workspace's keywords topic.
const (
	KeywordsArchived = "archive"
	KeywordsRestored = "restore"
	KeywordsDeleted  = "delete"
	KeywordsMoved    = "move"
)

// KeywordSelection is the body of every bulk keyword route: the keywords of
// tenant named by ids (a page's checked rows) or matching filter ("select all
// N matching"), never both.
type KeywordSelection struct {
	Tenant string         `json:"tenant"`
	Ids    []string       `json:"ids"`
	Filter *KeywordFilter `json:"filter"`
	// Cluster is the target of a move (the keywords' site must be the
	// cluster's); "" takes them out of their clusters.
	Cluster string `json:"cluster"`
}

// where resolves the selection into a WHERE expression on keywords, always
// within s.Tenant.
func (s KeywordSelection) where(app core.App) (dbx.Expression, error) {
	switch {
	case len(s.Ids) > 0 && s.Filter != nil:
		return nil, apis.NewBadRequestError("Send ids or filter, not both.", validation.Errors{"ids": validation.NewError("validation_invalid_value", "Send ids or filter.")})
	case len(s.Ids) > MaxBulkIds:
		return nil, apis.NewBadRequestError(fmt.Sprintf("At most %d ids per request; select all matching a filter instead.", MaxBulkIds),
			validation.Errors{"ids": validation.NewError("validation_length_out_of_range", fmt.Sprintf("1 to %d ids.", MaxBulkIds))})
	case len(s.Ids) > 0:
		ids := make([]any, len(s.Ids))
		for i, id := range s.Ids {
			ids[i] = id
		}
		return dbx.And(dbx.HashExp{"keywords.tenant": s.Tenant}, dbx.In("keywords.id", ids...)), nil
	case s.Filter != nil:
		if err := s.Filter.Validate(); err != nil {
			return nil, apis.NewBadRequestError("The filter has invalid values.", err)
		}
		return s.Filter.Expression(app, s.Tenant)
	}
	return nil, apis.NewBadRequestError("Send ids (the checked keywords) or filter (all keywords matching it).",
		validation.Errors{"ids": validation.NewError("validation_required", "Cannot be blank.")})
}

// bulkRequest reads a bulk route's body and checks the caller: an editor of
// the workspace, which must be writable. Errors are API errors.
func bulkRequest(e *core.RequestEvent) (KeywordSelection, dbx.Expression, error) {
	var s KeywordSelection
	if err := e.BindBody(&s); err != nil {
		return s, nil, apis.NewBadRequestError("The body is not valid JSON.", err)
	}
	if s.Tenant == "" {
		return s, nil, apis.NewBadRequestError("Missing tenant.", validation.Errors{"tenant": validation.NewError("validation_required", "Cannot be blank.")})
	}
	if _, err := tenancy.RequireWrite(e, s.Tenant, collections.RoleEditor); err != nil {
		return s, nil, err
	}
	where, err := s.where(e.App)
	return s, where, err
}

// siteCounts counts the selected keywords per site.
func siteCounts(app core.App, where dbx.Expression) (map[string]int, int, error) {
	var rows []struct {
		Site string `db:"site"`
		N    int    `db:"n"`
	}
	err := app.DB().Select("keywords.site AS site", "COUNT(*) AS n").From(collections.Keywords).Where(where).GroupBy("keywords.site").All(&rows)
	if err != nil {
		return nil, 0, fmt.Errorf("count keywords: %w", err)
	}
	out, total := map[string]int{}, 0
	for _, r := range rows {
		out[r.Site] = r.N
		total += r.N
	}
	return out, total, nil
}

// clusterable is where narrowed to keywords a clustering job takes: in no
// cluster and new.
func clusterable(where dbx.Expression) dbx.Expression {
	return dbx.And(where, dbx.NewExp("+[[keywords.cluster]] = ''"), dbx.In("keywords.status", "new", ""))
}

// clusterableIds lists the clusterable selected keywords per site, by volume,
// at most MaxClusterRequest in all.
func clusterableIds(app core.App, where dbx.Expression) (map[string][]string, int, error) {
	var rows []struct {
		Id   string `db:"id"`
		Site string `db:"site"`
	}
	err := app.DB().Select("keywords.id AS id", "keywords.site AS site").From(collections.Keywords).Where(clusterable(where)).
		OrderBy("keywords.volume DESC", "keywords.id").Limit(MaxClusterRequest).All(&rows)
	if err != nil {
		return nil, 0, fmt.Errorf("list keywords: %w", err)
	}
	out := map[string][]string{}
	for _, r := range rows {
		out[r.Site] = append(out[r.Site], r.Id)
	}
	return out, len(rows), nil
}

// clusteringNeed is what clustering bySite reserves, batch by batch per site.
func clusteringNeed(bySite map[string][]string) int {
	need := 0
	for _, ids := range bySite {
		need += ClusteringCost(len(ids))
	}
	return need
}

func sortedSites(m map[string][]string) []string {
	out := make([]string, 0, len(m))
	for s := range m {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// estimateRoute counts a selection and prices clustering it, for the
// app's "≈ 12 credits · balance 25 → 13" before the user clicks. It writes
// nothing, so viewers may ask and a suspended workspace gets an answer.
func estimateRoute(e *core.RequestEvent) error {
	var s KeywordSelection
	if err := e.BindBody(&s); err != nil {
		return apis.NewBadRequestError("The body is not valid JSON.", err)
	}
	if _, err := tenancy.RequireAPI(e, s.Tenant, collections.RoleViewer); err != nil {
		return err
	}
	where, err := s.where(e.App)
	if err != nil {
		return err
	}
	_, total, err := siteCounts(e.App, where)
	if err != nil {
		return err
	}
	bySite, n, err := clusterableIds(e.App, where)
	if err != nil {
		return err
	}
	b, err := billing.GetBalance(e.App, s.Tenant)
	if err != nil {
		return err
	}
	need := clusteringNeed(bySite)
	return e.JSON(http.StatusOK, map[string]any{
		"keywords": total, "clusterable": n, "clusterCredits": need, "balance": b.Total(),
		"balanceAfter": b.Total() - need, "affordable": b.Total() >= need, "limit": MaxClusterRequest,
	})
}

// bulkClusterRoute queues clustering for exactly the selected keywords that
// are unclustered and new (one clustering run per site), paying for
// all of them or none.
func bulkClusterRoute(e *core.RequestEvent) error {
	s, where, err := bulkRequest(e)
	if err != nil {
		return err
	}
	bySite, n, err := clusterableIds(e.App, where)
	if err != nil {
		return err
	}
	if n == 0 {
		return apis.NewBadRequestError("None of the selected keywords is waiting for a cluster (new and in no cluster).",
			validation.Errors{"ids": validation.NewError("igny8_nothing_to_cluster", "Nothing to cluster.")})
	}
	need := clusteringNeed(bySite)
	if err := billing.Afford(e.App, s.Tenant, need); err != nil {
		return err
	}
	var recs []*core.Record
	err = e.App.RunInTransaction(func(tx core.App) error {
		for _, siteId := range sortedSites(bySite) {
			site, err := tx.FindRecordById(collections.Sites, siteId)
			if err != nil || site.GetString("tenant") != s.Tenant {
				return fmt.Errorf("site %q of the selection: %w", siteId, tenancy.ErrNotFound)
			}
			out, err := enqueueClusterIds(tx, site, bySite[siteId], tenancy.AuthId(e))
			if err != nil {
				return err
			}
			recs = append(recs, out...)
		}
		return nil
	})
	if err != nil {
		return billing.ForRequest(e.App, s.Tenant, need, err)
	}
	ids, credits := []string{}, 0
	for _, r := range recs {
		ids = append(ids, r.Id)
		credits += r.GetInt("credits")
	}
	return e.JSON(http.StatusAccepted, map[string]any{"jobs": ids, "keywords": n, "credits": credits})
}

// bulkWrite runs one bulk keyword change in a transaction: it counts the
// selection per site, applies change, refreshes the touched sites' cluster
// stats, sends one keywords-topic message per site and writes one audit entry.
func bulkWrite(e *core.RequestEvent, action string, change func(tx core.App, where dbx.Expression, s KeywordSelection) (dbx.Expression, error)) error {
	s, where, err := bulkRequest(e)
	if err != nil {
		return err
	}
	total := 0
	err = e.App.RunInTransaction(func(tx core.App) error {
		narrowed, err := change(tx, where, s)
		if err != nil {
			return err
		}
		perSite, n, err := siteCounts(tx, narrowed)
		if err != nil {
			return err
		}
		total = n
		if n == 0 {
			return nil
		}
		if err := applyBulk(tx, action, narrowed, s); err != nil {
			return err
		}
		for site, n := range perSite {
			if err := RefreshSiteClusterStats(tx, site); err != nil {
				return err
			}
			emitKeywordsChange(tx, s.Tenant, KeywordsChange{Action: action, Site: site, Changed: n})
		}
		return nil
	})
	if err != nil {
		return err
	}
	if total > 0 {
		hooks.Audit(e.App, e.Auth, s.Tenant, "planner.keywords_"+action, nil,
			map[string]any{"keywords": total, "ids": len(s.Ids), "filter": s.Filter, "cluster": s.Cluster})
	}
	return e.JSON(http.StatusOK, map[string]any{"keywords": total})
}

// applyBulk is the one statement of a bulk change on the (already narrowed) selection.
func applyBulk(tx core.App, action string, where dbx.Expression, s KeywordSelection) error {
	now := types.NowDateTime().String()
	var err error
	switch action {
	case KeywordsDeleted:
		_, err = tx.DB().Delete(collections.Keywords, where).Execute()
	case KeywordsArchived:
		_, err = tx.DB().Update(collections.Keywords, dbx.Params{"status": "archived", "updated": now}, where).Execute()
	case KeywordsRestored:
		_, err = tx.DB().Update(collections.Keywords, dbx.Params{
			"status": dbx.NewExp("CASE WHEN [[cluster]] = '' THEN 'new' ELSE 'clustered' END"), "updated": now}, where).Execute()
	case KeywordsMoved:
		status := dbx.NewExp("CASE WHEN [[status]] IN ('new', '') THEN 'clustered' ELSE [[status]] END")
		if s.Cluster == "" {
			status = dbx.NewExp("CASE WHEN [[status]] = 'clustered' THEN 'new' ELSE [[status]] END")
		}
		// placed by hand: clustering never moves it again (nor clusters it
		// again when it was moved out), see Placement
		placement := dbx.NewExp("json_object('method', {:manual}, 'from', [[cluster]])", dbx.Params{"manual": PlacementManual})
		_, err = tx.DB().Update(collections.Keywords, dbx.Params{"cluster": s.Cluster, "status": status, "placement": placement, "updated": now}, where).Execute()
	default:
		err = fmt.Errorf("unknown bulk action %q", action)
	}
	if err != nil {
		return fmt.Errorf("bulk %s: %w", action, err)
	}
	return nil
}

func bulkArchiveRoute(e *core.RequestEvent) error {
	return bulkWrite(e, KeywordsArchived, func(tx core.App, where dbx.Expression, _ KeywordSelection) (dbx.Expression, error) {
		return dbx.And(where, dbx.NewExp("[[keywords.status]] != 'archived'")), nil
	})
}

func bulkRestoreRoute(e *core.RequestEvent) error {
	return bulkWrite(e, KeywordsRestored, func(tx core.App, where dbx.Expression, _ KeywordSelection) (dbx.Expression, error) {
		return dbx.And(where, dbx.HashExp{"keywords.status": "archived"}), nil
	})
}

func bulkDeleteRoute(e *core.RequestEvent) error {
	return bulkWrite(e, KeywordsDeleted, func(tx core.App, where dbx.Expression, _ KeywordSelection) (dbx.Expression, error) {
		return where, nil
	})
}

// bulkMoveRoute puts the selection into one cluster of the workspace (only
// keywords of the cluster's site move), or out of clusters with cluster "".
func bulkMoveRoute(e *core.RequestEvent) error {
	return bulkWrite(e, KeywordsMoved, func(tx core.App, where dbx.Expression, s KeywordSelection) (dbx.Expression, error) {
		if s.Cluster == "" {
			return dbx.And(where, dbx.NewExp("[[keywords.cluster]] != ''")), nil
		}
		c, err := tx.FindRecordById(collections.Clusters, s.Cluster)
		if err != nil || c.GetString("tenant") != s.Tenant {
			return nil, fmt.Errorf("cluster %q: %w", s.Cluster, tenancy.ErrNotFound) // foreign = missing: 404
		}
		return dbx.And(where, dbx.HashExp{"keywords.site": c.GetString("site")}, dbx.NewExp("[[keywords.cluster]] != {:to}", dbx.Params{"to": c.Id})), nil
	})
}
