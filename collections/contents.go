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

// Editorial statuses of a content (contents.status): editors move draft and
// review, admins approve, and the WordPress publisher sets published.
const (
	ContentDraft     = "draft"
	ContentReview    = "review"
	ContentApproved  = "approved"
	ContentPublished = "published"
)

// ContentStatuses are the values of contents.status.
var ContentStatuses = []string{ContentDraft, ContentReview, ContentApproved, ContentPublished}

// Attributes the writer puts into article HTML; the sanitiser keeps exactly
// these data attributes so image placement survives every reparse, and the
// WordPress publisher finds the figures by them.
const (
	// AttrImage marks a <figure> holding an igny8 image; its value is the
	// images record id. The WordPress publisher rewrites the <img> inside.
	AttrImage = "data-igny8-image"
	// AttrSlot numbers the H2 sections (1-based) that can take an in-article image.
	AttrSlot = "data-igny8-slot"
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
		&core.SelectField{Name: "status", MaxSelect: 1, Values: ContentStatuses},
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
		&core.TextField{Name: "wp_fingerprint", Max: 64, Help: "SHA-256 of the post's text when WordPress and igny8 last agreed (publish, pulled edit)"},
		&core.NumberField{Name: "wp_version", Min: num(0), OnlyInt: true, Help: "the content version WordPress holds"},
		&core.JSONField{Name: "wp_conflict", MaxSize: 4096, Help: "set when the post was edited in WordPress while igny8's text changed too: {version, post_id, wp_modified, detected_at, igny8_version}"},
		&core.JSONField{Name: "gates", MaxSize: 1 << 16, Help: "the autopilot's quality gate results: checked, passed, failed gates with reasons"},
	)
	Timestamps(c)
	c.AddIndex("idx_contents_task", false, "task", "")
	c.AddIndex("idx_contents_site_status", false, "site, status", "")
	c.AddIndex("idx_contents_site_publish", false, "site, publish_status", "")
	PipelineRules(c, true)
}
