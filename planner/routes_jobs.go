package planner

import (
	"errors"
	"net/http"

	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// MaxClusterRequest is the most keywords one POST /cluster takes on.
const MaxClusterRequest = 20_000

func clusterRoute(e *core.RequestEvent) error {
	var body struct {
		Site string `json:"site"`
	}
	if err := e.BindBody(&body); err != nil {
		return apis.NewBadRequestError("The body is not valid JSON.", err)
	}
	site, err := siteFor(e, body.Site, collections.RoleEditor)
	if err != nil {
		return err
	}
	recs, n, err := EnqueueClustering(e.App, site, MaxClusterRequest, tenancy.AuthId(e))
	if err != nil {
		return tenancy.APIError(err)
	}
	if n == 0 {
		return apis.NewBadRequestError("The site has no unclustered keywords.", nil)
	}
	ids, credits := []string{}, 0
	for _, r := range recs {
		ids = append(ids, r.Id)
		credits += r.GetInt("credits")
	}
	return e.JSON(http.StatusAccepted, map[string]any{"jobs": ids, "keywords": n, "credits": credits})
}

func ideasRoute(e *core.RequestEvent) error {
	var body struct {
		Site    string `json:"site"`
		Cluster string `json:"cluster"`
		Count   int    `json:"count"`
	}
	if err := e.BindBody(&body); err != nil {
		return apis.NewBadRequestError("The body is not valid JSON.", err)
	}
	if body.Count < 0 || body.Count > MaxIdeasPerCluster {
		return apis.NewBadRequestError("count must be between 1 and 10.", validation.Errors{"count": validation.NewError("validation_out_of_range", "1 to 10.")})
	}
	var clusters []*core.Record
	switch {
	case body.Cluster != "":
		c, err := tenancy.RequireRecordWrite(e, collections.Clusters, body.Cluster, collections.RoleEditor)
		if err != nil {
			return err
		}
		clusters = []*core.Record{c}
	case body.Site != "":
		site, err := siteFor(e, body.Site, collections.RoleEditor)
		if err != nil {
			return err
		}
		if clusters, err = ClustersWithoutIdeas(e.App, site.Id, 100); err != nil {
			return apis.NewInternalServerError("Listing clusters failed.", err)
		}
	default:
		return apis.NewBadRequestError("Send cluster or site.", validation.Errors{"cluster": validation.NewError("validation_required", "Cannot be blank.")})
	}
	if len(clusters) == 0 {
		return apis.NewBadRequestError("Every active cluster of the site already has ideas or an ideas job on the way.", nil)
	}
	ids, credits := []string{}, 0
	count := ideasCount(body.Count)
	err := e.App.RunInTransaction(func(tx core.App) error {
		for _, c := range clusters {
			r, err := EnqueueIdeas(tx, c, count, tenancy.AuthId(e))
			if err != nil {
				return err
			}
			ids = append(ids, r.Id)
			credits += r.GetInt("credits")
		}
		return nil
	})
	if err != nil {
		// a shortfall names what all the clusters need, not the one that ran out
		return tenancy.APIError(billing.ForRequest(e.App, clusters[0].GetString("tenant"),
			billing.Cost(billing.ActionIdea, count)*len(clusters), err))
	}
	return e.JSON(http.StatusAccepted, map[string]any{"jobs": ids, "credits": credits})
}

func queueIdeaRoute(e *core.RequestEvent) error {
	var task *core.Record
	err := e.App.RunInTransaction(func(tx core.App) error {
		var err error
		task, err = queueIdea(tx, e, e.Request.PathValue("id"))
		return err
	})
	if err != nil {
		return err
	}
	return e.JSON(http.StatusOK, task)
}

func queueIdeasRoute(e *core.RequestEvent) error {
	var body struct {
		Ids []string `json:"ids"`
	}
	if err := e.BindBody(&body); err != nil {
		return apis.NewBadRequestError("The body is not valid JSON.", err)
	}
	if len(body.Ids) == 0 || len(body.Ids) > 200 {
		return apis.NewBadRequestError("Send 1 to 200 idea ids.", validation.Errors{"ids": validation.NewError("validation_length_out_of_range", "1 to 200 ids.")})
	}
	var tasks []*core.Record
	err := e.App.RunInTransaction(func(tx core.App) error {
		for _, id := range body.Ids {
			t, err := queueIdea(tx, e, id)
			if err != nil {
				return err
			}
			tasks = append(tasks, t)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return e.JSON(http.StatusOK, map[string]any{"tasks": tasks})
}

// queueIdea is queueIdeaRoute's check (the caller edits the idea's
// workspace) before QueueIdea. Errors are API errors.
func queueIdea(tx core.App, e *core.RequestEvent, id string) (*core.Record, error) {
	idea, err := tenancy.RequireRecord(tx, e.Auth, collections.Ideas, id, collections.RoleEditor)
	if err == nil {
		err = tenancy.CheckWrite(e, idea.GetString("tenant"))
	}
	if err != nil {
		return nil, tenancy.APIError(err)
	}
	t, err := QueueIdea(tx, idea)
	if errors.Is(err, ErrIdeaRejected) {
		return nil, apis.NewBadRequestError("The idea \""+idea.GetString("title")+"\" was rejected; restore it before queueing.", nil)
	}
	return t, err
}

// ErrIdeaRejected: a rejected idea is not queued.
var ErrIdeaRejected = errors.New("the idea was rejected")

// QueueIdea turns an idea into a writer task (once: a queued idea returns its
// existing task) and marks the idea queued: the Queue button and the
// autopilot's ideas step. Run it in a transaction.
func QueueIdea(tx core.App, idea *core.Record) (*core.Record, error) {
	if idea.GetString("status") == "rejected" {
		return nil, ErrIdeaRejected
	}
	if t, err := tx.FindFirstRecordByData(collections.Tasks, "idea", idea.Id); err == nil {
		if s := idea.GetString("status"); s != "queued" && s != "done" {
			idea.Set("status", "queued")
			if err := tx.Save(idea); err != nil {
				return nil, err
			}
		}
		return t, nil
	}
	col, err := tx.FindCachedCollectionByNameOrId(collections.Tasks)
	if err != nil {
		return nil, err
	}
	kws := []string{}
	if p := idea.GetString("primary_keyword"); p != "" {
		kws = append(kws, p)
	}
	var more []string
	_ = idea.UnmarshalJSONField("target_keywords", &more)
	for _, k := range more {
		if k != "" && !contains(kws, k) {
			kws = append(kws, k)
		}
	}
	t := core.NewRecord(col)
	t.Load(map[string]any{
		"tenant": idea.GetString("tenant"), "site": idea.GetString("site"), "idea": idea.Id, "cluster": idea.GetString("cluster"),
		"title": idea.GetString("title"), "brief": briefOf(idea), "keywords": kws,
		"word_count_target": idea.GetInt("estimated_words"), "content_type": idea.GetString("content_type"),
		"structure": idea.GetString("structure"), "status": "queued",
	})
	if err := tx.Save(t); err != nil {
		return nil, err
	}
	idea.Set("status", "queued")
	if err := tx.Save(idea); err != nil {
		return nil, err
	}
	return t, nil
}

// briefOf renders an idea's description and outline as the writer's brief.
func briefOf(idea *core.Record) string {
	o := collections.OutlineOf(idea)
	b := o.Description
	if idea.GetString("intent") != "" {
		b += "\nIntent: " + idea.GetString("intent")
	}
	for _, s := range o.Sections {
		b += "\n## " + s.H2
		for _, h := range s.H3 {
			b += "\n### " + h
		}
	}
	return collections.Truncate(b, collections.TaskBriefMax)
}
