package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// users: sign-in by email is case-insensitive (the unique email index gets
// COLLATE NOCASE, which PocketBase's sign-in honours) and names are text (no
// angle brackets; existing names lose them). Addresses are lowercased first,
// as sign-up always did; two accounts differing only by case stop the
// migration with the index error rather than merge people.
func init() {
	const index = "idx_email__pb_users_auth_"
	m.Register(func(app core.App) error {
		if _, err := app.DB().NewQuery("UPDATE users SET email = LOWER(email) WHERE email != LOWER(email)").Execute(); err != nil {
			return err
		}
		if _, err := app.DB().NewQuery("UPDATE users SET name = REPLACE(REPLACE(name, '<', ''), '>', '') WHERE name LIKE '%<%' OR name LIKE '%>%'").Execute(); err != nil {
			return err
		}
		c, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		if f, ok := c.Fields.GetByName("name").(*core.TextField); ok {
			f.Pattern = `^[^<>]*$`
		}
		c.RemoveIndex(index)
		c.AddIndex(index, true, "`email` COLLATE NOCASE", "`email` != ''")
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		if f, ok := c.Fields.GetByName("name").(*core.TextField); ok {
			f.Pattern = ""
		}
		c.RemoveIndex(index)
		c.AddIndex(index, true, "`email`", "`email` != ''")
		return app.Save(c)
	})
}
