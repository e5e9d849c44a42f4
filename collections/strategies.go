package collections

import "github.com/pocketbase/pocketbase/core"

// Strategies are content rules the writer follows for every article of a site
// (or of the whole workspace when site is empty): always add an FAQ, never
// mention competitors, free-form house rules. Editors manage them.
const (
	Strategies   = "strategies"
	StrategiesId = "pbc_igny8_strategies"
)

// BuildStrategies is the schema of strategies, applied by the writer's migration.
func BuildStrategies(c *core.Collection) {
	TenantScoped(c, false)
	c.Fields.Add(
		&core.RelationField{Name: "site", CollectionId: SitesId, MaxSelect: 1, CascadeDelete: true, Help: "empty = every site of the workspace"},
		&core.TextField{Name: "name", Required: true, Max: 120},
		&core.TextField{Name: "rules", Max: 10000, Help: "free-form rules added to the writer's prompts"},
		&core.BoolField{Name: "always_faq"},
		&core.BoolField{Name: "always_conclusion"},
		&core.JSONField{Name: "never_mention", MaxSize: 1 << 14, Help: "list of names the articles must not mention"},
		&core.BoolField{Name: "active"},
	)
	Timestamps(c)
	c.AddIndex("idx_strategies_site", false, "site", "")
	read := MemberRule("tenant", RoleViewer)
	write := MemberRule("tenant", RoleEditor)
	siteOk := ` && (site = "" || site.tenant = tenant)`
	SetRules(c, Ptr(read), Ptr(read), Ptr(write+siteOk), Ptr(write+tenantFixed(false)+siteOk), Ptr(write))
}
