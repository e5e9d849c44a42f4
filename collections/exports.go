package collections

import "github.com/pocketbase/pocketbase/core"

// Exports are a workspace's export zips (its keywords and clusters as CSV, its
// articles as HTML and Markdown with their images), built by an export.workspace
// job so a large workspace streams into the zip in bounded memory. The file is
// protected: only the workspace's admins and owners read the record, and
// PocketBase serves a protected file only with a file token of someone whose
// view rule passes. An export expires (ExportTTL) and the hourly clean-up
// deletes it with its file. Nobody writes them through the API: the export
// route creates them, the job fills them.
const (
	Exports   = "exports"
	ExportsId = "pbc_igny8_exports"
)

// Export statuses (exports.status).
const (
	ExportQueued  = "queued"
	ExportRunning = "running"
	ExportReady   = "ready"
	ExportFailed  = "failed"
)

// ExportMaxSize bounds one export zip (bytes): articles are at most 2 MB of
// HTML each and images 20 MB, so this fits thousands of illustrated articles.
const ExportMaxSize = 8 << 30

func buildExports(c *core.Collection) {
	TenantScoped(c, false)
	c.Fields.Add(
		&core.RelationField{Name: "user", CollectionId: UsersId, MaxSelect: 1, Help: "who asked for it"},
		&core.SelectField{Name: "status", Required: true, MaxSelect: 1, Values: []string{ExportQueued, ExportRunning, ExportReady, ExportFailed}},
		&core.FileField{Name: "file", MaxSelect: 1, MaxSize: ExportMaxSize, Protected: true},
		&core.NumberField{Name: "size", OnlyInt: true, Min: num(0), Help: "bytes of the zip"},
		&core.JSONField{Name: "counts", MaxSize: 1 << 12, Help: "keywords, clusters, articles and images in the zip"},
		&core.TextField{Name: "job", Max: 40},
		&core.TextField{Name: "error", Max: 2000},
		&core.DateField{Name: "expires", Help: "the clean-up deletes the export and its file after this"},
	)
	Timestamps(c)
	c.AddIndex("idx_exports_expires", false, "expires", "")
	admin := Ptr(MemberRule("tenant", RoleAdmin))
	SetRules(c, admin, admin, nil, nil, nil)
}
