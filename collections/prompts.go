package collections

import "github.com/pocketbase/pocketbase/core"

// Prompts are the AI templates; an empty tenant marks the system default and a
// workspace's active prompt of the same type overrides it.
const (
	Prompts   = "prompts"
	PromptsId = "pbc_igny8_prompts"
)

func buildPrompts(c *core.Collection) {
	c.Fields.Add(
		&core.RelationField{Name: "tenant", CollectionId: TenantsId, MaxSelect: 1, CascadeDelete: true},
		&core.TextField{Name: "type", Required: true, Max: 60},
		&core.TextField{Name: "name", Required: true, Max: 200},
		&core.TextField{Name: "template", Required: true, Max: 100000},
		&core.TextField{Name: "system", Max: 20000, Help: "system message template"},
		&core.BoolField{Name: "active"},
	)
	Timestamps(c)
	c.AddIndex("idx_prompts_tenant_type", false, "tenant, type", "")
	read := Ptr(`(tenant = "" && @request.auth.collectionName = "users") || (` + MemberRule("tenant", RoleViewer) + `)`)
	admin := MemberRule("tenant", RoleAdmin)
	SetRules(c, read, read, Ptr(admin), Ptr(admin+tenantFixed(false)), Ptr(admin))
}
