package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Sites remember, per mapped setting, when it last changed and on which side
// (settings_sync, for the settings sync's last-writer-wins) and the
// signatures of the plugin's recent calls (bridge_seen, hidden: each signed
// call is accepted once). The down drops both (nothing else reads them).
func init() {
	m.Register(func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("sites")
		if err != nil {
			return err
		}
		c.Fields.Add(
			&core.JSONField{Name: "settings_sync", MaxSize: 1 << 14, Help: "per mapped setting: when it last changed and on which side ({key: {at, by}}), for last-writer-wins"},
			&core.JSONField{Name: "bridge_seen", Hidden: true, MaxSize: 1 << 17, Help: "signatures of the plugin's calls accepted in the last 10 minutes (each is accepted once)"},
		)
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("sites")
		if err != nil {
			return err
		}
		c.Fields.RemoveByName("settings_sync")
		c.Fields.RemoveByName("bridge_seen")
		return app.Save(c)
	})
}
