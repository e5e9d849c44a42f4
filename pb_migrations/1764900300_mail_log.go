package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// mail_log: where mail goes while no SMTP server is configured (superusers only).
func init() {
	m.Register(func(app core.App) error {
		c := core.NewBaseCollection("mail_log", "pbc_igny8_mail_log")
		c.Fields.Add(
			&core.TextField{Name: "to", Max: 1000, Help: "Mail is off (no SMTP in Settings → Mail): these messages were stored here instead of sent"},
			&core.TextField{Name: "subject", Max: 1000},
			&core.TextField{Name: "text", Max: 200000},
			&core.TextField{Name: "html", Max: 200000},
			&core.AutodateField{Name: "created", OnCreate: true},
		)
		c.AddIndex("idx_mail_log_created", false, "created", "")
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("mail_log")
		if err != nil {
			return nil
		}
		return app.Delete(c)
	})
}
