package collections

import "github.com/pocketbase/pocketbase/core"

// Variations are alternative texts of one article for one set of
// visitor inputs (the old IGNY8 plugin's personalised rewrites: a post, the
// normalised inputs such as {"city":"Berlin"} and the HTML written for
// them). They are not content_versions: a version is a step in the
// article's one history (numbered, restorable as the article), a variation
// lives beside the article and means nothing without the inputs it was
// written for. Members read them; only the import writes them.
const (
	Variations   = "variations"
	VariationsId = "pbc_igny8_variations"

	// VariationHashLen is the length of inputs_hash (hex SHA-256).
	VariationHashLen = 64
)

func buildVariations(c *core.Collection) {
	TenantScoped(c, true)
	c.Fields.Add(
		&core.RelationField{Name: "content", CollectionId: ContentsId, MaxSelect: 1, CascadeDelete: true, Help: "the igny8 content of the post, if it is one"},
		&core.NumberField{Name: "wp_post_id", Min: num(0), OnlyInt: true, Help: "the WordPress post the variation rewrites"},
		&core.JSONField{Name: "inputs", MaxSize: 1 << 16, Help: "the visitor inputs it was written for (field → value)"},
		&core.TextField{Name: "inputs_hash", Max: VariationHashLen, Help: "SHA-256 of the normalised inputs (the plugin's fields_hash)"},
		&core.TextField{Name: "html", Max: 2 << 20},
	)
	Timestamps(c)
	c.AddIndex("idx_variations_post", true, "site, wp_post_id, inputs_hash", "")
	c.AddIndex("idx_variations_content", false, "content", "")
	ReadOnlyRules(c)
}
