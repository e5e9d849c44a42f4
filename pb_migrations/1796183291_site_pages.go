package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// The site index (issue 21): site_pages, one record per published post or
// page of a site, read by members and written only by the wordpress.index
// job. The down drops the collection (the index is rebuilt by the next run).
func init() {
	const memberRead = `@request.auth.collectionName = "users" && tenant.memberships_via_tenant.user ?= @request.auth.id`
	m.Register(func(app core.App) error {
		min0 := 0.0
		c := core.NewBaseCollection("site_pages", "pbc_igny8_site_pages")
		c.Fields.Add(&core.RelationField{Name: "tenant", CollectionId: "pbc_igny8_tenants", Required: true, MaxSelect: 1, CascadeDelete: true})
		c.AddIndex("idx_site_pages_tenant", false, "tenant", "")
		c.Fields.Add(&core.RelationField{Name: "site", CollectionId: "pbc_igny8_sites", Required: true, MaxSelect: 1, CascadeDelete: true})
		c.AddIndex("idx_site_pages_site", false, "site", "")
		c.Fields.Add(
			&core.NumberField{Name: "wp_id", Min: &min0, OnlyInt: true, Help: "WordPress post id; 0 for a page known only from the sitemap"},
			&core.SelectField{Name: "kind", MaxSelect: 1, Values: []string{"post", "page"}},
			&core.TextField{Name: "url", Required: true, Max: 2000},
			&core.TextField{Name: "slug", Max: 200},
			&core.TextField{Name: "title", Max: 300},
			&core.JSONField{Name: "headings", MaxSize: 1 << 15, Help: "H2 and H3 texts in order"},
			&core.JSONField{Name: "categories", MaxSize: 1 << 14, Help: "category names"},
			&core.TextField{Name: "excerpt", Max: 1000, Help: "the page's first words, as text"},
			&core.NumberField{Name: "word_count", Min: &min0, OnlyInt: true},
			&core.DateField{Name: "published_at"},
			&core.DateField{Name: "modified_at"},
			&core.SelectField{Name: "source", MaxSelect: 1, Values: []string{"rest", "sitemap"}},
			&core.RelationField{Name: "content", CollectionId: "pbc_igny8_contents", MaxSelect: 1, Help: "the igny8 content published as this post"},
			&core.JSONField{Name: "embedding", Hidden: true, MaxSize: 1 << 17, Help: "vector of title, headings and excerpt (cannibalisation check)"},
			&core.TextField{Name: "embedding_key", Hidden: true, Max: 200, Help: "model and hash of the text the embedding was made of"},
			&core.DateField{Name: "indexed_at"},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		c.AddIndex("idx_site_pages_wp_id", true, "site, kind, wp_id", "wp_id > 0")
		c.AddIndex("idx_site_pages_url", false, "site, url", "")
		c.AddIndex("idx_site_pages_content", false, "content", "")
		c.ListRule, c.ViewRule = types.Pointer(memberRead), types.Pointer(memberRead)
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("site_pages")
		if err != nil {
			return err
		}
		return app.Delete(c)
	})
}
