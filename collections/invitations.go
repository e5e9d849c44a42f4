package collections

import "github.com/pocketbase/pocketbase/core"

// Invitations are offers of a membership, addressed to an email, that the
// invited person accepts or declines. They are a collection of their own (not
// a status on memberships) so a pending invitation grants nothing: every API
// rule and tenancy check reads memberships only, and an invitation needs no
// user record, so inviting an address never creates an account that would
// block that person's own sign-up. Written only by the workspace routes.
const (
	Invitations   = "invitations"
	InvitationsId = "pbc_igny8_invitations"
)

// Invitation statuses.
const (
	InvitePending  = "pending"
	InviteAccepted = "accepted"
	InviteDeclined = "declined"
	InviteRevoked  = "revoked"
)

func buildInvitations(c *core.Collection) {
	c.Fields.Add(
		&core.RelationField{Name: "tenant", CollectionId: TenantsId, Required: true, MaxSelect: 1, CascadeDelete: true},
		&core.EmailField{Name: "email", Required: true},
		&core.SelectField{Name: "role", Required: true, MaxSelect: 1, Values: Roles},
		&core.SelectField{Name: "status", Required: true, MaxSelect: 1, Values: []string{InvitePending, InviteAccepted, InviteDeclined, InviteRevoked}},
		&core.RelationField{Name: "invited_by", CollectionId: UsersId, MaxSelect: 1},
		&core.RelationField{Name: "user", CollectionId: UsersId, MaxSelect: 1, Help: "who accepted or declined"},
		&core.TextField{Name: "token_hash", Hidden: true, Max: 64, Help: "sha256 of the invitation link's token"},
		&core.DateField{Name: "expires", Required: true},
	)
	Timestamps(c)
	c.AddIndex("idx_invitations_tenant_email_pending", true, "tenant, email", "status = 'pending'")
	c.AddIndex("idx_invitations_email", false, "email, status", "")
	// Admins see their workspace's invitations; the invited person sees theirs
	// through GET /api/igny8/invitations, which also shows the workspace's name.
	read := Ptr(MemberRule("tenant", RoleAdmin))
	SetRules(c, read, read, nil, nil, nil)
}
