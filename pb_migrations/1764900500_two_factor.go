package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Two-factor sign-in (PocketBase's MFA with email one-time codes): every user
// may turn it on (users.mfa), every superuser must use it.
func init() {
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		users.Fields.Add(&core.BoolField{Name: "mfa", Help: "two-factor sign-in: a one-time code by email after the password"})
		users.OTP.Enabled = true
		users.MFA.Enabled = true
		users.MFA.Rule = "mfa = true"
		if err := app.Save(users); err != nil {
			return err
		}
		su, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
		if err != nil {
			return err
		}
		su.OTP.Enabled = true
		su.MFA.Enabled = true
		su.MFA.Rule = ""
		return app.Save(su)
	}, func(app core.App) error {
		for _, name := range []string{"users", core.CollectionNameSuperusers} {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			c.OTP.Enabled, c.MFA.Enabled, c.MFA.Rule = false, false, ""
			c.Fields.RemoveByName("mfa")
			if err := app.Save(c); err != nil {
				return err
			}
		}
		return nil
	})
}
