package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// exports and notifications. exports: a workspace's export zips (built by the
// export.workspace job), read by its admins and owners only, the file
// protected. notifications: what needs a person, per user and workspace, read
// and deleted by that user only. Both are new; the down drops them.
func init() {
	zero := 0.0
	m.Register(func(app core.App) error {
		admin := `@request.auth.collectionName = "users" && tenant.memberships_via_tenant.user ?= @request.auth.id && ` +
			`(tenant.memberships_via_tenant.role ?= "admin" || tenant.memberships_via_tenant.role ?= "owner")`
		x := core.NewBaseCollection("exports", "pbc_igny8_exports")
		x.Fields.Add(
			&core.RelationField{Name: "tenant", CollectionId: "pbc_igny8_tenants", Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.RelationField{Name: "user", CollectionId: "_pb_users_auth_", MaxSelect: 1, Help: "who asked for it"},
			&core.SelectField{Name: "status", Required: true, MaxSelect: 1, Values: []string{"queued", "running", "ready", "failed"}},
			&core.FileField{Name: "file", MaxSelect: 1, MaxSize: 8 << 30, Protected: true},
			&core.NumberField{Name: "size", OnlyInt: true, Min: &zero, Help: "bytes of the zip"},
			&core.JSONField{Name: "counts", MaxSize: 1 << 12, Help: "keywords, clusters, articles and images in the zip"},
			&core.TextField{Name: "job", Max: 40},
			&core.TextField{Name: "error", Max: 2000},
			&core.DateField{Name: "expires", Help: "the clean-up deletes the export and its file after this"},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		x.AddIndex("idx_exports_tenant", false, "tenant", "")
		x.AddIndex("idx_exports_expires", false, "expires", "")
		x.ListRule, x.ViewRule = &admin, &admin
		if err := app.Save(x); err != nil {
			return err
		}

		own := `@request.auth.collectionName = "users" && user = @request.auth.id`
		n := core.NewBaseCollection("notifications", "pbc_igny8_notifications")
		n.Fields.Add(
			&core.RelationField{Name: "user", CollectionId: "_pb_users_auth_", Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.RelationField{Name: "tenant", CollectionId: "pbc_igny8_tenants", Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.SelectField{Name: "kind", Required: true, MaxSelect: 1, Values: []string{"publish_failed", "credits_low", "credits_out",
				"payment_failed", "suspended", "automation_stalled", "invitation", "export_ready"}},
			&core.TextField{Name: "text", Required: true, Max: 500},
			&core.TextField{Name: "link", Max: 500, Help: "the app path where it is fixed, e.g. /t/acme/billing"},
			&core.BoolField{Name: "read"},
			&core.TextField{Name: "key", Required: true, Max: 300, Help: "once per user: the event it is about"},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		n.AddIndex("idx_notifications_user_key", true, "user, key", "")
		n.AddIndex("idx_notifications_user_created", false, "user, created", "")
		n.AddIndex("idx_notifications_tenant", false, "tenant", "")
		n.ListRule, n.ViewRule, n.DeleteRule = &own, &own, &own
		return app.Save(n)
	}, func(app core.App) error {
		for _, name := range []string{"notifications", "exports"} {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				continue
			}
			if err := app.Delete(c); err != nil {
				return err
			}
		}
		return nil
	})
}
