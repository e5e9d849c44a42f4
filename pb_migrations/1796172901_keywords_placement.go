package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// keywords.placement: the receipt of how a keyword came into its cluster
// (assigned to an existing cluster with its similarity and shared terms,
// founded a new one, regrouped, or placed by hand — method "manual", which
// clustering never moves again). Existing keywords keep an empty receipt.
// The down removes the field and its data.
func init() {
	m.Register(func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("keywords")
		if err != nil {
			return err
		}
		c.Fields.Add(&core.JSONField{Name: "placement", MaxSize: 4096})
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("keywords")
		if err != nil {
			return err
		}
		c.Fields.RemoveByName("placement")
		return app.Save(c)
	})
}
