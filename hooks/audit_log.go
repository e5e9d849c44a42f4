package hooks

import (
	"encoding/json"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/pocketbase/core"
)

// audited are the collections whose API changes land in the audit log.
var audited = []string{
	collections.Tenants, collections.Sites, collections.Keywords, collections.Clusters,
	collections.Ideas, collections.Tasks, collections.Contents, collections.Images, collections.Prompts,
}

func bindAuditLog(app core.App) {
	app.OnRecordCreateRequest(audited...).Bind(collections.Handler(HookAuditCreate, func(e *core.RecordRequestEvent) error {
		return auditAfter(e, "create")
	}))
	app.OnRecordUpdateRequest(audited...).Bind(collections.Handler(HookAuditUpdate, func(e *core.RecordRequestEvent) error {
		return auditAfter(e, "update")
	}))
	app.OnRecordDeleteRequest(audited...).Bind(collections.Handler(HookAuditDelete, func(e *core.RecordRequestEvent) error {
		return auditAfter(e, "delete")
	}))
}

func auditAfter(e *core.RecordRequestEvent, action string) error {
	var before map[string]any
	if action != "create" {
		before = e.Record.Original().PublicExport()
	}
	if err := e.Next(); err != nil {
		return err
	}
	Audit(e.App, e.Auth, tenantOf(e.Record, action), action, e.Record, diff(before, e.Record, action))
	return nil
}

func tenantOf(rec *core.Record, action string) string {
	if rec.Collection().Name == collections.Tenants {
		if action == "delete" {
			return "" // the entry outlives the workspace it describes
		}
		return rec.Id
	}
	return rec.GetString("tenant")
}

// diff keeps the audit entry small: the changed fields of an update, the new
// values of a create, nothing but the id of a delete. Hidden fields never appear.
func diff(before map[string]any, rec *core.Record, action string) map[string]any {
	if action == "delete" {
		return nil
	}
	after := rec.PublicExport()
	out := map[string]any{}
	for k, v := range after {
		if k == "updated" || k == "created" || k == "collectionId" || k == "collectionName" {
			continue
		}
		if b, ok := before[k]; action == "update" && ok && jsonEqual(b, v) {
			continue
		}
		out[k] = v
	}
	return out
}

// Audit appends one entry. Failures are logged, not returned: the change it
// describes has already happened and must not be reported as failed.
func Audit(app core.App, auth *core.Record, tenantId, action string, target *core.Record, changes any) {
	col, err := app.FindCachedCollectionByNameOrId(collections.AuditLog)
	if err != nil {
		app.Logger().Error("audit log collection missing", "error", err)
		return
	}
	entry := core.NewRecord(col)
	entry.Set("tenant", tenantId)
	entry.Set("action", action)
	entry.Set("actor_type", "system")
	if auth != nil {
		entry.Set("actor", auth.Id)
		entry.Set("actor_type", "user")
		if auth.IsSuperuser() {
			entry.Set("actor_type", "superuser")
		}
	}
	if target != nil {
		entry.Set("target_collection", target.Collection().Name)
		entry.Set("target", target.Id)
	}
	entry.Set("changes", changes)
	if err := app.Save(entry); err != nil {
		app.Logger().Error("audit log write failed", "error", err, "action", action)
	}
}

func jsonEqual(a, b any) bool {
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(ja) == string(jb)
}
