package collections

import "github.com/pocketbase/pocketbase/core"

// Refreshes are the Optimizer's work items: a published post that needs a
// refresh (age, refresh_after_days, thin content, missing keywords of its
// cluster, falling clicks or positions), with the reasons; run, its sections
// are rewritten with AI as a new version of its content for review, which
// republishes to the same WordPress post. Members read them; the scan, the
// refresh job and the Optimizer's routes write them.
const (
	Refreshes   = "refreshes"
	RefreshesId = "pbc_igny8_refreshes"
)

// Refresh statuses.
const (
	RefreshSuggested = "suggested"
	RefreshQueued    = "queued"
	RefreshReview    = "review"
	RefreshPublished = "published"
	RefreshDismissed = "dismissed"
	RefreshFailed    = "failed"
)

// RefreshStatuses are the values of refreshes.status.
var RefreshStatuses = []string{RefreshSuggested, RefreshQueued, RefreshReview, RefreshPublished, RefreshDismissed, RefreshFailed}

// VersionRefresh is the content_versions source of a version the Optimizer wrote.
const VersionRefresh = "refresh"

func buildRefreshes(c *core.Collection) {
	TenantScoped(c, true)
	c.Fields.Add(
		&core.RelationField{Name: "content", CollectionId: ContentsId, MaxSelect: 1, CascadeDelete: true},
		&core.RelationField{Name: "page", CollectionId: SitePagesId, MaxSelect: 1},
		&core.TextField{Name: "url", Max: PageURLMax},
		&core.TextField{Name: "title", Max: SitePageTitleMax},
		&core.JSONField{Name: "reasons", MaxSize: 1 << 14, Help: "[{code, text}]: age, thin, missing_keywords, falling_clicks, falling_position, overlap"},
		&core.JSONField{Name: "missing_keywords", MaxSize: 1 << 14},
		&core.NumberField{Name: "score", Min: num(0)},
		&core.SelectField{Name: "status", MaxSelect: 1, Values: RefreshStatuses},
		&core.TextField{Name: "overlap", Max: 40, Help: "id of the overlap merged into this refresh"},
		&core.NumberField{Name: "version", Min: num(0), OnlyInt: true, Help: "the content version the refresh wrote"},
		&core.TextField{Name: "error", Max: 2000},
		&core.TextField{Name: "model", Max: 120},
	)
	Timestamps(c)
	c.AddIndex("idx_refreshes_content", false, "content", "")
	c.AddIndex("idx_refreshes_site_status", false, "site, status", "")
	ReadOnlyRules(c)
}
