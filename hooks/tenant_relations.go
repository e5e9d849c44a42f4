package hooks

import (
	"fmt"
	"net/http"

	"github.com/igny8/igny8/collections"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// bindTenantRelations makes every relation of a tenant-scoped record point at a
// record of the same tenant. API rules check only the tenant a record names; this
// hook stops an editor of workspace A from linking A's keyword to B's cluster,
// whatever path (REST, batch, Go code) saves it.
func bindTenantRelations(app core.App) {
	fn := func(e *core.RecordEvent) error {
		if err := checkSameTenant(e.App, e.Record); err != nil {
			return err
		}
		return e.Next()
	}
	app.OnRecordValidate().Bind(handler(HookTenantRelations, fn))
}

func checkSameTenant(app core.App, rec *core.Record) error {
	col := rec.Collection()
	tenantField, ok := col.Fields.GetByName("tenant").(*core.RelationField)
	if !ok || tenantField.CollectionId != collections.TenantsId {
		return nil
	}
	tenant := rec.GetString("tenant")
	for _, f := range col.Fields {
		rf, ok := f.(*core.RelationField)
		if !ok || rf.Name == "tenant" || !rec.IsNew() && !changed(rec, rf.Name) {
			continue
		}
		for _, id := range rec.GetStringSlice(rf.Name) {
			if err := checkTarget(app, rf, id, tenant); err != nil {
				return err
			}
		}
	}
	return nil
}

func changed(rec *core.Record, field string) bool {
	return fmt.Sprint(rec.Original().Get(field)) != fmt.Sprint(rec.Get(field))
}

func checkTarget(app core.App, rf *core.RelationField, id, tenant string) error {
	target, err := app.FindRecordById(rf.CollectionId, id)
	if err != nil {
		return nil // the relation validator reports missing targets
	}
	tf, ok := target.Collection().Fields.GetByName("tenant").(*core.RelationField)
	if !ok || tf.CollectionId != collections.TenantsId {
		return nil
	}
	if owner := target.GetString("tenant"); owner != "" && owner != tenant {
		return apis.NewApiError(http.StatusBadRequest,
			fmt.Sprintf("%s must belong to the same workspace as the record.", rf.Name),
			validation.Errors{rf.Name: validation.NewError("igny8_cross_tenant", "Not found in this workspace.")})
	}
	return nil
}
