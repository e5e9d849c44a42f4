package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Moving in from the old IGNY8 plugin (issue 20): variations, the
// plugin's personalised rewrites of a post for one set of visitor inputs,
// read by members and written by the import only. The down drops it.
func init() {
	const memberRead = `@request.auth.collectionName = "users" && tenant.memberships_via_tenant.user ?= @request.auth.id`
	m.Register(func(app core.App) error {
		min0 := 0.0
		c := core.NewBaseCollection("variations", "pbc_igny8_variations")
		c.Fields.Add(&core.RelationField{Name: "tenant", CollectionId: "pbc_igny8_tenants", Required: true, MaxSelect: 1, CascadeDelete: true})
		c.AddIndex("idx_variations_tenant", false, "tenant", "")
		c.Fields.Add(&core.RelationField{Name: "site", CollectionId: "pbc_igny8_sites", Required: true, MaxSelect: 1, CascadeDelete: true})
		c.AddIndex("idx_variations_site", false, "site", "")
		c.Fields.Add(
			&core.RelationField{Name: "content", CollectionId: "pbc_igny8_contents", MaxSelect: 1, CascadeDelete: true, Help: "the igny8 content of the post, if it is one"},
			&core.NumberField{Name: "wp_post_id", Min: &min0, OnlyInt: true, Help: "the WordPress post the variation rewrites"},
			&core.JSONField{Name: "inputs", MaxSize: 1 << 16, Help: "the visitor inputs it was written for (field → value)"},
			&core.TextField{Name: "inputs_hash", Max: 64, Help: "SHA-256 of the normalised inputs (the plugin's fields_hash)"},
			&core.TextField{Name: "html", Max: 2 << 20},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		c.AddIndex("idx_variations_post", true, "site, wp_post_id, inputs_hash", "")
		c.AddIndex("idx_variations_content", false, "content", "")
		c.ListRule, c.ViewRule = types.Pointer(memberRead), types.Pointer(memberRead)
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("variations")
		if err != nil {
			return err
		}
		return app.Delete(c)
	})
}
