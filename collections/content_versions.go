package collections

import "github.com/pocketbase/pocketbase/core"

// ContentVersions keep every generation and every edit of a content's text, so
// earlier versions stay readable and can be restored. Only the writer's hooks
// write them; members read them.
const (
	ContentVersions   = "content_versions"
	ContentVersionsId = "pbc_igny8_content_versions"
)

// Version sources: what produced a content version.
const (
	VersionGeneration = "generation"
	VersionEdit       = "edit"
	VersionRestore    = "restore"
	VersionReparse    = "reparse"
	VersionImages     = "images"
	// VersionWordPress: the text as edited in WordPress, pulled back by the
	// sync or the plugin's webhook (the web app shows "edited in WordPress").
	VersionWordPress = "wordpress"
)

// VersionSources are the values of content_versions.source.
var VersionSources = []string{VersionGeneration, VersionEdit, VersionRestore, VersionReparse, VersionImages, VersionWordPress, VersionRefresh}

// BuildContentVersions is the schema of content_versions, applied by the writer's migration.
func BuildContentVersions(c *core.Collection) {
	TenantScoped(c, true)
	c.Fields.Add(
		&core.RelationField{Name: "content", CollectionId: ContentsId, Required: true, MaxSelect: 1, CascadeDelete: true},
		&core.NumberField{Name: "version", Min: num(1), OnlyInt: true, Required: true},
		&core.SelectField{Name: "source", MaxSelect: 1, Values: VersionSources},
		&core.TextField{Name: "title", Max: 300},
		&core.TextField{Name: "slug", Max: 200},
		&core.TextField{Name: "html", Max: 2 << 20},
		&core.TextField{Name: "meta_title", Max: 200},
		&core.TextField{Name: "meta_description", Max: 500},
		&core.NumberField{Name: "word_count", Min: num(0), OnlyInt: true},
		&core.TextField{Name: "author", Max: 40, Help: "id of the user whose edit made this version; empty for jobs"},
		&core.TextField{Name: "model", Max: 120},
	)
	Timestamps(c)
	c.AddIndex("idx_content_versions_content", true, "content, version", "")
	read := Ptr(MemberRule("tenant", RoleViewer))
	SetRules(c, read, read, nil, nil, nil)
}
