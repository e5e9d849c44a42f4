package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// jobs.active_key, unique among queued and running jobs only (the partial
// index idx_jobs_active): the one duplicate-click rule of the jobs engine. Two
// requests for the same action on the same record while its job is queued or
// running get that job; a finished job frees the key. Existing jobs keep an
// empty key. The down drops the index and the field.
func init() {
	m.Register(func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("jobs")
		if err != nil {
			return err
		}
		c.Fields.Add(&core.TextField{Name: "active_key", Max: 300, Help: "one queued or running job per key (duplicate clicks)"})
		c.AddIndex("idx_jobs_active", true, "active_key", "active_key != '' AND status IN ('queued', 'running')")
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("jobs")
		if err != nil {
			return err
		}
		c.RemoveIndex("idx_jobs_active")
		c.Fields.RemoveByName("active_key")
		return app.Save(c)
	})
}
