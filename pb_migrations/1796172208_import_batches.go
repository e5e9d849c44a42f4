package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// import_batches and import_records: the legacy-plugin import (igny8 import-wp).
// A batch is one run with its report; a record maps one created or changed
// igny8 record to its legacy row, for re-runs and rollbacks. Admins read both;
// only the importer writes.
func init() {
	m.Register(func(app core.App) error {
		admin := `@request.auth.collectionName = "users" && tenant.memberships_via_tenant.user ?= @request.auth.id && ` +
			`(tenant.memberships_via_tenant.role ?= "admin" || tenant.memberships_via_tenant.role ?= "owner")`

		b := core.NewBaseCollection("import_batches", "pbc_igny8_import_batches")
		b.Fields.Add(
			&core.RelationField{Name: "tenant", CollectionId: "pbc_igny8_tenants", Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.RelationField{Name: "site", CollectionId: "pbc_igny8_sites", Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.RelationField{Name: "user", CollectionId: "_pb_users_auth_", MaxSelect: 1, Help: "who started it in the app; empty for the command line"},
			&core.TextField{Name: "actor", Max: 200, Help: "who started it: the user's email or cli:<os user>"},
			&core.TextField{Name: "source", Max: 500, Help: "the legacy database (host, database, table prefix), never its password"},
			&core.TextField{Name: "shape", Max: 40, Help: "tables (the plan's igny8_* tables), posts (the published plugin) or both"},
			&core.SelectField{Name: "status", Required: true, MaxSelect: 1, Values: []string{"running", "succeeded", "failed", "rolled_back"}},
			&core.JSONField{Name: "options", MaxSize: 1 << 14},
			&core.JSONField{Name: "counts", MaxSize: 1 << 16, Help: "per legacy table: source, imported, updated, unchanged, skipped, carried, hashes"},
			&core.JSONField{Name: "report", MaxSize: 32 << 20, Help: "the validation report: tables, rejected rows with reasons, notes, warnings"},
			&core.JSONField{Name: "carried", MaxSize: 32 << 20, Help: "legacy rows igny8 has no store for yet (internal links, metrics, variations)"},
			&core.TextField{Name: "error", Max: 5000},
			&core.DateField{Name: "finished"},
			&core.DateField{Name: "rolled_back"},
			&core.JSONField{Name: "rollback_report", MaxSize: 1 << 22},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		b.AddIndex("idx_import_batches_tenant", false, "tenant", "")
		b.AddIndex("idx_import_batches_site", false, "site", "")
		b.AddIndex("idx_import_batches_site_created", false, "site, created", "")
		b.ListRule, b.ViewRule = &admin, &admin
		if err := app.Save(b); err != nil {
			return err
		}

		r := core.NewBaseCollection("import_records", "pbc_igny8_import_records")
		r.Fields.Add(
			&core.RelationField{Name: "tenant", CollectionId: "pbc_igny8_tenants", Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.RelationField{Name: "site", CollectionId: "pbc_igny8_sites", Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.RelationField{Name: "batch", CollectionId: "pbc_igny8_import_batches", Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.TextField{Name: "kind", Required: true, Max: 40},
			&core.TextField{Name: "legacy_id", Required: true, Max: 200},
			&core.TextField{Name: "collection", Required: true, Max: 60},
			&core.TextField{Name: "record", Required: true, Max: 40},
			&core.SelectField{Name: "action", Required: true, MaxSelect: 1, Values: []string{"created", "updated"}},
			&core.JSONField{Name: "before", MaxSize: 1 << 20, Help: "previous values of the fields an update changed"},
			&core.TextField{Name: "hash", Max: 64},
			&core.JSONField{Name: "extra", MaxSize: 1 << 14, Help: "what a later run still has to do (e.g. the WordPress post to adopt)"},
		)
		r.AddIndex("idx_import_records_tenant", false, "tenant", "")
		r.AddIndex("idx_import_records_site", false, "site", "")
		r.AddIndex("idx_import_records_batch", false, "batch", "")
		r.AddIndex("idx_import_records_legacy", false, "site, kind, legacy_id", "")
		r.AddIndex("idx_import_records_record", false, "record", "")
		r.ListRule, r.ViewRule = &admin, &admin
		return app.Save(r)
	}, func(app core.App) error {
		for _, name := range []string{"import_records", "import_batches"} {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				continue
			}
			if err := app.Delete(c); err != nil {
				return err
			}
		}
		return nil
	})
}
