package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// import_records: idx_import_records_site (site) replaces
// idx_import_records_legacy (site, kind, legacy_id). The one reader of a
// site's mapping rows is the import's start, which loads them all (WHERE site
// ORDER BY rowid) — a (site) index serves it in rowid order without a sort,
// and nothing looks a row up by legacy id. Within a run site is constant and
// rowids grow, so each mapping row lands at the end of the site index, where
// the legacy id (kind#id in text order) put it somewhere new in the middle
// every time: most of the cost of writing 100k mapping rows. The down
// restores the legacy index.
func init() {
	m.Register(func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("import_records")
		if err != nil {
			return err
		}
		c.RemoveIndex("idx_import_records_legacy")
		c.AddIndex("idx_import_records_site", false, "site", "")
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("import_records")
		if err != nil {
			return err
		}
		c.RemoveIndex("idx_import_records_site")
		c.AddIndex("idx_import_records_legacy", false, "site, kind, legacy_id", "")
		return app.Save(c)
	})
}
