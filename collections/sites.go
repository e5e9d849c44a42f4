package collections

import "github.com/pocketbase/pocketbase/core"

// Sites are a tenant's WordPress connections. Credentials are hidden and
// encrypted at rest by the hooks package.
const (
	Sites   = "sites"
	SitesId = "pbc_igny8_sites"
)

// SecretFields are the site fields stored encrypted.
var SecretFields = []string{"app_password", "bridge_secret"}

// EncryptedFields lists, per collection, every field stored encrypted: the
// encryption hook, `igny8 secrets rotate` and the re-encryption migration all
// read this one list.
var EncryptedFields = map[string][]string{
	Sites:   SecretFields,
	Tenants: TenantSecretFields,
}

// EncryptedCollections returns the keys of EncryptedFields in a fixed order.
func EncryptedCollections() []string { return []string{Sites, Tenants} }

func buildSites(c *core.Collection) {
	TenantScoped(c, false)
	c.Fields.Add(
		&core.TextField{Name: "name", Required: true, Max: 120},
		&core.URLField{Name: "url", Required: true},
		&core.SelectField{Name: "transport", MaxSelect: 1, Values: []string{"rest", "bridge"}},
		&core.TextField{Name: "wp_username", Max: 120},
		&core.TextField{Name: "app_password", Hidden: true, Max: 2000},
		&core.TextField{Name: "bridge_secret", Hidden: true, Max: 2000},
		&core.SelectField{Name: "status", MaxSelect: 1, Values: []string{"new", "connected", "degraded", "error", "disconnected"}},
		&core.DateField{Name: "last_check"},
		&core.JSONField{Name: "last_check_result", MaxSize: 1 << 16},
		&core.DateField{Name: "last_sync"},
		&core.JSONField{Name: "wp_settings", MaxSize: 1 << 18, Help: "categories, authors and defaults read from WordPress"},
		&core.JSONField{Name: "defaults", MaxSize: 1 << 16, Help: "per-site igny8 defaults (images per article, post status, ...)"},
		&core.TextField{Name: "timezone", Max: SiteTimezoneMax, Help: "IANA time zone of the site's schedules, e.g. Europe/Berlin (empty: WordPress's own, else UTC)"},
		&core.JSONField{Name: "settings_sync", MaxSize: 1 << 14, Help: "per mapped setting: when it last changed and on which side ({key: {at, by}}), for last-writer-wins"},
		&core.JSONField{Name: "bridge_seen", Hidden: true, MaxSize: 1 << 17, Help: "signatures of the plugin's calls accepted in the last 10 minutes (each is accepted once)"},
	)
	Timestamps(c)
	read := Ptr(MemberRule("tenant", RoleViewer))
	admin := MemberRule("tenant", RoleAdmin)
	SetRules(c, read, read, Ptr(admin), Ptr(admin+tenantFixed(false)), Ptr(admin))
}
