package optimizer

import (
	"fmt"
	"net/http"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/hooks"
	"github.com/igny8/igny8/tenancy"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// HookRoutes is the id of the serve hook that mounts the optimizer routes.
const HookRoutes = "igny8.optimizer.routes"

func bindRoutes(app core.App) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{Id: HookRoutes, Func: func(se *core.ServeEvent) error {
		g := se.Router.Group("/api/igny8").Bind(apis.RequireAuth(collections.Users, core.CollectionNameSuperusers))
		g.POST("/sites/{site}/optimizer/scan", scanRoute)
		g.POST("/refreshes/{id}/run", runRoute)
		g.POST("/refreshes/{id}/dismiss", dismissRoute)
		return se.Next()
	}})
}

// scanRoute queues a scan of the site (editor+; free).
func scanRoute(e *core.RequestEvent) error {
	site, err := tenancy.RequireRecordWrite(e, collections.Sites, e.Request.PathValue("site"), collections.RoleEditor)
	if err != nil {
		return tenancy.APIError(err)
	}
	job, err := EnqueueScan(e.App, site, tenancy.AuthId(e))
	if err != nil {
		return tenancy.APIError(err)
	}
	return e.JSON(http.StatusAccepted, map[string]any{"job": job.Id, "status": job.GetString("status")})
}

// runRoute queues the rewrite of a suggested (or failed) refresh (editor+;
// 2 credits, 402 when the workspace cannot pay).
func runRoute(e *core.RequestEvent) error {
	r, err := tenancy.RequireRecordWrite(e, collections.Refreshes, e.Request.PathValue("id"), collections.RoleEditor)
	if err != nil {
		return tenancy.APIError(err)
	}
	switch st := r.GetString("status"); st {
	case collections.RefreshSuggested, collections.RefreshFailed, collections.RefreshQueued:
	default:
		return apis.NewBadRequestError(fmt.Sprintf("The refresh is %s: only a suggested or failed refresh runs.", st), nil)
	}
	if r.GetString("content") == "" {
		return apis.NewBadRequestError(ErrNotIgny8.Error()+".", nil)
	}
	job, err := EnqueueRefresh(e.App, r, tenancy.AuthId(e))
	if err != nil {
		return tenancy.APIError(err)
	}
	return e.JSON(http.StatusAccepted, map[string]any{"job": job.Id, "status": job.GetString("status"), "credits": job.GetInt("credits")})
}

// dismissRoute sets a refresh aside (editor+): the scan suggests the post
// again only after refresh_after_days.
func dismissRoute(e *core.RequestEvent) error {
	r, err := tenancy.RequireRecordWrite(e, collections.Refreshes, e.Request.PathValue("id"), collections.RoleEditor)
	if err != nil {
		return tenancy.APIError(err)
	}
	if st := r.GetString("status"); st != collections.RefreshSuggested && st != collections.RefreshFailed && st != collections.RefreshReview {
		return apis.NewBadRequestError("Only a suggested, failed or reviewed refresh can be dismissed.", nil)
	}
	r.Set("status", collections.RefreshDismissed)
	if err := e.App.Save(r); err != nil {
		return apis.NewBadRequestError("Could not save the refresh.", err)
	}
	hooks.Audit(e.App, e.Auth, r.GetString("tenant"), "refresh.dismissed", r, nil)
	return e.JSON(http.StatusOK, r)
}

// merge is the overlap package's "merge" decision: the existing post gets a
// suggested refresh that names the idea or article merged into it (the
// refresh's reasons), or the post's open refresh gets that reason added.
func merge(app core.App, ov *core.Record, _ string) (string, error) {
	page, err := app.FindRecordById(collections.SitePages, ov.GetString("page"))
	if err != nil {
		return "", fmt.Errorf("the overlap's page: %w", err)
	}
	what := "an article"
	if id := ov.GetString("idea"); id != "" {
		if idea, err := app.FindRecordById(collections.Ideas, id); err == nil {
			what = fmt.Sprintf("the idea %q", idea.GetString("title"))
		}
	} else if c, err := app.FindRecordById(collections.Contents, ov.GetString("content")); err == nil {
		what = fmt.Sprintf("the article %q", c.GetString("title"))
	}
	reason := Reason{ReasonOverlap, what + " targets this post: merged into its refresh"}
	site, err := app.FindRecordById(collections.Sites, page.GetString("site"))
	if err != nil {
		return "", err
	}
	var content *core.Record
	if cid := page.GetString("content"); cid != "" {
		content, _ = app.FindRecordById(collections.Contents, cid)
	}
	if _, err := suggest(app, site, content, page, page.GetString("title"), page.GetString("url"), []Reason{reason}, nil, 0, nowUTC()); err != nil {
		return "", err
	}
	field, id := "page", page.Id
	if content != nil {
		field, id = "content", content.Id
	}
	r, err := app.FindFirstRecordByFilter(collections.Refreshes, field+" = {:id} && (status = 'suggested' || status = 'queued' || status = 'review')", map[string]any{"id": id})
	if err != nil {
		return "", fmt.Errorf("the post's refresh: %w", err)
	}
	var rs []Reason
	_ = r.UnmarshalJSONField("reasons", &rs)
	has := false
	for _, x := range rs {
		has = has || x == reason
	}
	if !has {
		rs = append(rs, reason)
		r.Set("reasons", rs)
	}
	r.Set("overlap", ov.Id)
	return r.Id, app.Save(r)
}
