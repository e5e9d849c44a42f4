package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Search-performance figures (issue 17): keyword_metrics (one record per
// keyword, source and period) and page_metrics (per page URL of a site),
// both read by members of the workspace and written only by the import;
// keywords get the latest figures (clicks, impressions, ctr, position,
// metrics_source, metrics_period). The down drops both collections and the
// keyword fields (their figures are gone with them).
func init() {
	const memberRead = `@request.auth.collectionName = "users" && tenant.memberships_via_tenant.user ?= @request.auth.id`
	figures := func() []core.Field {
		min0, max100 := 0.0, 100.0
		return []core.Field{
			&core.NumberField{Name: "clicks", Min: &min0, OnlyInt: true},
			&core.NumberField{Name: "impressions", Min: &min0, OnlyInt: true},
			&core.NumberField{Name: "ctr", Min: &min0, Max: &max100, Help: "percent"},
			&core.NumberField{Name: "position", Min: &min0, Help: "average position; 0 when the source gave none"},
		}
	}
	period := func() []core.Field {
		return []core.Field{
			&core.TextField{Name: "source", Required: true, Max: 40},
			&core.TextField{Name: "period", Required: true, Max: 30, Help: "START..END (YYYY-MM-DD)"},
			&core.DateField{Name: "period_start", Required: true},
			&core.DateField{Name: "period_end", Required: true},
		}
	}
	scoped := func(name, id string) *core.Collection {
		c := core.NewBaseCollection(name, id)
		c.Fields.Add(&core.RelationField{Name: "tenant", CollectionId: "pbc_igny8_tenants", Required: true, MaxSelect: 1, CascadeDelete: true})
		c.AddIndex("idx_"+name+"_tenant", false, "tenant", "")
		c.Fields.Add(&core.RelationField{Name: "site", CollectionId: "pbc_igny8_sites", Required: true, MaxSelect: 1, CascadeDelete: true})
		c.AddIndex("idx_"+name+"_site", false, "site", "")
		return c
	}
	stamps := func(c *core.Collection) {
		c.Fields.Add(
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		c.ListRule, c.ViewRule = types.Pointer(memberRead), types.Pointer(memberRead)
		c.CreateRule, c.UpdateRule, c.DeleteRule = nil, nil, nil
	}
	m.Register(func(app core.App) error {
		kw, err := app.FindCollectionByNameOrId("keywords")
		if err != nil {
			return err
		}
		kw.Fields.Add(figures()...)
		kw.Fields.Add(
			&core.TextField{Name: "metrics_source", Max: 40},
			&core.TextField{Name: "metrics_period", Max: 30},
		)
		if err := app.Save(kw); err != nil {
			return err
		}

		km := scoped("keyword_metrics", "pbc_igny8_keyword_metrics")
		km.Fields.Add(&core.RelationField{Name: "keyword", CollectionId: "pbc_igny8_keywords", Required: true, MaxSelect: 1, CascadeDelete: true})
		km.Fields.Add(period()...)
		km.Fields.Add(figures()...)
		stamps(km)
		km.AddIndex("idx_keyword_metrics_period", true, "keyword, source, period", "")
		km.AddIndex("idx_keyword_metrics_site_end", false, "site, period_end", "")
		if err := app.Save(km); err != nil {
			return err
		}

		pm := scoped("page_metrics", "pbc_igny8_page_metrics")
		pm.Fields.Add(&core.TextField{Name: "url", Required: true, Max: 2000})
		pm.Fields.Add(period()...)
		pm.Fields.Add(figures()...)
		stamps(pm)
		pm.AddIndex("idx_page_metrics_period", true, "site, url, source, period", "")
		return app.Save(pm)
	}, func(app core.App) error {
		for _, name := range []string{"page_metrics", "keyword_metrics"} {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			if err := app.Delete(c); err != nil {
				return err
			}
		}
		kw, err := app.FindCollectionByNameOrId("keywords")
		if err != nil {
			return err
		}
		for _, f := range []string{"clicks", "impressions", "ctr", "position", "metrics_source", "metrics_period"} {
			kw.Fields.RemoveByName(f)
		}
		return app.Save(kw)
	})
}
