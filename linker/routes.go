package linker

import (
	"net/http"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// HookRoutes is the id of the serve hook that mounts the Linker routes.
const HookRoutes = "igny8.linker.routes"

func bindRoutes(app core.App) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{Id: HookRoutes, Func: func(se *core.ServeEvent) error {
		g := se.Router.Group("/api/igny8/linker").Bind(apis.RequireAuth(collections.Users, core.CollectionNameSuperusers))
		g.POST("/contents/{content}/suggest", suggestRoute)
		// approve queues the insertion into the source article and its live
		// post; reject declines a suggestion; remove takes an inserted link out
		// again (the anchor text stays, unlinked).
		g.POST("/links/{link}/approve", decideRoute(ActionApprove))
		g.POST("/links/{link}/reject", decideRoute(ActionReject))
		g.POST("/links/{link}/remove", decideRoute(ActionRemove))
		g.POST("/links/bulk", bulkRoute)
		return se.Next()
	}})
}

// suggestRoute queues a suggestion run for a content (editor+; free).
func suggestRoute(e *core.RequestEvent) error {
	content, err := tenancy.RequireRecordWrite(e, collections.Contents, e.Request.PathValue("content"), collections.RoleEditor)
	if err != nil {
		return err
	}
	job, err := EnqueueSuggest(e.App, content, tenancy.AuthId(e))
	if err != nil {
		return tenancy.APIError(err)
	}
	return e.JSON(http.StatusAccepted, map[string]any{"job": job.Id, "status": job.GetString("status")})
}

// linkFor loads a link for an editor of its workspace (foreign = 404).
func linkFor(e *core.RequestEvent) (*core.Record, error) {
	return tenancy.RequireRecordWrite(e, collections.InternalLinks, e.Request.PathValue("link"), collections.RoleEditor)
}

// decideRoute answers a single link's route: the decision, and the source
// article's apply job when the text changes (202 {link, status, job}); a
// rejection answers 200 {link, status}.
func decideRoute(action string) func(e *core.RequestEvent) error {
	return func(e *core.RequestEvent) error {
		link, err := linkFor(e)
		if err != nil {
			return err
		}
		var job *core.Record
		err = e.App.RunInTransaction(func(tx core.App) error {
			source, err := decide(tx, link, action, tenancy.AuthId(e))
			if err != nil || source == nil {
				return err
			}
			job, err = EnqueueApply(tx, source, tenancy.AuthId(e))
			return err
		})
		if err != nil {
			return tenancy.APIError(err)
		}
		if job == nil {
			return e.JSON(http.StatusOK, map[string]any{"link": link.Id, "status": link.GetString("status")})
		}
		return e.JSON(http.StatusAccepted, map[string]any{"link": link.Id, "status": link.GetString("status"), "job": job.Id})
	}
}
