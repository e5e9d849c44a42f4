package migrations

import (
	"strings"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The users collection's email-change mail links to the web app's own page
// (/confirm-email-change/{TOKEN}, Account > Email) instead of the admin UI's
// confirm page. Only the link changes; a template an operator rewrote keeps
// its own link. The down puts the admin UI link back.
func init() {
	const (
		admin = "{APP_URL}/_/#/auth/confirm-email-change/{TOKEN}"
		app   = "{APP_URL}/confirm-email-change/{TOKEN}"
	)
	swap := func(a core.App, from, to string) error {
		c, err := a.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		c.ConfirmEmailChangeTemplate.Body = strings.ReplaceAll(c.ConfirmEmailChangeTemplate.Body, from, to)
		return a.Save(c)
	}
	m.Register(func(a core.App) error {
		return swap(a, admin, app)
	}, func(a core.App) error {
		return swap(a, app, admin)
	})
}
