package exports

import (
	"errors"
	"net/http"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/hooks"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/tenancy"
	"github.com/pocketbase/pocketbase/core"
)

// View is what the route answers about an export (the record itself, with
// its protected file, is read through the collections API).
type View struct {
	Id     string `json:"id"`
	Status string `json:"status"`
	Job    string `json:"job"`
	// Existing is true when an export of the workspace was already being built
	// and this answer names it (a second click makes no second zip).
	Existing bool `json:"existing"`
}

// errRunning rolls back a new export record when the workspace's export job
// is already queued or running.
var errRunning = errors.New("an export is already running")

// createRoute (admins and owners) queues an export of the workspace and
// answers 202 with the exports record and its job. Export is a read, so a
// suspended workspace may export (the job is jobs.EnqueueParams.ReadOnly).
// While one export of the workspace is queued or running, the route answers
// that one.
func createRoute(e *core.RequestEvent) error {
	tenantId := e.Request.PathValue("tenant")
	if _, err := tenancy.Require(e.App, e.Auth, tenantId, collections.RoleAdmin); err != nil {
		return err
	}
	key := jobs.ActiveKey(TypeExport, tenantId)
	if job := jobs.ActiveJob(e.App, key); job != nil {
		return e.JSON(http.StatusAccepted, View{Id: job.GetString("target"), Status: collections.ExportQueued, Job: job.Id, Existing: true})
	}
	var view View
	err := e.App.RunInTransaction(func(tx core.App) error {
		col, err := tx.FindCachedCollectionByNameOrId(collections.Exports)
		if err != nil {
			return err
		}
		rec := core.NewRecord(col)
		rec.Id = core.GenerateDefaultRandomId()
		rec.Load(map[string]any{"tenant": tenantId, "user": e.Auth.Id, "status": collections.ExportQueued,
			"expires": jobs.Now(tx).Add(TTL + 24*time.Hour)})
		job, created, err := jobs.EnqueueCreated(tx, jobs.EnqueueParams{Tenant: tenantId, Type: TypeExport,
			TargetCollection: collections.Exports, Target: rec.Id, ActiveKey: key, ReadOnly: true, CreatedBy: e.Auth.Id})
		if err != nil {
			return err
		}
		if !created {
			view = View{Id: job.GetString("target"), Status: collections.ExportQueued, Job: job.Id, Existing: true}
			return errRunning
		}
		rec.Set("job", job.Id)
		if err := tx.Save(rec); err != nil {
			return err
		}
		view = View{Id: rec.Id, Status: collections.ExportQueued, Job: job.Id}
		return nil
	})
	if err != nil && !errors.Is(err, errRunning) {
		return err
	}
	if !view.Existing {
		hooks.Audit(e.App, e.Auth, tenantId, "workspace.export", nil, map[string]any{"export": view.Id})
	}
	return e.JSON(http.StatusAccepted, view)
}
