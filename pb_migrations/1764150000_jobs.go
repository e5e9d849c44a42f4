package migrations

import (
	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The job engine: the jobs queue, the credit ledger and the schedules, with
// the one global clean-up schedule (enabled, every 24h).
func init() {
	m.Register(func(app core.App) error {
		if err := collections.Ensure(app, collections.Jobs, collections.JobsId, collections.BuildJobs); err != nil {
			return err
		}
		if err := collections.Ensure(app, collections.CreditLedger, collections.CreditLedgerId, collections.BuildCreditLedger); err != nil {
			return err
		}
		if err := collections.Ensure(app, collections.Schedules, collections.SchedulesId, collections.BuildSchedules); err != nil {
			return err
		}
		col, err := app.FindCollectionByNameOrId(collections.Schedules)
		if err != nil {
			return err
		}
		if n, _ := app.CountRecords(col); n > 0 {
			return nil
		}
		r := core.NewRecord(col)
		r.Id = collections.CleanupScheduleId
		r.Load(map[string]any{"type": "cleanup", "spec": "@every 24h", "enabled": true})
		return app.Save(r)
	}, nil)
}
