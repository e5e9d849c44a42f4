package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Scheduled backups on by default: PocketBase's own backups every 6 hours,
// the newest 7 kept (the seed's retention), into <data dir>/backups or the
// S3-compatible storage an operator configures under Settings > Backups. An
// operator's own schedule is kept.
func init() {
	m.Register(func(app core.App) error {
		s := app.Settings()
		if s.Backups.Cron != "" {
			return nil
		}
		s.Backups.Cron = "0 */6 * * *"
		s.Backups.CronMaxKeep = 7
		return app.Save(s)
	}, func(app core.App) error {
		s := app.Settings()
		if s.Backups.Cron != "0 */6 * * *" {
			return nil
		}
		s.Backups.Cron = ""
		return app.Save(s)
	})
}
