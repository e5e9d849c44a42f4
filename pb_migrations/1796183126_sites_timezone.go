package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// sites.timezone: the IANA time zone a site's schedules are shown and taken
// in (the Writer's "publish at" and the posting cadence). Empty on every
// existing site, which keeps reading WordPress's own zone from wp_settings
// (collections.SiteTimezone). The down removes the field and its values.
func init() {
	m.Register(func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("sites")
		if err != nil {
			return err
		}
		c.Fields.Add(&core.TextField{Name: "timezone", Max: 64, Help: "IANA time zone of the site's schedules, e.g. Europe/Berlin (empty: WordPress's own, else UTC)"})
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("sites")
		if err != nil {
			return err
		}
		c.Fields.RemoveByName("timezone")
		return app.Save(c)
	})
}
