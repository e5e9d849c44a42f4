package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// import_records: drop the site and record indexes. An import writes one
// mapping row per imported record (100k for a large site) and no reader uses
// them: re-runs look up (site, kind, legacy_id), rollbacks read by batch.
func init() {
	m.Register(func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("import_records")
		if err != nil {
			return err
		}
		c.RemoveIndex("idx_import_records_site")
		c.RemoveIndex("idx_import_records_record")
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("import_records")
		if err != nil {
			return err
		}
		c.AddIndex("idx_import_records_site", false, "site", "")
		c.AddIndex("idx_import_records_record", false, "record", "")
		return app.Save(c)
	})
}
