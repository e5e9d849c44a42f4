package hooks

import (
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/pocketbase/pocketbase/core"
)

// HookSuspendedReadOnly is the id of the request hooks that keep a suspended workspace read-only.
const HookSuspendedReadOnly = "igny8.suspendedReadOnly"

// ErrCodeSuspended is the error code of writes refused because the workspace is suspended.
const ErrCodeSuspended = tenancy.CodeSuspended

// bindSuspendedReadOnly applies the writability policy (tenancy.CheckWrite,
// the same one custom routes and the jobs engine use) to API writes of any
// tenant-scoped record: a suspended workspace is read-only, a past-due one
// writes with a warning header.
func bindSuspendedReadOnly(app core.App) {
	fn := func(e *core.RecordRequestEvent) error {
		if tenantId := scopedTenant(e.Record); tenantId != "" {
			// only the stored status counts, never a value from the request body
			if err := tenancy.CheckWrite(e.RequestEvent, tenantId); err != nil {
				return tenancy.APIError(err)
			}
		}
		return e.Next()
	}
	app.OnRecordCreateRequest().Bind(collections.Handler(HookSuspendedReadOnly, fn))
	app.OnRecordUpdateRequest().Bind(collections.Handler(HookSuspendedReadOnly, fn))
	app.OnRecordDeleteRequest().Bind(collections.Handler(HookSuspendedReadOnly, fn))
}

// scopedTenant is the workspace a tenant-scoped record belongs to ("" for others).
func scopedTenant(r *core.Record) string {
	if f, ok := r.Collection().Fields.GetByName("tenant").(*core.RelationField); ok && f.CollectionId == collections.TenantsId {
		return r.GetString("tenant")
	}
	return ""
}
