package collections

import "github.com/pocketbase/pocketbase/core"

// ImportBatches record each run of `igny8 import-wp` (or the in-app import)
// into a site: who ran it, from where, what it did per legacy table (counts,
// content hashes, the rows it could not map and why) and, after a rollback,
// what was undone and what was kept. The workspace's admins read them; only
// the importer writes them, so a report cannot be edited into agreement.
const (
	ImportBatches   = "import_batches"
	ImportBatchesId = "pbc_igny8_import_batches"
)

// Import batch statuses (import_batches.status).
const (
	ImportRunning    = "running"
	ImportSucceeded  = "succeeded"
	ImportFailed     = "failed"
	ImportRolledBack = "rolled_back"
)

// ImportReportMax bounds a batch's report and carried rows (JSON bytes): a
// site with 100k keywords lists at most a few thousand rejected rows, and the
// carried links and metrics of a large site fit.
const ImportReportMax = 32 << 20

func buildImportBatches(c *core.Collection) {
	TenantScoped(c, true)
	c.Fields.Add(
		&core.RelationField{Name: "user", CollectionId: UsersId, MaxSelect: 1, Help: "who started it in the app; empty for the command line"},
		&core.TextField{Name: "actor", Max: 200, Help: "who started it: the user's email or cli:<os user>"},
		&core.TextField{Name: "source", Max: 500, Help: "the legacy database (host, database, table prefix), never its password"},
		&core.TextField{Name: "shape", Max: 40, Help: "tables (the plan's igny8_* tables), posts (the published plugin) or both"},
		&core.SelectField{Name: "status", Required: true, MaxSelect: 1, Values: []string{ImportRunning, ImportSucceeded, ImportFailed, ImportRolledBack}},
		&core.JSONField{Name: "options", MaxSize: 1 << 14},
		&core.JSONField{Name: "counts", MaxSize: 1 << 16, Help: "per legacy table: source, imported, updated, unchanged, skipped, carried, hashes"},
		&core.JSONField{Name: "report", MaxSize: ImportReportMax, Help: "the validation report: tables, rejected rows with reasons, notes, warnings"},
		&core.JSONField{Name: "carried", MaxSize: ImportReportMax, Help: "legacy rows igny8 has no store for yet (internal links, metrics, variations)"},
		&core.TextField{Name: "error", Max: 5000},
		&core.DateField{Name: "finished"},
		&core.DateField{Name: "rolled_back"},
		&core.JSONField{Name: "rollback_report", MaxSize: 1 << 22},
	)
	Timestamps(c)
	c.AddIndex("idx_import_batches_site_created", false, "site, created", "")
	admin := Ptr(MemberRule("tenant", RoleAdmin))
	SetRules(c, admin, admin, nil, nil, nil)
}
