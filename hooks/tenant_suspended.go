package hooks

import (
	"net/http"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// HookSuspendedReadOnly is the id of the request hooks that keep a suspended workspace read-only.
const HookSuspendedReadOnly = "igny8.suspendedReadOnly"

// ErrCodeSuspended is the error code of writes refused because the workspace is suspended.
const ErrCodeSuspended = tenancy.CodeSuspended

// bindSuspendedReadOnly refuses API writes to any tenant-scoped record of a
// suspended workspace (unpaid past the grace period): members can still read
// and export everything, nothing is lost, and writes resume once billing
// reactivates the workspace. Superusers are not restricted.
func bindSuspendedReadOnly(app core.App) {
	fn := func(e *core.RecordRequestEvent) error {
		if err := checkNotSuspended(e); err != nil {
			return err
		}
		return e.Next()
	}
	app.OnRecordCreateRequest().Bind(handler(HookSuspendedReadOnly, fn))
	app.OnRecordUpdateRequest().Bind(handler(HookSuspendedReadOnly, fn))
	app.OnRecordDeleteRequest().Bind(handler(HookSuspendedReadOnly, fn))
}

func checkNotSuspended(e *core.RecordRequestEvent) error {
	if e.HasSuperuserAuth() {
		return nil
	}
	tenantId := ""
	switch f := e.Record.Collection().Fields.GetByName("tenant").(type) {
	case *core.RelationField:
		if f.CollectionId == collections.TenantsId {
			tenantId = e.Record.GetString("tenant")
		}
	}
	if tenantId == "" {
		return nil
	}
	// only the stored status counts, never a value from the request body
	if Suspended(e.App, tenantId) {
		return apis.NewApiError(http.StatusForbidden,
			"This workspace is suspended and read-only. Update billing to resume.",
			validation.Errors{"tenant": validation.NewError(ErrCodeSuspended, "Workspace suspended.")})
	}
	return nil
}

// Suspended reports whether tenant is suspended; Go code that writes on a
// workspace's behalf (job enqueueing, schedules) checks it too.
func Suspended(app core.App, tenantId string) bool {
	t, err := app.FindRecordById(collections.Tenants, tenantId)
	return err == nil && t.GetString("status") == collections.TenantSuspended
}
