package wpimport

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// The old plugin's internal links (the igny8_links table, the
// igny8_internal_links post type) become the Linker's internal_links: the
// ends are the imported contents where the legacy post became one (else the
// WordPress post id or the URL), the status keeps its meaning (an Approved
// link is inserted by the Linker's next run; an Inserted one is already in
// the post's text, put there by the old plugin), origin import.

func init() {
	known["igny8_links"] = []string{"id", "source_post", "source_page", "source_id", "source_url", "target_post", "target_page", "target_id", "target_url",
		"anchor_text", "anchor", "cluster_id", "cluster_reference", "priority", "link_type", "type", "status", "created_at", "updated_at", "user_id", "tenant_id"}
	known["post:links"] = []string{"id", "title", "content", "status", "post_type", "slug", "date", "source_page", "target_page", "anchor_text",
		"cluster_reference", "priority", "tax:igny8_link_type", "fields"}
}

var linkStatus = map[string]string{"suggested": collections.LinkSuggested, "pending": collections.LinkSuggested, "new": collections.LinkSuggested,
	"publish": collections.LinkSuggested, "draft": collections.LinkSuggested, "approved": collections.LinkApproved,
	"inserted": collections.LinkInserted, "active": collections.LinkInserted, "removed": collections.LinkRemoved,
	"rejected": collections.LinkRejected, "declined": collections.LinkRejected, "trash": collections.LinkRejected}

var linkTypes = map[string]string{"upward": collections.LinkUpward, "up": collections.LinkUpward, "downward": collections.LinkDownward,
	"down": collections.LinkDownward, "horizontal": collections.LinkHorizontal, "sibling": collections.LinkHorizontal}

var linkPriority = map[string]string{"high": collections.PriorityHigh, "medium": collections.PriorityMedium, "normal": collections.PriorityMedium,
	"low": collections.PriorityLow}

// linkEnd is one end of a legacy link: the imported content of the post
// (ref, its legacy id), else the post id or the URL as the key.
type linkEnd struct {
	ref, key, url string
	post          int
}

func (im *importer) linkEnd(raw string) (linkEnd, bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return linkEnd{}, false
	}
	if n, err := strconv.Atoi(raw); err == nil && n > 0 {
		e := linkEnd{post: n, key: "post:" + raw}
		legacy := "post#" + raw
		if id := im.ids[KindContents+"|"+legacy]; id != "" {
			e.ref, e.key = legacy, "content:"+id
		}
		return e, true
	}
	if u, err := url.Parse(raw); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		return linkEnd{key: "url:" + raw, url: raw}, true
	}
	return linkEnd{}, false
}

func (im *importer) links(tx core.App) error {
	if !im.opts.wants(KindLinks) {
		return nil
	}
	k := kindByName(KindLinks)
	var pairs []struct {
		Id string `db:"id"`
		S  string `db:"source_key"`
		T  string `db:"target_key"`
	}
	if err := tx.DB().Select("id", "source_key", "target_key").From(collections.InternalLinks).Where(dbx.HashExp{"site": im.site.Id}).All(&pairs); err != nil {
		return err
	}
	for _, p := range pairs {
		im.natural[KindLinks+"|"+p.S+" "+p.T] = p.Id
	}
	return im.each(KindLinks, "igny8_links", "links", func(t *Table, src, legacy string, r row) error {
		from, ok := im.linkEnd(im.text(t, legacy, r, "source_post", "source_page", "source_id", "source_url"))
		if !ok {
			im.rep.skip(t, legacy, "the link names no source post (a post id or a URL)")
			return nil
		}
		to, ok := im.linkEnd(im.text(t, legacy, r, "target_post", "target_page", "target_id", "target_url"))
		if !ok {
			im.rep.skip(t, legacy, "the link names no target post (a post id or a URL)")
			return nil
		}
		anchor := cleanSpace(im.text(t, legacy, r, "anchor_text", "anchor"))
		if anchor == "" {
			im.rep.skip(t, legacy, "the link has no anchor text")
			return nil
		}
		if from.ref == "" && from.url == "" && from.post > 0 {
			im.rep.note(t, legacy, "the source post is not an igny8 content: the link is kept, and the Linker can act on it once the post is adopted")
		}
		cluster := ref("igny8_clusters#", r, "cluster_id")
		if src == "post:links" {
			cluster = ref("post#", r, "cluster_reference")
		}
		typ := im.status(t, legacy, firstOf(r.str("tax:igny8_link_type", "link_type", "type")), linkTypes, collections.LinkHorizontal)
		it := &item{legacy: legacy, created: im.created(t, legacy, r, "created_at", "date"),
			natural: from.key + " " + to.key,
			refs:    map[string]string{"source_content": from.ref, "target_content": to.ref, "cluster": cluster},
			values: map[string]any{
				"source_post": from.post, "source_url": from.url, "source_key": from.key,
				"target_post": to.post, "target_url": to.url, "target_key": to.key,
				"anchor": anchor, "link_type": typ, "origin": collections.LinkOriginImport,
				"priority": im.status(t, legacy, r.str("priority"), linkPriority, collections.PriorityMedium),
				"status":   im.status(t, legacy, r.str("status"), linkStatus, collections.LinkSuggested),
			}}
		_, err := im.apply(tx, k, t, it)
		return err
	})
}

// firstOf is the first of a "|"-joined list of term names.
func firstOf(s string) string {
	first, _, _ := strings.Cut(s, "|")
	return first
}
