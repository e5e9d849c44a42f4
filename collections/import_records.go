package collections

import "github.com/pocketbase/pocketbase/core"

// ImportRecords map every record an import created or changed to the legacy
// row it came from (kind + legacy id), per batch: a second run finds the
// record through it and updates instead of duplicating, and a rollback knows
// exactly what its batch created (action created) and which fields it changed
// (action updated, their previous values in before). hash is the content hash
// of the mapped fields as the batch wrote them, so a rollback can tell a
// record edited in igny8 since (kept and reported) from an untouched one.
const (
	ImportRecords   = "import_records"
	ImportRecordsId = "pbc_igny8_import_records"
)

// Import record actions (import_records.action).
const (
	ImportCreated = "created"
	ImportUpdated = "updated"
)

func buildImportRecords(c *core.Collection) {
	// Not TenantScoped: a 100k-keyword import writes one row per keyword, so
	// the table carries only the indexes its readers use (the rules join
	// through tenant; a run loads its site's rows by site in rowid order;
	// rollbacks read by batch) — no record or legacy id index. Each of the
	// three grows at its end during a run (constant key, rising rowid).
	c.Fields.Add(
		&core.RelationField{Name: "tenant", CollectionId: TenantsId, Required: true, MaxSelect: 1, CascadeDelete: true},
		&core.RelationField{Name: "site", CollectionId: SitesId, Required: true, MaxSelect: 1, CascadeDelete: true},
	)
	c.AddIndex("idx_import_records_tenant", false, "tenant", "")
	c.AddIndex("idx_import_records_site", false, "site", "")
	c.RemoveIndex("idx_import_records_record")
	c.Fields.Add(
		&core.RelationField{Name: "batch", CollectionId: ImportBatchesId, Required: true, MaxSelect: 1, CascadeDelete: true},
		&core.TextField{Name: "kind", Required: true, Max: 40},
		&core.TextField{Name: "legacy_id", Required: true, Max: 200},
		&core.TextField{Name: "collection", Required: true, Max: 60},
		&core.TextField{Name: "record", Required: true, Max: 40},
		&core.SelectField{Name: "action", Required: true, MaxSelect: 1, Values: []string{ImportCreated, ImportUpdated}},
		&core.JSONField{Name: "before", MaxSize: 1 << 20, Help: "previous values of the fields an update changed"},
		&core.TextField{Name: "hash", Max: 64},
		&core.JSONField{Name: "extra", MaxSize: 1 << 14, Help: "what a later run still has to do (e.g. the WordPress post to adopt)"},
	)
	c.AddIndex("idx_import_records_batch", false, "batch", "")
	c.RemoveIndex("idx_import_records_legacy")
	admin := Ptr(MemberRule("tenant", RoleAdmin))
	SetRules(c, admin, admin, nil, nil, nil)
}
