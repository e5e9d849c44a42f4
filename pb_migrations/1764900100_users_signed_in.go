package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// users: list and view need a signed-in caller. Without the guard an
// anonymous request listed every user who had no membership (ex-members,
// people who never finished setting up).
func init() {
	const old = `id = @request.auth.id || memberships_via_user.tenant.memberships_via_tenant.user ?= @request.auth.id`
	setRead := func(app core.App, rule string) error {
		c, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		c.ListRule, c.ViewRule = types.Pointer(rule), types.Pointer(rule)
		return app.Save(c)
	}
	m.Register(func(app core.App) error {
		return setRead(app, `@request.auth.id != "" && (`+old+`)`)
	}, func(app core.App) error {
		return setRead(app, old)
	})
}
