package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The batch API lets the web app apply a bulk edit atomically; every request in
// a batch still passes the collection's API rules.
func init() {
	m.Register(func(app core.App) error {
		s := app.Settings()
		s.Meta.AppName = "igny8"
		s.Batch.Enabled = true
		s.Batch.MaxRequests = 100
		return app.Save(s)
	}, nil)
}
