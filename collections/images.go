package collections

import "github.com/pocketbase/pocketbase/core"

// Images belong to a content: one featured and N in-article images, stored as
// protected files so only the workspace can fetch them.
const (
	Images   = "images"
	ImagesId = "pbc_igny8_images"
)

// Image kinds (images.kind): one featured image per content, the others
// placed in the article.
const (
	ImageFeatured  = "featured"
	ImageInArticle = "in_article"
)

func buildImages(c *core.Collection) {
	TenantScoped(c, true)
	c.Fields.Add(
		&core.RelationField{Name: "content", CollectionId: ContentsId, Required: true, MaxSelect: 1, CascadeDelete: true},
		&core.SelectField{Name: "kind", Required: true, MaxSelect: 1, Values: []string{ImageFeatured, ImageInArticle}},
		&core.TextField{Name: "prompt", Max: ImagePromptMax},
		&core.FileField{Name: "file", MaxSelect: 1, MaxSize: 20 << 20, Protected: true,
			MimeTypes: []string{"image/png", "image/jpeg", "image/webp", "image/gif"},
			Thumbs:    []string{"160x90", "640x0"}},
		&core.TextField{Name: "alt", Max: ImageAltMax},
		&core.NumberField{Name: "position", Min: num(0), OnlyInt: true},
		&core.SelectField{Name: "status", MaxSelect: 1, Values: []string{"pending", "generating", "ready", "failed"}},
		&core.NumberField{Name: "width", Min: num(0), OnlyInt: true},
		&core.NumberField{Name: "height", Min: num(0), OnlyInt: true},
		&core.NumberField{Name: "wp_media_id", Min: num(0), OnlyInt: true},
		&core.TextField{Name: "wp_url", Max: 2000},
		&core.TextField{Name: "model", Max: 120},
		&core.NumberField{Name: "slot", Min: num(0), OnlyInt: true, Help: "the H2 (data-igny8-slot) an in-article image follows"},
		&core.TextField{Name: "error", Max: ImageErrorMax},
	)
	Timestamps(c)
	c.AddIndex("idx_images_content", false, "content, kind, position", "")
	PipelineRules(c, true)
}
