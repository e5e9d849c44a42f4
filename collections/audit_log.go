package collections

import "github.com/pocketbase/pocketbase/core"

// AuditLog records who did what to which record in which tenant. Only hooks
// write it; nobody can edit or delete an entry through the API.
const (
	AuditLog   = "audit_log"
	AuditLogId = "pbc_igny8_audit_log"
)

func buildAuditLog(c *core.Collection) {
	c.Fields.Add(
		&core.RelationField{Name: "tenant", CollectionId: TenantsId, MaxSelect: 1, CascadeDelete: true},
		&core.TextField{Name: "actor", Max: 40, Help: "user or superuser id; empty for the system"},
		&core.SelectField{Name: "actor_type", MaxSelect: 1, Values: []string{"user", "superuser", "system"}},
		&core.TextField{Name: "action", Required: true, Max: 60},
		&core.TextField{Name: "target_collection", Max: 60},
		&core.TextField{Name: "target", Max: 40},
		&core.JSONField{Name: "changes", MaxSize: 1 << 16},
	)
	c.Fields.Add(&core.AutodateField{Name: "created", OnCreate: true})
	c.AddIndex("idx_audit_log_tenant_created", false, "tenant, created", "")
	read := Ptr(MemberRule("tenant", RoleAdmin))
	SetRules(c, read, read, nil, nil, nil)
}
