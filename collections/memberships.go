package collections

import "github.com/pocketbase/pocketbase/core"

// Memberships link users to tenants with a role. They are written only by the
// workspace routes, which enforce the last-owner and escalation rules.
const (
	Memberships   = "memberships"
	MembershipsId = "pbc_igny8_memberships"
)

func buildMemberships(c *core.Collection) {
	c.Fields.Add(
		&core.RelationField{Name: "user", CollectionId: UsersId, Required: true, MaxSelect: 1, CascadeDelete: true},
		&core.RelationField{Name: "tenant", CollectionId: TenantsId, Required: true, MaxSelect: 1, CascadeDelete: true},
		&core.SelectField{Name: "role", Required: true, MaxSelect: 1, Values: Roles},
		&core.RelationField{Name: "invited_by", CollectionId: UsersId, MaxSelect: 1},
	)
	Timestamps(c)
	c.AddIndex("idx_memberships_user_tenant", true, "user, tenant", "")
	c.AddIndex("idx_memberships_tenant_user", false, "tenant, user, role", "")
	read := Ptr(`user = @request.auth.id || (` + MemberRule("tenant", RoleViewer) + `)`)
	SetRules(c, read, read, nil, nil, nil)
}
