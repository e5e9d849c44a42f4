package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Invitations: an invite is an offer the invited person accepts, kept apart from
// memberships so a pending one grants nothing and needs no user account.
func init() {
	m.Register(func(app core.App) error {
		c := core.NewBaseCollection("invitations", "pbc_igny8_invitations")
		c.Fields.Add(
			&core.RelationField{Name: "tenant", CollectionId: "pbc_igny8_tenants", Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.EmailField{Name: "email", Required: true},
			&core.SelectField{Name: "role", Required: true, MaxSelect: 1, Values: []string{"viewer", "editor", "admin", "owner"}},
			&core.SelectField{Name: "status", Required: true, MaxSelect: 1, Values: []string{"pending", "accepted", "declined", "revoked"}},
			&core.RelationField{Name: "invited_by", CollectionId: "_pb_users_auth_", MaxSelect: 1},
			&core.RelationField{Name: "user", CollectionId: "_pb_users_auth_", MaxSelect: 1, Help: "who accepted or declined"},
			&core.TextField{Name: "token_hash", Hidden: true, Max: 64, Help: "sha256 of the invitation link's token"},
			&core.DateField{Name: "expires", Required: true},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		c.AddIndex("idx_invitations_tenant_email_pending", true, "tenant, email", "status = 'pending'")
		c.AddIndex("idx_invitations_email", false, "email, status", "")
		read := `@request.auth.collectionName = "users" && tenant.memberships_via_tenant.user ?= @request.auth.id && ` +
			`(tenant.memberships_via_tenant.role ?= "admin" || tenant.memberships_via_tenant.role ?= "owner")`
		c.ListRule, c.ViewRule = types.Pointer(read), types.Pointer(read)
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("invitations")
		if err != nil {
			return nil
		}
		return app.Delete(c)
	})
}
