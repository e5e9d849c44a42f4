package hooks

import (
	"errors"
	"fmt"

	"github.com/igny8/igny8/collections"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// bindTenantRelations makes every relation of a tenant-scoped record point at a
// record of the same tenant. API rules check only the tenant a record names; this
// hook stops an editor of workspace A from linking A's keyword to B's cluster,
// whatever path (REST, batch, Go code) saves it.
//
// A foreign id is refused with exactly the error PocketBase gives an id that
// does not exist, merged with the other field errors the same way, so the
// answer never tells another workspace's record from a missing one.
func bindTenantRelations(app core.App) {
	fn := func(e *core.RecordEvent) error {
		foreign, err := foreignRelations(e.App, e.Record)
		if err != nil {
			return err
		}
		err = e.Next()
		if len(foreign) == 0 {
			return err
		}
		var fieldErrs validation.Errors
		if err != nil && !errors.As(err, &fieldErrs) {
			return err
		}
		for name, fe := range foreign {
			if _, ok := fieldErrs[name]; !ok {
				if fieldErrs == nil {
					fieldErrs = validation.Errors{}
				}
				fieldErrs[name] = fe
			}
		}
		return fieldErrs
	}
	app.OnRecordValidate().Bind(collections.Handler(HookTenantRelations, fn))
}

// errMissingRel is PocketBase's own error for relation ids with no record
// (core.RelationField.ValidateValue), reused for foreign ones.
var errMissingRel = validation.NewError("validation_missing_rel_records", "Failed to find all relation records with the provided ids")

// foreignRelations returns, per relation field of rec that changed, the
// missing-records error when one of its ids belongs to another tenant.
func foreignRelations(app core.App, rec *core.Record) (validation.Errors, error) {
	col := rec.Collection()
	tenantField, ok := col.Fields.GetByName("tenant").(*core.RelationField)
	if !ok || tenantField.CollectionId != collections.TenantsId {
		return nil, nil
	}
	tenant := rec.GetString("tenant")
	var out validation.Errors
	for _, f := range col.Fields {
		rf, ok := f.(*core.RelationField)
		if !ok || rf.Name == "tenant" || !rec.IsNew() && !changed(rec, rf.Name) {
			continue
		}
		for _, id := range rec.GetStringSlice(rf.Name) {
			foreign, err := isForeign(app, rf, id, tenant)
			if err != nil {
				return nil, err
			}
			if foreign {
				if out == nil {
					out = validation.Errors{}
				}
				out[rf.Name] = errMissingRel
				break
			}
		}
	}
	return out, nil
}

func changed(rec *core.Record, field string) bool {
	return fmt.Sprint(rec.Original().Get(field)) != fmt.Sprint(rec.Get(field))
}

// isForeign reports whether id is a record of another tenant (a missing
// target is left to the relation validator, which answers the same).
func isForeign(app core.App, rf *core.RelationField, id, tenant string) (bool, error) {
	target, err := app.FindRecordById(rf.CollectionId, id)
	if err != nil {
		return false, nil
	}
	tf, ok := target.Collection().Fields.GetByName("tenant").(*core.RelationField)
	if !ok || tf.CollectionId != collections.TenantsId {
		return false, nil
	}
	owner := target.GetString("tenant")
	return owner != "" && owner != tenant, nil
}
