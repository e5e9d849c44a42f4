package migrations

import (
	"slices"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// The Optimizer (issue 21): refreshes (a published post that needs a
// refresh, its reasons and the state of its rewrite), read by members and
// written by the scan, the refresh job and the Optimizer's routes; and the
// content_versions source "refresh" for the versions it writes. The down
// drops the collection and the source value (versions that carry it keep
// their text; their source reads empty).
func init() {
	const memberRead = `@request.auth.collectionName = "users" && tenant.memberships_via_tenant.user ?= @request.auth.id`
	m.Register(func(app core.App) error {
		min0 := 0.0
		c := core.NewBaseCollection("refreshes", "pbc_igny8_refreshes")
		c.Fields.Add(&core.RelationField{Name: "tenant", CollectionId: "pbc_igny8_tenants", Required: true, MaxSelect: 1, CascadeDelete: true})
		c.AddIndex("idx_refreshes_tenant", false, "tenant", "")
		c.Fields.Add(&core.RelationField{Name: "site", CollectionId: "pbc_igny8_sites", Required: true, MaxSelect: 1, CascadeDelete: true})
		c.AddIndex("idx_refreshes_site", false, "site", "")
		c.Fields.Add(
			&core.RelationField{Name: "content", CollectionId: "pbc_igny8_contents", MaxSelect: 1, CascadeDelete: true},
			&core.RelationField{Name: "page", CollectionId: "pbc_igny8_site_pages", MaxSelect: 1},
			&core.TextField{Name: "url", Max: 2000},
			&core.TextField{Name: "title", Max: 300},
			&core.JSONField{Name: "reasons", MaxSize: 1 << 14, Help: "[{code, text}]: age, thin, missing_keywords, falling_clicks, falling_position, overlap"},
			&core.JSONField{Name: "missing_keywords", MaxSize: 1 << 14},
			&core.NumberField{Name: "score", Min: &min0},
			&core.SelectField{Name: "status", MaxSelect: 1, Values: []string{"suggested", "queued", "review", "published", "dismissed", "failed"}},
			&core.TextField{Name: "overlap", Max: 40, Help: "id of the overlap merged into this refresh"},
			&core.NumberField{Name: "version", Min: &min0, OnlyInt: true, Help: "the content version the refresh wrote"},
			&core.TextField{Name: "error", Max: 2000},
			&core.TextField{Name: "model", Max: 120},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		c.AddIndex("idx_refreshes_content", false, "content", "")
		c.AddIndex("idx_refreshes_site_status", false, "site, status", "")
		c.ListRule, c.ViewRule = types.Pointer(memberRead), types.Pointer(memberRead)
		if err := app.Save(c); err != nil {
			return err
		}
		cv, err := app.FindCollectionByNameOrId("content_versions")
		if err != nil {
			return err
		}
		if f, ok := cv.Fields.GetByName("source").(*core.SelectField); ok && !slices.Contains(f.Values, "refresh") {
			f.Values = append(f.Values, "refresh")
		}
		return app.Save(cv)
	}, func(app core.App) error {
		cv, err := app.FindCollectionByNameOrId("content_versions")
		if err != nil {
			return err
		}
		if f, ok := cv.Fields.GetByName("source").(*core.SelectField); ok {
			f.Values = slices.DeleteFunc(f.Values, func(v string) bool { return v == "refresh" })
		}
		if err := app.Save(cv); err != nil {
			return err
		}
		c, err := app.FindCollectionByNameOrId("refreshes")
		if err != nil {
			return err
		}
		return app.Delete(c)
	})
}
