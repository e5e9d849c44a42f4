package collections

import "github.com/pocketbase/pocketbase/core"

// Overlaps are the cannibalisation check's findings: an idea or a content
// that targets what an existing page of the site (site_pages) or another
// igny8 content already covers, with the scores and the reasons, and the
// user's decision. Members read them; the check writes them and the decide
// route records the decision (editor+).
const (
	Overlaps   = "overlaps"
	OverlapsId = "pbc_igny8_overlaps"
)

// Overlap decisions (overlaps.status): open until someone decides; skip
// drops the idea (rejected) or keeps the article unpublished; merge turns the
// work into a refresh of the existing post (the Optimizer); go_ahead
// publishes or plans it anyway.
const (
	OverlapOpen    = "open"
	OverlapSkip    = "skip"
	OverlapMerge   = "merge"
	OverlapGoAhead = "go_ahead"
)

// OverlapStatuses are the values of overlaps.status.
var OverlapStatuses = []string{OverlapOpen, OverlapSkip, OverlapMerge, OverlapGoAhead}

func buildOverlaps(c *core.Collection) {
	TenantScoped(c, true)
	c.Fields.Add(
		&core.RelationField{Name: "idea", CollectionId: IdeasId, MaxSelect: 1, CascadeDelete: true},
		&core.RelationField{Name: "content", CollectionId: ContentsId, MaxSelect: 1, CascadeDelete: true},
		&core.RelationField{Name: "page", CollectionId: SitePagesId, MaxSelect: 1, Help: "the indexed page it overlaps"},
		&core.RelationField{Name: "other_content", CollectionId: ContentsId, MaxSelect: 1, Help: "the igny8 content it overlaps"},
		&core.TextField{Name: "url", Max: PageURLMax},
		&core.TextField{Name: "title", Max: SitePageTitleMax},
		&core.NumberField{Name: "score", Min: num(0), Max: num(1)},
		&core.NumberField{Name: "lexical", Min: num(0), Max: num(1)},
		&core.NumberField{Name: "semantic", Min: num(-1), Max: num(1), Help: "embedding cosine; 0 when not measured"},
		&core.JSONField{Name: "reasons", MaxSize: 1 << 14},
		&core.SelectField{Name: "status", MaxSelect: 1, Values: OverlapStatuses},
		&core.TextField{Name: "decided_by", Max: 40},
		&core.DateField{Name: "decided_at"},
		&core.TextField{Name: "refresh", Max: 40, Help: "id of the refresh a merge made"},
	)
	Timestamps(c)
	c.AddIndex("idx_overlaps_idea", false, "idea", "")
	c.AddIndex("idx_overlaps_content", false, "content", "")
	c.AddIndex("idx_overlaps_site_status", false, "site, status", "")
	ReadOnlyRules(c)
}
