package collections

import "github.com/pocketbase/pocketbase/core"

// Contents are written articles; each generation is a new version of a task's content.
const (
	Contents   = "contents"
	ContentsId = "pbc_igny8_contents"
)

// Publish statuses of a content, separate from its editorial status.
const (
	PublishNone       = "not_published"
	PublishScheduled  = "scheduled"
	PublishPublishing = "publishing"
	PublishPublished  = "published"
	PublishFailed     = "failed"
)

func buildContents(c *core.Collection) {
	TenantScoped(c, true)
	c.Fields.Add(
		&core.RelationField{Name: "task", CollectionId: TasksId, MaxSelect: 1},
		&core.NumberField{Name: "version", Min: num(0), OnlyInt: true},
		&core.TextField{Name: "title", Required: true, Max: ContentTitleMax},
		&core.TextField{Name: "slug", Max: ContentSlugMax},
		&core.TextField{Name: "html", Max: 2 << 20},
		&core.TextField{Name: "meta_title", Max: ContentMetaTitleMax},
		&core.TextField{Name: "meta_description", Max: ContentMetaDescriptionMax},
		&core.NumberField{Name: "word_count", Min: num(0), OnlyInt: true},
		&core.NumberField{Name: "reading_minutes", Min: num(0), OnlyInt: true},
		&core.SelectField{Name: "status", MaxSelect: 1, Values: []string{"draft", "review", "approved", "published"}},
		&core.SelectField{Name: "publish_status", MaxSelect: 1, Values: []string{PublishNone, PublishScheduled, PublishPublishing, PublishPublished, PublishFailed}},
		&core.DateField{Name: "scheduled_at"},
		&core.DateField{Name: "published_at"},
		&core.NumberField{Name: "wp_post_id", Min: num(0), OnlyInt: true},
		&core.TextField{Name: "wp_url", Max: 2000},
		&core.TextField{Name: "wp_status", Max: 40},
		&core.TextField{Name: "publish_error", Max: ContentPublishErrorMax},
		&core.JSONField{Name: "categories", MaxSize: 1 << 14},
		&core.JSONField{Name: "tags", MaxSize: 1 << 14},
		&core.TextField{Name: "model", Max: 120},
		&core.JSONField{Name: "image_slots", MaxSize: 1 << 16, Help: "H2 sections that can take an image, set by the writer's reparse"},
	)
	Timestamps(c)
	c.AddIndex("idx_contents_task", false, "task", "")
	c.AddIndex("idx_contents_site_status", false, "site, status", "")
	c.AddIndex("idx_contents_site_publish", false, "site, publish_status", "")
	PipelineRules(c, true)
}
