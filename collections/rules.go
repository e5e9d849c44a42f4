package collections

import (
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// Role names of a membership, from least to most powerful.
const (
	RoleViewer = "viewer"
	RoleEditor = "editor"
	RoleAdmin  = "admin"
	RoleOwner  = "owner"
)

// Roles lists every role in ascending order of power.
var Roles = []string{RoleViewer, RoleEditor, RoleAdmin, RoleOwner}

// RolesAtLeast returns min and every role above it.
func RolesAtLeast(min string) []string {
	for i, r := range Roles {
		if r == min {
			return Roles[i:]
		}
	}
	return nil
}

// MemberRule returns an API rule that holds when the signed-in user has a
// membership of at least role min in the tenant reached by tenantPath
// ("tenant" for pipeline records, "id" for the tenants collection itself).
//
// All conditions use the same back-relation path with ?=, which PocketBase
// resolves through one join, so role and user are matched on the same row.
func MemberRule(tenantPath, min string) string {
	via := "memberships_via_tenant"
	if tenantPath != "id" {
		via = tenantPath + "." + via
	}
	rule := `@request.auth.collectionName = "users" && ` + via + `.user ?= @request.auth.id`
	if min == RoleViewer {
		return rule
	}
	parts := make([]string, 0, len(Roles))
	for _, r := range RolesAtLeast(min) {
		parts = append(parts, via+`.role ?= "`+r+`"`)
	}
	return rule + " && (" + strings.Join(parts, " || ") + ")"
}

// tenantFixed forbids moving a record to another tenant (or site) on update.
func tenantFixed(withSite bool) string {
	if withSite {
		return ` && @request.body.tenant:changed = false && @request.body.site:changed = false`
	}
	return ` && @request.body.tenant:changed = false`
}

// siteMatchesTenant makes a create or update point at a site of the same tenant.
const siteMatchesTenant = ` && site.tenant = tenant`

// PipelineRules applies the standard rules of a tenant-scoped record: members read,
// editors write, and records never move between tenants or sites.
func PipelineRules(c *core.Collection, withSite bool) {
	read := MemberRule("tenant", RoleViewer)
	write := MemberRule("tenant", RoleEditor)
	create := write
	update := write + tenantFixed(withSite)
	if withSite {
		create += siteMatchesTenant
		update += siteMatchesTenant
	}
	SetRules(c, Ptr(read), Ptr(read), Ptr(create), Ptr(update), Ptr(write))
}
