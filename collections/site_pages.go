package collections

import "github.com/pocketbase/pocketbase/core"

// SitePages are the site index: one record per published post or page of a
// connected WordPress site (WordPress's own, igny8's or anyone's), read by
// the wordpress.index job through core REST, or from the sitemap when the
// REST API hides them. The cannibalisation check, the Optimizer and the
// Linker compare new work with it. Members read it; only the index job
// writes it (a record would otherwise claim a URL the site does not have).
const (
	SitePages   = "site_pages"
	SitePagesId = "pbc_igny8_site_pages"
)

// Kinds of an indexed page and where its record came from.
const (
	PageKindPost = "post"
	PageKindPage = "page"

	PageSourceREST    = "rest"
	PageSourceSitemap = "sitemap"
)

// Bounds of one index record: at most SitePageHeadingsMax headings (H2/H3)
// of SitePageHeadingMax characters each, and the page's first words as
// SitePageExcerptMax characters of text.
const (
	SitePageHeadingsMax = 40
	SitePageHeadingMax  = 200
	SitePageExcerptMax  = 1000
	SitePageTitleMax    = 300
	SitePageSlugMax     = 200
)

func buildSitePages(c *core.Collection) {
	TenantScoped(c, true)
	c.Fields.Add(
		&core.NumberField{Name: "wp_id", Min: num(0), OnlyInt: true, Help: "WordPress post id; 0 for a page known only from the sitemap"},
		&core.SelectField{Name: "kind", MaxSelect: 1, Values: []string{PageKindPost, PageKindPage}},
		&core.TextField{Name: "url", Required: true, Max: PageURLMax},
		&core.TextField{Name: "slug", Max: SitePageSlugMax},
		&core.TextField{Name: "title", Max: SitePageTitleMax},
		&core.JSONField{Name: "headings", MaxSize: 1 << 15, Help: "H2 and H3 texts in order"},
		&core.JSONField{Name: "categories", MaxSize: 1 << 14, Help: "category names"},
		&core.TextField{Name: "excerpt", Max: SitePageExcerptMax, Help: "the page's first words, as text"},
		&core.NumberField{Name: "word_count", Min: num(0), OnlyInt: true},
		&core.DateField{Name: "published_at"},
		&core.DateField{Name: "modified_at"},
		&core.SelectField{Name: "source", MaxSelect: 1, Values: []string{PageSourceREST, PageSourceSitemap}},
		&core.RelationField{Name: "content", CollectionId: ContentsId, MaxSelect: 1, Help: "the igny8 content published as this post"},
		&core.JSONField{Name: "embedding", Hidden: true, MaxSize: 1 << 17, Help: "vector of title, headings and excerpt (cannibalisation check)"},
		&core.TextField{Name: "embedding_key", Hidden: true, Max: 200, Help: "model and hash of the text the embedding was made of"},
		&core.DateField{Name: "indexed_at"},
	)
	Timestamps(c)
	c.AddIndex("idx_site_pages_wp_id", true, "site, kind, wp_id", "wp_id > 0")
	c.AddIndex("idx_site_pages_url", false, "site, url", "")
	c.AddIndex("idx_site_pages_content", false, "content", "")
	ReadOnlyRules(c)
}
