package linker

import (
	"fmt"
	"net/http"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

func bindRoutes(app core.App) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{Id: "igny8.linker.routes", Func: func(se *core.ServeEvent) error {
		g := se.Router.Group("/api/igny8/linker").Bind(apis.RequireAuth(collections.Users, core.CollectionNameSuperusers))
		g.POST("/contents/{content}/suggest", suggestRoute)
		g.POST("/links/{link}/approve", approveRoute)
		g.POST("/links/{link}/reject", rejectRoute)
		g.POST("/links/{link}/remove", removeRoute)
		return se.Next()
	}})
}

func authId(e *core.RequestEvent) string {
	if e.Auth == nil || e.Auth.IsSuperuser() {
		return ""
	}
	return e.Auth.Id
}

// suggestRoute queues a suggestion run for a content (editor+; free).
func suggestRoute(e *core.RequestEvent) error {
	content, err := tenancy.RequireRecordWrite(e, collections.Contents, e.Request.PathValue("content"), collections.RoleEditor)
	if err != nil {
		return err
	}
	job, err := EnqueueSuggest(e.App, content, authId(e))
	if err != nil {
		return tenancy.APIError(err)
	}
	return e.JSON(http.StatusAccepted, map[string]any{"job": job.Id, "status": job.GetString("status")})
}

// linkFor loads a link for an editor of its workspace (foreign = 404).
func linkFor(e *core.RequestEvent) (*core.Record, error) {
	return tenancy.RequireRecordWrite(e, collections.InternalLinks, e.Request.PathValue("link"), collections.RoleEditor)
}

func conflict(format string, a ...any) error {
	return tenancy.APIError(&tenancy.StateError{Msg: fmt.Sprintf(format, a...)})
}

// approveRoute approves a link and queues its insertion (editor+): the
// source article gets it, and its live post through the publisher.
func approveRoute(e *core.RequestEvent) error {
	link, err := linkFor(e)
	if err != nil {
		return err
	}
	switch link.GetString("status") {
	case collections.LinkInserted, collections.LinkRemoving:
		return conflict("This link is %s; remove it first to insert it again.", link.GetString("status"))
	}
	source, err := e.App.FindRecordById(collections.Contents, link.GetString("source_content"))
	if err != nil || source.GetString("tenant") != link.GetString("tenant") {
		return conflict("The link's source post is not an igny8 article: adopt the post first (POST /api/igny8/contents/{id}/adopt).")
	}
	if link.GetString("status") != collections.LinkApproved {
		n, err := activeLinks(e.App, source.Id)
		if err != nil {
			return tenancy.APIError(err)
		}
		if n >= collections.LinksPerPostMax {
			return conflict("The article already has %d links from igny8, the most per post: remove one first.", collections.LinksPerPostMax)
		}
	}
	link.Set("status", collections.LinkApproved)
	link.Set("decided_by", authId(e))
	link.Set("error", "")
	var job *core.Record
	err = e.App.RunInTransaction(func(tx core.App) error {
		if err := tx.Save(link); err != nil {
			return err
		}
		job, err = EnqueueApply(tx, source, authId(e))
		return err
	})
	if err != nil {
		return tenancy.APIError(err)
	}
	return e.JSON(http.StatusAccepted, map[string]any{"link": link.Id, "status": link.GetString("status"), "job": job.Id})
}

// rejectRoute declines a suggestion (editor+); an inserted link is removed
// instead.
func rejectRoute(e *core.RequestEvent) error {
	link, err := linkFor(e)
	if err != nil {
		return err
	}
	switch link.GetString("status") {
	case collections.LinkSuggested, collections.LinkApproved, collections.LinkRejected:
	default:
		return conflict("This link is %s: only a suggestion can be rejected (remove an inserted link).", link.GetString("status"))
	}
	link.Set("status", collections.LinkRejected)
	link.Set("decided_by", authId(e))
	link.Set("error", "")
	if err := e.App.Save(link); err != nil {
		return tenancy.APIError(err)
	}
	return e.JSON(http.StatusOK, map[string]any{"link": link.Id, "status": link.GetString("status")})
}

// removeRoute takes an inserted link out of the article and its live post
// again (editor+): the anchor text stays, unlinked.
func removeRoute(e *core.RequestEvent) error {
	link, err := linkFor(e)
	if err != nil {
		return err
	}
	switch link.GetString("status") {
	case collections.LinkInserted, collections.LinkRemoving:
	default:
		return conflict("This link is %s, not in the article: nothing to remove.", link.GetString("status"))
	}
	source, err := e.App.FindRecordById(collections.Contents, link.GetString("source_content"))
	if err != nil || source.GetString("tenant") != link.GetString("tenant") {
		return conflict("The link's source post is not an igny8 article: igny8 cannot edit it.")
	}
	link.Set("status", collections.LinkRemoving)
	link.Set("decided_by", authId(e))
	link.Set("error", "")
	var job *core.Record
	err = e.App.RunInTransaction(func(tx core.App) error {
		if err := tx.Save(link); err != nil {
			return err
		}
		job, err = EnqueueApply(tx, source, authId(e))
		return err
	})
	if err != nil {
		return tenancy.APIError(err)
	}
	return e.JSON(http.StatusAccepted, map[string]any{"link": link.Id, "status": link.GetString("status"), "job": job.Id})
}
