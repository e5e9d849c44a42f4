package overlap

import (
	"context"
	"errors"
	"net/http"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/hooks"
	"github.com/igny8/igny8/tenancy"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"
)

// MergeFunc turns an overlap decided "merge" into a refresh of the existing
// post and returns the refresh's id. The Optimizer sets it (SetMerge): this
// package does not know how a refresh is made.
type MergeFunc func(app core.App, overlap *core.Record, userId string) (string, error)

var mergeFn MergeFunc

// SetMerge installs the merge step (optimizer.Register calls it).
func SetMerge(fn MergeFunc) { mergeFn = fn }

// ErrNoMerge: a merge needs an indexed page (a post of the site) to refresh.
var ErrNoMerge = errors.New("only an overlap with a page of the site can be merged into a refresh")

// HookRoutes is the id of the serve hook that mounts the overlap routes.
const HookRoutes = "igny8.overlap.routes"

func bindRoutes(app core.App) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{Id: HookRoutes, Func: func(se *core.ServeEvent) error {
		g := se.Router.Group("/api/igny8").Bind(apis.RequireAuth(collections.Users, core.CollectionNameSuperusers))
		g.POST("/overlaps/{id}/decide", decideRoute)
		g.POST("/contents/{content}/overlap-check", checkContentRoute)
		return se.Next()
	}})
}

type decideForm struct {
	Decision string `json:"decision"`
}

// decideRoute records the user's decision on an overlap (editor+): skip
// (the idea is rejected; the article stays unpublished), merge (a refresh of
// the existing post is made; the idea is rejected), go_ahead (plan or
// publish it anyway). Audited.
func decideRoute(e *core.RequestEvent) error {
	r, err := tenancy.RequireRecordWrite(e, collections.Overlaps, e.Request.PathValue("id"), collections.RoleEditor)
	if err != nil {
		return tenancy.APIError(err)
	}
	var f decideForm
	if err := e.BindBody(&f); err != nil || (f.Decision != collections.OverlapSkip && f.Decision != collections.OverlapMerge && f.Decision != collections.OverlapGoAhead) {
		return apis.NewBadRequestError("decision must be skip, merge or go_ahead.",
			validation.Errors{"decision": validation.NewError("igny8_bad_decision", "One of skip, merge, go_ahead.")})
	}
	if f.Decision == collections.OverlapMerge {
		if r.GetString("page") == "" || mergeFn == nil {
			return apis.NewBadRequestError(ErrNoMerge.Error()+".", validation.Errors{"decision": validation.NewError("igny8_no_merge", ErrNoMerge.Error())})
		}
	}
	err = e.App.RunInTransaction(func(tx core.App) error {
		if f.Decision == collections.OverlapMerge {
			id, err := mergeFn(tx, r, tenancy.AuthId(e))
			if err != nil {
				return err
			}
			r.Set("refresh", id)
		}
		if err := decide(tx, r, f.Decision, tenancy.AuthId(e)); err != nil {
			return err
		}
		if idea := r.GetString("idea"); idea != "" && f.Decision != collections.OverlapGoAhead {
			rec, err := tx.FindRecordById(collections.Ideas, idea)
			if err == nil && rec.GetString("status") == "new" || err == nil && rec.GetString("status") == "approved" {
				rec.Set("status", "rejected")
				return tx.Save(rec)
			}
		}
		return nil
	})
	if err != nil {
		return tenancy.APIError(err)
	}
	hooks.Audit(e.App, e.Auth, r.GetString("tenant"), "overlap.decided", r, map[string]any{"decision": f.Decision, "url": r.GetString("url")})
	return e.JSON(http.StatusOK, r)
}

// checkContentRoute runs the check of a content now (editor+) and answers
// its findings: what publishing it would be asked about.
func checkContentRoute(e *core.RequestEvent) error {
	c, err := tenancy.RequireRecordWrite(e, collections.Contents, e.Request.PathValue("content"), collections.RoleEditor)
	if err != nil {
		return tenancy.APIError(err)
	}
	ctx, cancel := context.WithTimeout(e.Request.Context(), CheckTimeout)
	defer cancel()
	if _, err := CheckContent(ctx, e.App, c); err != nil {
		return apis.NewInternalServerError("Could not run the check.", err)
	}
	list, err := e.App.FindAllRecords(collections.Overlaps, dbxContent(c.Id))
	if err != nil {
		return apis.NewInternalServerError("Could not read the findings.", err)
	}
	return e.JSON(http.StatusOK, map[string]any{"items": list})
}

// BeforePublish checks a content before it is published and refuses it
// (409 igny8_overlap, the blocking overlaps in data) while an overlap is
// undecided or decided "skip". A check that cannot run (the AI layer down)
// falls back to its lexical part; a failing database is an error.
func BeforePublish(ctx context.Context, app core.App, content *core.Record) error {
	ctx, cancel := context.WithTimeout(ctx, CheckTimeout)
	defer cancel()
	if _, err := CheckContent(ctx, app, content); err != nil {
		return err
	}
	block, err := Blocking(app, content.Id)
	if err != nil || len(block) == 0 {
		return err
	}
	items := make([]map[string]any, len(block))
	for i, r := range block {
		var reasons []string
		_ = r.UnmarshalJSONField("reasons", &reasons)
		items[i] = map[string]any{"id": r.Id, "url": r.GetString("url"), "title": r.GetString("title"), "score": r.GetFloat("score"),
			"status": r.GetString("status"), "reasons": reasons}
	}
	return &router.ApiError{Status: http.StatusConflict, Message: "This article targets what a page of the site already covers (" + block[0].GetString("url") +
		"): decide first — skip, merge into a refresh of that post, or go ahead (POST /api/igny8/overlaps/{id}/decide).",
		Data: map[string]any{"code": "igny8_overlap", "overlaps": items}}
}
