package collections

import "github.com/pocketbase/pocketbase/core"

// InternalLinks are the Linker's links between posts of one site, in the
// published IGNY8 plugin's model (its igny8_internal_links post type: source,
// target, anchor, cluster, priority, status, link type): suggested by the
// Linker (or moved in from the old plugin), inserted into the source post only
// after a member approved them, and removable again. A link goes into igny8's
// own article (source_content), which the publisher then sends to the same
// post; the target is another igny8 content or any post of the live site.
// source_key/target_key name the ends ("content:<id>", "post:<wp id>",
// "url:<url>") so that one pair is one record whatever path made it. Members
// read; only the Linker's routes and jobs write (status changes have effects
// on WordPress, so the collections API cannot make them).
const (
	InternalLinks   = "internal_links"
	InternalLinksId = "pbc_igny8_internal_links"
)

// Link statuses (internal_links.status): suggested → approved → inserted →
// removing → removed; a suggestion can be rejected instead. approved and
// removing are the requests the Linker's job carries out.
const (
	LinkSuggested = "suggested"
	LinkApproved  = "approved"
	LinkInserted  = "inserted"
	LinkRemoving  = "removing"
	LinkRemoved   = "removed"
	LinkRejected  = "rejected"
)

// LinkStatuses lists every link status.
var LinkStatuses = []string{LinkSuggested, LinkApproved, LinkInserted, LinkRemoving, LinkRemoved, LinkRejected}

// Link types (the old plugin's igny8_link_type terms): upward to the
// cluster's hub, downward from the hub to its articles, horizontal between
// siblings (or across clusters).
const (
	LinkUpward     = "upward"
	LinkDownward   = "downward"
	LinkHorizontal = "horizontal"
)

// Link priorities, as the old plugin's _igny8_priority.
const (
	PriorityHigh   = "high"
	PriorityMedium = "medium"
	PriorityLow    = "low"
)

// Where a link came from (internal_links.origin): from a new article to an
// existing post, back-filled from an older post to a new one, or moved in
// from the old plugin.
const (
	LinkOriginOutbound = "outbound"
	LinkOriginBackfill = "backfill"
	LinkOriginImport   = "import"
)

// Limits of the Linker.
const (
	// LinksPerPostMax caps the igny8 links inserted into one post: more
	// reads as spam to people and search engines.
	LinksPerPostMax = 5
	// LinkAnchorMax is the longest anchor text (a phrase, not a sentence).
	LinkAnchorMax = 200
	// LinkKeyMax bounds source_key/target_key ("url:" + a page URL).
	LinkKeyMax = 2100
)

// AttrLink marks an <a> the Linker inserted; its value is the link's record
// id, so a retry finds the link already in the text and a removal unwraps
// exactly that one.
const AttrLink = "data-igny8-link"

func buildInternalLinks(c *core.Collection) {
	TenantScoped(c, true)
	c.Fields.Add(
		&core.RelationField{Name: "source_content", CollectionId: ContentsId, MaxSelect: 1, CascadeDelete: true},
		&core.NumberField{Name: "source_post", OnlyInt: true, Min: num(0)},
		&core.TextField{Name: "source_url", Max: PageURLMax},
		&core.TextField{Name: "source_title", Max: 500},
		&core.TextField{Name: "source_key", Required: true, Max: LinkKeyMax},
		&core.RelationField{Name: "target_content", CollectionId: ContentsId, MaxSelect: 1, CascadeDelete: true},
		&core.NumberField{Name: "target_post", OnlyInt: true, Min: num(0)},
		&core.TextField{Name: "target_url", Max: PageURLMax},
		&core.TextField{Name: "target_title", Max: 500},
		&core.TextField{Name: "target_key", Required: true, Max: LinkKeyMax},
		&core.TextField{Name: "anchor", Required: true, Max: LinkAnchorMax},
		&core.RelationField{Name: "cluster", CollectionId: ClustersId, MaxSelect: 1},
		&core.SelectField{Name: "link_type", Required: true, MaxSelect: 1, Values: []string{LinkUpward, LinkDownward, LinkHorizontal}},
		&core.SelectField{Name: "priority", Required: true, MaxSelect: 1, Values: []string{PriorityHigh, PriorityMedium, PriorityLow}},
		&core.SelectField{Name: "status", Required: true, MaxSelect: 1, Values: LinkStatuses},
		&core.SelectField{Name: "origin", Required: true, MaxSelect: 1, Values: []string{LinkOriginOutbound, LinkOriginBackfill, LinkOriginImport}},
		&core.NumberField{Name: "score", Min: num(0), Help: "how well the anchor names the target (higher first)"},
		&core.TextField{Name: "reason", Max: 500, Help: "why the Linker suggests it, in words"},
		&core.TextField{Name: "error", Max: 500, Help: "why the last insert or removal could not be done"},
		&core.RelationField{Name: "decided_by", CollectionId: UsersId, MaxSelect: 1},
		&core.DateField{Name: "inserted_at"},
		&core.DateField{Name: "removed_at"},
	)
	Timestamps(c)
	c.AddIndex("idx_internal_links_pair", true, "site, source_key, target_key", "")
	c.AddIndex("idx_internal_links_source", false, "source_content, status", "")
	c.AddIndex("idx_internal_links_target", false, "target_content", "")
	c.AddIndex("idx_internal_links_status", false, "site, status", "")
	ReadOnlyRules(c)
}
