package jobs

import (
	"net/http"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// bindJobRoutes mounts cancel and retry for editors and up of the job's
// workspace (and superusers). Another workspace's job is 404, like a missing one.
func bindJobRoutes(se *core.ServeEvent) {
	g := se.Router.Group("/api/igny8/jobs").Bind(apis.RequireAuth(collections.Users, core.CollectionNameSuperusers))
	g.POST("/{id}/cancel", cancelRoute)
	g.POST("/{id}/retry", retryRoute)
}

// cancelRoute stops a queued or running job and refunds its credits
// (409 igny8_conflict for a finished one).
func cancelRoute(e *core.RequestEvent) error {
	rec, err := tenancy.RequireRecordWrite(e, collections.Jobs, e.Request.PathValue("id"), collections.RoleEditor)
	if err != nil {
		return err
	}
	if err := Cancel(e.App, rec.Id); err != nil {
		return tenancy.APIError(err)
	}
	if rec, err = e.App.FindRecordById(collections.Jobs, rec.Id); err != nil {
		return tenancy.APIError(err)
	}
	return e.JSON(http.StatusOK, rec)
}

// retryRoute queues a failed job again and reserves its credits again (402
// when the workspace cannot pay, 409 when it is not failed or a newer job for
// the same action is on the way).
func retryRoute(e *core.RequestEvent) error {
	rec, err := tenancy.RequireRecordWrite(e, collections.Jobs, e.Request.PathValue("id"), collections.RoleEditor)
	if err != nil {
		return err
	}
	if rec, err = Retry(e.App, rec.Id); err != nil {
		return tenancy.APIError(err)
	}
	return e.JSON(http.StatusAccepted, rec)
}
