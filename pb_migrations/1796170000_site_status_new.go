package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Sites without a status: igny8 now publishes only to a site that passed a
// connection check (status new until then). A site saved before that rule
// with no status at all is marked connected when it was checked or has
// published content (it worked), else new (it must pass a check first).
// Data only; the down leaves the statuses as they are (they are all valid
// select values before and after).
func init() {
	m.Register(func(app core.App) error {
		_, err := app.DB().NewQuery(`UPDATE {{sites}} SET [[status]] = CASE
			WHEN [[last_check]] != '' OR EXISTS (SELECT 1 FROM {{contents}} c WHERE c.[[site]] = {{sites}}.[[id]] AND c.[[wp_post_id]] > 0)
			THEN 'connected' ELSE 'new' END
			WHERE [[status]] = '' OR [[status]] IS NULL`).Execute()
		return err
	}, func(core.App) error { return nil })
}
