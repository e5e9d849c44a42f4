package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// autopilot (issue 19): the per-site autopilots collection (pause, monthly
// credit budget, tasks per ideas window, auto-approve with its gates, the
// posting cadence and the steps' last outcomes; members read, only the
// autopilot routes write) and contents.gates for the quality gates' results.
// Down drops both (the settings and results are lost; articles keep
// everything else).
func init() {
	m.Register(func(app core.App) error {
		read := `@request.auth.collectionName = "users" && tenant.memberships_via_tenant.user ?= @request.auth.id`
		c := core.NewBaseCollection("autopilots", "pbc_igny8_autopilots")
		c.Fields.Add(
			&core.RelationField{Name: "tenant", CollectionId: "pbc_igny8_tenants", Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.RelationField{Name: "site", CollectionId: "pbc_igny8_sites", Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.BoolField{Name: "paused", Help: "nothing automatic runs for the site while set"},
			&core.NumberField{Name: "monthly_budget", Min: types.Pointer(0.0), OnlyInt: true, Help: "credits the autopilot may spend per calendar month (UTC); 0 = no budget of its own"},
			&core.NumberField{Name: "tasks_per_window", Min: types.Pointer(0.0), Max: types.Pointer(100.0), OnlyInt: true, Help: "ideas queued as writer tasks per ideas window; 0 = the default"},
			&core.BoolField{Name: "auto_approve", Help: "approve articles that pass every enabled gate"},
			&core.JSONField{Name: "gates", MaxSize: 1 << 16, Help: "quality gate settings (docs/AUTOMATION.md)"},
			&core.JSONField{Name: "cadence", MaxSize: 1 << 16, Help: "posting cadence: days, times, per-day cap, paused ranges"},
			&core.JSONField{Name: "steps", MaxSize: 1 << 16, Help: "the last outcome of each step, written by the autopilot"},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		c.AddIndex("idx_autopilots_tenant", false, "tenant", "")
		c.AddIndex("idx_autopilots_site", false, "site", "")
		c.AddIndex("idx_autopilots_site_unique", true, "site", "")
		c.ListRule, c.ViewRule = &read, &read
		if err := app.Save(c); err != nil {
			return err
		}
		contents, err := app.FindCollectionByNameOrId("contents")
		if err != nil {
			return err
		}
		contents.Fields.Add(&core.JSONField{Name: "gates", MaxSize: 1 << 16, Help: "the autopilot's quality gate results: checked, passed, failed gates with reasons"})
		return app.Save(contents)
	}, func(app core.App) error {
		if c, err := app.FindCollectionByNameOrId("autopilots"); err == nil {
			if err := app.Delete(c); err != nil {
				return err
			}
		}
		c, err := app.FindCollectionByNameOrId("contents")
		if err != nil {
			return err
		}
		c.Fields.RemoveByName("gates")
		return app.Save(c)
	})
}
