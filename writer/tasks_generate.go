package writer

import (
	"net/http"

	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// MaxGenerateBatch bounds one bulk generate request (the tasks page's page size).
const MaxGenerateBatch = 100

type generateManyForm struct {
	Ids []string `json:"ids"`
}

// generateManyRoute queues the articles of several tasks in one call (the
// tasks page's bulk action): all or nothing — one foreign or missing task
// answers 404 and a workspace that cannot pay for all of them 402 naming the
// whole need, and nothing is queued. A task whose generation is already
// queued or running keeps its job (created false) and costs nothing more.
func generateManyRoute(e *core.RequestEvent) error {
	var f generateManyForm
	if err := e.BindBody(&f); err != nil {
		return apis.NewBadRequestError("The request body is not valid JSON.", err)
	}
	if len(f.Ids) == 0 || len(f.Ids) > MaxGenerateBatch {
		return apis.NewBadRequestError("Send 1 to 100 task ids.",
			validation.Errors{"ids": validation.NewError("validation_length_out_of_range", "1 to 100 ids.")})
	}
	type queued struct {
		Task    string `json:"task"`
		Job     string `json:"job"`
		Created bool   `json:"created"`
	}
	var out []queued
	tenant, credits := "", 0
	err := e.App.RunInTransaction(func(tx core.App) error {
		out = nil
		seen := map[string]bool{}
		for _, id := range f.Ids {
			if seen[id] {
				continue
			}
			seen[id] = true
			task, err := tenancy.RequireRecord(tx, e.Auth, collections.Tasks, id, collections.RoleEditor)
			if err == nil {
				err = tenancy.CheckWrite(e, task.GetString("tenant"))
			}
			if err != nil {
				return err
			}
			tenant = task.GetString("tenant")
			j, created, err := EnqueueContent(tx, task, tenancy.AuthId(e))
			if err != nil {
				return err
			}
			if created {
				credits += j.GetInt("credits")
			}
			out = append(out, queued{Task: task.Id, Job: j.Id, Created: created})
		}
		return nil
	})
	if err != nil {
		if tenant != "" {
			err = billing.ForRequest(e.App, tenant, billing.Cost(billing.ActionArticle, len(f.Ids)), err)
		}
		return tenancy.APIError(err)
	}
	return e.JSON(http.StatusAccepted, map[string]any{"items": out, "credits": credits})
}

// firstTaskTenant names the workspace of a bulk generate request for the AI
// rate limit: the first task's (the route checks every one).
func firstTaskTenant(e *core.RequestEvent) string {
	var f generateManyForm
	if err := e.BindBody(&f); err != nil || len(f.Ids) == 0 {
		return ""
	}
	task, err := e.App.FindRecordById(collections.Tasks, f.Ids[0])
	if err != nil {
		return ""
	}
	return task.GetString("tenant")
}
