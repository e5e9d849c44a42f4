package wpimport

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tools/keywordfile"
	"github.com/pocketbase/pocketbase/core"
)

var clusterStatus = map[string]string{"active": "active", "publish": "active", "draft": "active", "pending": "active", "private": "active",
	"new": "active", "archived": "archived", "inactive": "archived", "trash": "archived", "deleted": "archived"}

func (im *importer) clusters(tx core.App) error {
	if !im.opts.wants(KindClusters) {
		return nil
	}
	k := kindByName(KindClusters)
	return im.each(KindClusters, "igny8_clusters", "clusters", func(t *Table, src, legacy string, r row) error {
		extra := map[string]any{}
		for col, key := range map[string]string{"page_title": "page_title", "cluster_page_title": "page_title", "target_url": "target_url",
			"priority": "priority", "sector": "sector", "tax:igny8_sector": "sector"} {
			if v := im.text(t, legacy, r, col); v != "" {
				extra[key] = v
			}
		}
		it := &item{legacy: legacy, created: im.created(t, legacy, r, "created_at", "date"), values: map[string]any{
			"name":        cleanSpace(im.text(t, legacy, r, "cluster_name", "name", "title")),
			"description": im.text(t, legacy, r, "description", "cluster_description"),
			"intent":      lower(im.text(t, legacy, r, "intent", "tax:igny8_intent")),
			"status":      im.status(t, legacy, r.str("status"), clusterStatus, "active"),
		}}
		if src == "post:clusters" {
			it.values["description"] = im.text(t, legacy, r, "content")
		}
		if len(extra) > 0 {
			it.values["receipts"] = map[string]any{"wp_plugin": extra}
		}
		_, err := im.apply(tx, k, t, it)
		return err
	})
}

func (im *importer) keywords(tx core.App) error {
	if !im.opts.wants(KindKeywords) {
		return nil
	}
	k := kindByName(KindKeywords)
	return im.each(KindKeywords, "igny8_keywords", "keywords", func(t *Table, src, legacy string, r row) error {
		kw := cleanSpace(im.text(t, legacy, r, "keyword", "keyword_text", "name", "title"))
		if kw == "" {
			im.rep.skip(t, legacy, "the keyword is empty")
			return nil
		}
		n := keywordfile.Normalize(kw)
		if n == "" {
			im.rep.skip(t, legacy, "the keyword has no letters or digits")
			return nil
		}
		cluster := ref("igny8_clusters#", r, "cluster_id", "cluster")
		if src == "post:keywords" {
			cluster = ref("post#", r, "cluster_relation")
		}
		status := "new"
		if cluster != "" && im.ids[KindClusters+"|"+cluster] != "" {
			status = "clustered"
		}
		if s := lower(r.str("status")); s == "archived" || s == "trash" || s == "deleted" {
			status = "archived"
		}
		it := &item{legacy: legacy, natural: n, created: im.created(t, legacy, r, "created_at", "date"),
			refs: map[string]string{"cluster": cluster},
			values: map[string]any{"keyword": kw, "normalized": n, "source": "wp-plugin", "status": status,
				"volume":     im.number(t, legacy, r, 0, 1e12, "search_volume", "volume"),
				"difficulty": im.number(t, legacy, r, 0, 100, "difficulty", "keyword_difficulty", "difficulty_level"),
				"cpc":        im.number(t, legacy, r, 0, 1e6, "cpc"),
				"intent":     lower(im.text(t, legacy, r, "intent", "tax:igny8_intent")),
			}}
		_, err := im.apply(tx, k, t, it)
		return err
	})
}

var ideaStatus = map[string]string{"new": "new", "pending": "new", "draft": "new", "publish": "new", "approved": "approved",
	"rejected": "rejected", "queued": "queued", "scheduled": "queued", "generated": "done", "published": "done", "done": "done",
	"completed": "done", "refresh-scheduled": "approved"}

// contentTypes maps the plugin's igny8_content_type terms (and plain values)
// to igny8's content type and, for hub pages, the pillar structure.
var contentTypes = map[string][2]string{"hub page": {"page", "pillar"}, "sub page": {"page", ""}, "blog": {"post", ""},
	"blog post": {"post", ""}, "post": {"post", ""}, "page": {"page", ""}, "product page": {"product", ""}, "product": {"product", ""},
	"service page": {"page", ""}, "attribute page": {"page", ""}}

func (im *importer) contentType(t *Table, legacy, raw string) (string, string) {
	if raw == "" {
		return "", ""
	}
	first := strings.Split(raw, "|")[0]
	if ct, ok := contentTypes[lower(first)]; ok {
		return ct[0], ct[1]
	}
	im.rep.note(t, legacy, fmt.Sprintf("unknown content type %q: post", clip(first)))
	return "post", ""
}

func (im *importer) ideas(tx core.App) error {
	if !im.opts.wants(KindIdeas) {
		return nil
	}
	k := kindByName(KindIdeas)
	return im.each(KindIdeas, "igny8_content_ideas", "planner", func(t *Table, src, legacy string, r row) error {
		ct, structure := im.contentType(t, legacy, im.text(t, legacy, r, "content_type", "content_structure", "tax:igny8_content_type"))
		var words any
		if w := im.number(t, legacy, r, 0, collections.WordCountMax, "estimated_word_count", "word_count"); w != nil {
			words = w
		}
		cluster := ref("igny8_clusters#", r, "cluster_id")
		if src == "post:planner" {
			cluster = ref("post#", r, "related_cluster")
		}
		it := &item{legacy: legacy, created: im.created(t, legacy, r, "created_at", "date"), refs: map[string]string{"cluster": cluster},
			values: map[string]any{
				"title":           cleanSpace(im.text(t, legacy, r, "idea_title", "title")),
				"primary_keyword": cleanSpace(im.text(t, legacy, r, "primary_keyword")),
				"target_keywords": stringList(im.text(t, legacy, r, "target_keywords", "keywords")),
				"content_type":    ct, "structure": structure, "estimated_words": words,
				"intent": lower(im.text(t, legacy, r, "intent", "tax:igny8_intent")),
				"status": im.status(t, legacy, r.str("status"), ideaStatus, "new"),
			}}
		if d := im.text(t, legacy, r, "idea_description", "description", "content"); d != "" {
			it.values["outline"] = map[string]any{"summary": d}
		}
		if src == "post:planner" {
			if post := ref("", r, "linked_wp_post"); post != "" {
				id, _ := strconv.ParseInt(post, 10, 64)
				im.linked[id] = linkedPost{scheduled: r.str("schedule_date"), from: legacy}
			}
			if d := r.str("refresh_after_days"); d != "" {
				im.rep.note(t, legacy, fmt.Sprintf("refresh after %s days: igny8 has no refresh schedule per idea yet, kept in the outline", clip(d)))
				if it.values["outline"] == nil {
					it.values["outline"] = map[string]any{}
				}
				it.values["outline"].(map[string]any)["refresh_after_days"] = d
			}
		}
		_, err := im.apply(tx, k, t, it)
		return err
	})
}

var taskStatus = map[string]string{"pending": "queued", "queued": "queued", "new": "queued", "running": "in_progress",
	"processing": "in_progress", "in_progress": "in_progress", "in-progress": "in_progress", "completed": "done", "complete": "done",
	"done": "done", "success": "done", "published": "done", "failed": "failed", "error": "failed", "cancelled": "canceled", "canceled": "canceled"}

func (im *importer) tasks(tx core.App) error {
	if !im.opts.wants(KindTasks) {
		return nil
	}
	k := kindByName(KindTasks)
	return im.each(KindTasks, "igny8_tasks", "", func(t *Table, src, legacy string, r row) error {
		title := cleanSpace(im.text(t, legacy, r, "title", "task_title"))
		if title == "" {
			title = strings.TrimSpace(fmt.Sprintf("%s task %s", r.str("task_type"), r.str("id")))
			im.rep.note(t, legacy, "the task has no title: "+title)
		}
		status := im.status(t, legacy, r.str("status"), taskStatus, "queued")
		errText := im.text(t, legacy, r, "error", "error_message")
		if status == "failed" && errText == "" {
			errText = im.text(t, legacy, r, "result")
		}
		post := ref("", r, "post_id", "wp_post_id")
		if post == "" {
			if v, _ := decodeValue(r.str("result")); v != nil {
				if m, ok := v.(map[string]any); ok {
					post = ref("", row{"p": firstScalar(m["post_id"])}, "p")
				}
			}
		}
		it := &item{legacy: legacy, created: im.created(t, legacy, r, "created_at"),
			refs: map[string]string{"idea": ref("igny8_content_ideas#", r, "idea_id"), "cluster": ref("igny8_clusters#", r, "cluster_id")},
			values: map[string]any{"title": title, "brief": im.text(t, legacy, r, "prompt"), "status": status, "error": errText,
				"tone": ""}}
		if post != "" {
			id, _ := strconv.ParseInt(post, 10, 64)
			im.linked[id] = linkedPost{task: legacy, from: legacy}
			im.taskPost[legacy] = id
		}
		_, err := im.apply(tx, k, t, it)
		return err
	})
}
