package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// idx_keywords_site_difficulty: the web app's keywords table sorts a site's
// keywords by difficulty; with the index SQLite reads the first page in index
// order (as it does for volume through idx_keywords_tenant_volume and for the
// keyword through idx_keywords_site_normalized) instead of sorting every
// keyword of the site under the list rule's join, seconds at 100,000
// keywords. No data changes; the down drops the index.
func init() {
	m.Register(func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("keywords")
		if err != nil {
			return err
		}
		c.AddIndex("idx_keywords_site_difficulty", false, "site, difficulty", "")
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("keywords")
		if err != nil {
			return err
		}
		c.RemoveIndex("idx_keywords_site_difficulty")
		return app.Save(c)
	})
}
