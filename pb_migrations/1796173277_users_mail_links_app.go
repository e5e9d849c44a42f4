package migrations

import (
	"strings"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The users collection's verification and password-reset mails link to the web
// app's own pages (/verify/{TOKEN}, /reset-password/{TOKEN}) instead of the admin
// UI's confirm pages (/_/#/auth/...). Only the link changes; a template an
// operator rewrote keeps its own links. The down puts the admin UI links back.
func init() {
	const (
		verifyAdmin = "{APP_URL}/_/#/auth/confirm-verification/{TOKEN}"
		verifyApp   = "{APP_URL}/verify/{TOKEN}"
		resetAdmin  = "{APP_URL}/_/#/auth/confirm-password-reset/{TOKEN}"
		resetApp    = "{APP_URL}/reset-password/{TOKEN}"
	)
	swap := func(app core.App, verifyFrom, verifyTo, resetFrom, resetTo string) error {
		c, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		c.VerificationTemplate.Body = strings.ReplaceAll(c.VerificationTemplate.Body, verifyFrom, verifyTo)
		c.ResetPasswordTemplate.Body = strings.ReplaceAll(c.ResetPasswordTemplate.Body, resetFrom, resetTo)
		return app.Save(c)
	}
	m.Register(func(app core.App) error {
		return swap(app, verifyAdmin, verifyApp, resetAdmin, resetApp)
	}, func(app core.App) error {
		return swap(app, verifyApp, verifyAdmin, resetApp, resetAdmin)
	})
}
