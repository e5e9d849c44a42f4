package migrations

import (
	"slices"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// jobs.step: what a running attempt is doing or waiting for, in words (a
// publish shows which WordPress request it waits on). The down removes it.
func init() {
	m.Register(func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("jobs")
		if err != nil {
			return err
		}
		c.Fields.AddAt(slices.Index(c.Fields.FieldNames(), "progress")+1, &core.TextField{
			Name: "step", Max: 300,
			Help: "what the running attempt is doing or waiting for, e.g. waiting for WordPress: uploading an image",
		})
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("jobs")
		if err != nil {
			return err
		}
		c.Fields.RemoveByName("step")
		return app.Save(c)
	})
}
