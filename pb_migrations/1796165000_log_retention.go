package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Request and job logs are kept 30 days (seed §9.13); PocketBase's default
// is 5. An operator's longer setting is kept.
func init() {
	m.Register(func(app core.App) error {
		s := app.Settings()
		if s.Logs.MaxDays >= 30 {
			return nil
		}
		s.Logs.MaxDays = 30
		return app.Save(s)
	}, nil)
}
