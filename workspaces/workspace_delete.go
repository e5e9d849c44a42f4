package workspaces

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/igny8/igny8/billing/payments"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/hooks"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/tenancy"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// HookTenantDeleteRequest is the id of the hook that gives a collections-API
// delete of a workspace (an owner's API call, a superuser in the admin UI)
// the same preparation as the route.
const HookTenantDeleteRequest = "igny8.workspaces.deleteRequest"

// PrepareDelete makes a workspace safe to delete: its schedules stop, its
// queued and running jobs are canceled (a running AI call is interrupted),
// and its Stripe subscription is canceled when it has one. Everything else
// goes with the record (every collection cascades from tenants). A failure
// stops before anything is deleted, so a retry finishes the job.
func PrepareDelete(ctx context.Context, app core.App, tenant *core.Record) error {
	if _, err := app.DB().Update(collections.Schedules, dbx.Params{"enabled": false}, dbx.HashExp{"tenant": tenant.Id}).Execute(); err != nil {
		return fmt.Errorf("stop the schedules: %w", err)
	}
	var ids []string
	if err := app.DB().Select("id").From(collections.Jobs).
		Where(dbx.HashExp{"tenant": tenant.Id, "status": []any{collections.JobQueued, collections.JobRunning}}).Column(&ids); err != nil {
		return fmt.Errorf("find the jobs: %w", err)
	}
	for _, id := range ids {
		if err := jobs.Cancel(app, id); err != nil && !errors.Is(err, jobs.ErrNotCancelable) {
			return fmt.Errorf("cancel job %s: %w", id, err)
		}
	}
	return payments.CancelSubscription(ctx, app, tenant)
}

// deleteWorkspace deletes a workspace for its owner, who types its name to
// confirm ({confirm: "<name>"}). A suspended workspace may leave too.
func deleteWorkspace(e *core.RequestEvent) error {
	tenantId := e.Request.PathValue("tenant")
	if _, err := tenancy.RequireAPI(e, tenantId, collections.RoleOwner); err != nil {
		return err
	}
	var body struct {
		Confirm string `json:"confirm"`
	}
	_ = e.BindBody(&body)
	tenant, err := e.App.FindRecordById(collections.Tenants, tenantId)
	if err != nil {
		return tenancy.APIError(tenancy.ErrNotFound)
	}
	if strings.TrimSpace(body.Confirm) != tenant.GetString("name") {
		return apis.NewBadRequestError("Type the workspace's name to delete it.",
			fieldErrors(map[string]string{"confirm": "Type the workspace's name exactly."}))
	}
	if err := PrepareDelete(e.Request.Context(), e.App, tenant); err != nil {
		return tenancy.APIError(err)
	}
	// the audit entry outlives the workspace (no tenant: superusers read it)
	e.App.Logger().Info("workspace deleted", "tenant", tenant.Id, "slug", tenant.GetString("slug"), "by", e.Auth.Id)
	if err := e.App.Delete(tenant); err != nil {
		return fmt.Errorf("delete workspace %s: %w", tenant.Id, err)
	}
	hooks.Audit(e.App, e.Auth, "", "workspace.delete", nil, map[string]any{"tenant": tenantId, "name": tenant.GetString("name")})
	return e.NoContent(http.StatusNoContent)
}

// bindTenantDeleteRequest prepares collections-API deletes of workspaces the
// same way (PocketBase has checked the delete rule: owners, superusers).
func bindTenantDeleteRequest(app core.App) {
	app.OnRecordDeleteRequest(collections.Tenants).Bind(&hook.Handler[*core.RecordRequestEvent]{
		Id: HookTenantDeleteRequest,
		Func: func(e *core.RecordRequestEvent) error {
			if err := PrepareDelete(e.Request.Context(), e.App, e.Record); err != nil {
				return tenancy.APIError(err)
			}
			return e.Next()
		},
	})
}
