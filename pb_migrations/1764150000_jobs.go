package migrations

import (
	_ "embed"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// jobsSnapshot is the job engine's schema as first released: the jobs queue,
// the credit ledger and the schedules.
//
//go:embed 1764150000_jobs.json
var jobsSnapshot []byte

// cleanupScheduleId is the fixed id of the one global clean-up schedule.
const cleanupScheduleId = "schedcleanup000"

// The job engine, with the one global clean-up schedule (enabled, every 24h).
func init() {
	m.Register(func(app core.App) error {
		if err := importSnapshot(app, jobsSnapshot); err != nil {
			return err
		}
		col, err := app.FindCollectionByNameOrId("schedules")
		if err != nil {
			return err
		}
		if n, _ := app.CountRecords(col); n > 0 {
			return nil
		}
		r := core.NewRecord(col)
		r.Id = cleanupScheduleId
		r.Load(map[string]any{"type": "cleanup", "spec": "@every 24h", "enabled": true})
		return app.Save(r)
	}, func(app core.App) error {
		return dropSnapshot(app, jobsSnapshot)
	})
}
