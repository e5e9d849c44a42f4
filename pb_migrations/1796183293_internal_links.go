package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// The Linker's internal links (issue 21): one record per (site, source,
// target), in the published plugin's model (anchor, cluster, priority, link
// type, status suggested/approved/inserted/removing/removed/rejected), read
// by members of the workspace and written only by the Linker and the import.
// The down drops the collection (its links are gone with it; the links
// already inserted stay in the posts' text).
func init() {
	const memberRead = `@request.auth.collectionName = "users" && tenant.memberships_via_tenant.user ?= @request.auth.id`
	m.Register(func(app core.App) error {
		zero := 0.0
		c := core.NewBaseCollection("internal_links", "pbc_igny8_internal_links")
		c.Fields.Add(&core.RelationField{Name: "tenant", CollectionId: "pbc_igny8_tenants", Required: true, MaxSelect: 1, CascadeDelete: true})
		c.AddIndex("idx_internal_links_tenant", false, "tenant", "")
		c.Fields.Add(&core.RelationField{Name: "site", CollectionId: "pbc_igny8_sites", Required: true, MaxSelect: 1, CascadeDelete: true})
		c.AddIndex("idx_internal_links_site", false, "site", "")
		c.Fields.Add(
			&core.RelationField{Name: "source_content", CollectionId: "pbc_igny8_contents", MaxSelect: 1, CascadeDelete: true},
			&core.NumberField{Name: "source_post", OnlyInt: true, Min: &zero},
			&core.TextField{Name: "source_url", Max: 2000},
			&core.TextField{Name: "source_title", Max: 500},
			&core.TextField{Name: "source_key", Required: true, Max: 2100},
			&core.RelationField{Name: "target_content", CollectionId: "pbc_igny8_contents", MaxSelect: 1, CascadeDelete: true},
			&core.NumberField{Name: "target_post", OnlyInt: true, Min: &zero},
			&core.TextField{Name: "target_url", Max: 2000},
			&core.TextField{Name: "target_title", Max: 500},
			&core.TextField{Name: "target_key", Required: true, Max: 2100},
			&core.TextField{Name: "anchor", Required: true, Max: 200},
			&core.RelationField{Name: "cluster", CollectionId: "pbc_igny8_clusters", MaxSelect: 1},
			&core.SelectField{Name: "link_type", Required: true, MaxSelect: 1, Values: []string{"upward", "downward", "horizontal"}},
			&core.SelectField{Name: "priority", Required: true, MaxSelect: 1, Values: []string{"high", "medium", "low"}},
			&core.SelectField{Name: "status", Required: true, MaxSelect: 1, Values: []string{"suggested", "approved", "inserted", "removing", "removed", "rejected"}},
			&core.SelectField{Name: "origin", Required: true, MaxSelect: 1, Values: []string{"outbound", "backfill", "import"}},
			&core.NumberField{Name: "score", Min: &zero, Help: "how well the anchor names the target (higher first)"},
			&core.TextField{Name: "reason", Max: 500, Help: "why the Linker suggests it, in words"},
			&core.TextField{Name: "error", Max: 500, Help: "why the last insert or removal could not be done"},
			&core.RelationField{Name: "decided_by", CollectionId: "_pb_users_auth_", MaxSelect: 1},
			&core.DateField{Name: "inserted_at"},
			&core.DateField{Name: "removed_at"},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		c.AddIndex("idx_internal_links_pair", true, "site, source_key, target_key", "")
		c.AddIndex("idx_internal_links_source", false, "source_content, status", "")
		c.AddIndex("idx_internal_links_target", false, "target_content", "")
		c.AddIndex("idx_internal_links_status", false, "site, status", "")
		c.ListRule, c.ViewRule = types.Pointer(memberRead), types.Pointer(memberRead)
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("internal_links")
		if err != nil {
			return err
		}
		return app.Delete(c)
	})
}
