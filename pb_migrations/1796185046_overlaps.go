package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// The cannibalisation check (issue 21): overlaps, an idea or content that
// targets what an indexed page or another content covers, with scores,
// reasons and the user's decision. Members read them; the check and the
// decide route write them. The down drops the collection (the findings and
// decisions go; the next check finds them again, undecided).
func init() {
	const memberRead = `@request.auth.collectionName = "users" && tenant.memberships_via_tenant.user ?= @request.auth.id`
	m.Register(func(app core.App) error {
		min0, max1, minus1 := 0.0, 1.0, -1.0
		c := core.NewBaseCollection("overlaps", "pbc_igny8_overlaps")
		c.Fields.Add(&core.RelationField{Name: "tenant", CollectionId: "pbc_igny8_tenants", Required: true, MaxSelect: 1, CascadeDelete: true})
		c.AddIndex("idx_overlaps_tenant", false, "tenant", "")
		c.Fields.Add(&core.RelationField{Name: "site", CollectionId: "pbc_igny8_sites", Required: true, MaxSelect: 1, CascadeDelete: true})
		c.AddIndex("idx_overlaps_site", false, "site", "")
		c.Fields.Add(
			&core.RelationField{Name: "idea", CollectionId: "pbc_igny8_ideas", MaxSelect: 1, CascadeDelete: true},
			&core.RelationField{Name: "content", CollectionId: "pbc_igny8_contents", MaxSelect: 1, CascadeDelete: true},
			&core.RelationField{Name: "page", CollectionId: "pbc_igny8_site_pages", MaxSelect: 1, Help: "the indexed page it overlaps"},
			&core.RelationField{Name: "other_content", CollectionId: "pbc_igny8_contents", MaxSelect: 1, Help: "the igny8 content it overlaps"},
			&core.TextField{Name: "url", Max: 2000},
			&core.TextField{Name: "title", Max: 300},
			&core.NumberField{Name: "score", Min: &min0, Max: &max1},
			&core.NumberField{Name: "lexical", Min: &min0, Max: &max1},
			&core.NumberField{Name: "semantic", Min: &minus1, Max: &max1, Help: "embedding cosine; 0 when not measured"},
			&core.JSONField{Name: "reasons", MaxSize: 1 << 14},
			&core.SelectField{Name: "status", MaxSelect: 1, Values: []string{"open", "skip", "merge", "go_ahead"}},
			&core.TextField{Name: "decided_by", Max: 40},
			&core.DateField{Name: "decided_at"},
			&core.TextField{Name: "refresh", Max: 40, Help: "id of the refresh a merge made"},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		c.AddIndex("idx_overlaps_idea", false, "idea", "")
		c.AddIndex("idx_overlaps_content", false, "content", "")
		c.AddIndex("idx_overlaps_site_status", false, "site, status", "")
		c.ListRule, c.ViewRule = types.Pointer(memberRead), types.Pointer(memberRead)
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("overlaps")
		if err != nil {
			return err
		}
		return app.Delete(c)
	})
}
