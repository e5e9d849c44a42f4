package wpimport

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tools/keywordfile"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// shapeATables are the plan's custom tables (without prefix).
var shapeATables = []string{"igny8_keywords", "igny8_clusters", "igny8_content_ideas", "igny8_tasks", "igny8_prompts", "igny8_logs",
	"igny8_images", "igny8_schedules", "igny8_settings", "igny8_accounts", "igny8_links", "igny8_metrics"}

// known lists, per source, the columns or meta keys the import reads (or
// knowingly passes over); anything else is reported as not read.
var known = map[string][]string{
	"igny8_clusters":      {"id", "cluster_name", "name", "title", "description", "cluster_description", "intent", "status", "sector", "created_at", "updated_at", "keyword_count", "user_id", "tenant_id", "page_title", "target_url", "priority"},
	"igny8_keywords":      {"id", "keyword", "keyword_text", "name", "search_volume", "volume", "difficulty", "keyword_difficulty", "cpc", "intent", "cluster_id", "cluster", "status", "created_at", "updated_at", "user_id", "tenant_id", "sector"},
	"igny8_content_ideas": {"id", "idea_title", "title", "idea_description", "description", "cluster_id", "status", "content_type", "content_structure", "target_keywords", "keywords", "estimated_word_count", "word_count", "primary_keyword", "intent", "created_at", "updated_at", "user_id", "tenant_id"},
	"igny8_tasks":         {"id", "title", "task_title", "cluster_id", "idea_id", "task_type", "ai_model", "prompt", "status", "result", "error", "error_message", "post_id", "wp_post_id", "created_at", "updated_at", "user_id", "tenant_id"},
	"igny8_images":        {"id", "task_id", "post_id", "image_url", "url", "prompt", "image_prompt", "alt", "alt_text", "image_type", "type", "position", "attachment_id", "media_id", "status", "model", "ai_model", "created_at", "updated_at", "user_id", "tenant_id"},
	"igny8_prompts":       {"id", "prompt_type", "type", "prompt_name", "name", "title", "prompt_text", "template", "content", "system", "system_prompt", "created_at", "updated_at", "user_id", "tenant_id", "is_active", "active"},
	"igny8_schedules":     {"id", "schedule_type", "type", "task_type", "frequency", "cron", "spec", "interval", "enabled", "is_active", "status", "batch_size", "limit", "next_run", "last_run", "created_at", "updated_at", "user_id", "tenant_id"},
	"igny8_settings":      {"id", "setting_key", "key", "name", "option_name", "setting_value", "value", "scope", "created_at", "updated_at", "user_id", "tenant_id"},
	"post:keywords":       {"id", "title", "content", "status", "post_type", "slug", "date", "search_volume", "difficulty", "difficulty_level", "cpc", "cluster_relation", "tax:igny8_intent", "tax:igny8_sector", "fields"},
	"post:clusters":       {"id", "title", "content", "status", "post_type", "slug", "date", "cluster_page_title", "target_url", "priority", "tax:igny8_sector", "tax:igny8_intent", "fields"},
	"post:planner":        {"id", "title", "content", "status", "post_type", "slug", "date", "related_cluster", "status", "schedule_date", "refresh_after_days", "linked_wp_post", "tax:igny8_content_type", "tax:igny8_intent", "tax:igny8_voice_tone", "tax:igny8_tags", "tax:igny8_sector", "fields"},
	"post:profiles":       {"id", "title", "content", "status", "post_type", "slug", "date", "schema_hints", "product_facts", "tax:igny8_voice_tone", "tax:igny8_tags", "fields"},
}

// unknownCols notes the columns of r the import does not read.
func unknownCols(t *Table, src string, r row, seen map[string]bool) {
	for c := range r {
		if seen[c] {
			continue
		}
		seen[c] = true
		if !slices.Contains(known[src], c) {
			t.Unknown = append(t.Unknown, c)
			sort.Strings(t.Unknown)
		}
	}
}

// text reads the first present column, repairs its encoding (noted) and
// trims it.
func (im *importer) text(t *Table, legacy string, r row, names ...string) string {
	v, ok := r.get(names...)
	if !ok {
		return ""
	}
	fixed, how := repairText(v)
	if how != "" {
		im.rep.note(t, legacy, fmt.Sprintf("%s: %s", names[0], how))
	}
	return strings.TrimSpace(fixed)
}

// number reads a numeric column; text that is no number (or outside
// [lo, hi]) is left empty and noted.
func (im *importer) number(t *Table, legacy string, r row, lo, hi float64, names ...string) any {
	v, ok := r.get(names...)
	if !ok || strings.TrimSpace(v) == "" {
		return nil
	}
	if looksSerialized(v) {
		dv, _ := decodeValue(v)
		v = firstScalar(dv)
	}
	f, ok := legacyNumber(v)
	if !ok {
		im.rep.note(t, legacy, fmt.Sprintf("%s %q is not a number: left empty", names[0], clip(v)))
		return nil
	}
	if f < lo || f > hi {
		im.rep.note(t, legacy, fmt.Sprintf("%s %v is outside %v–%v: left empty", names[0], f, lo, hi))
		return nil
	}
	return f
}

// created reads a row's creation date; a zero date is noted and igny8's
// import time is used instead.
func (im *importer) created(t *Table, legacy string, r row, names ...string) time.Time {
	v, ok := r.get(names...)
	if !ok {
		return time.Time{}
	}
	tm, zero, ok := legacyTime(v)
	switch {
	case zero && strings.HasPrefix(strings.TrimSpace(v), "0000"):
		im.rep.note(t, legacy, names[0]+" is a zero date: the import time is used")
	case !ok:
		im.rep.note(t, legacy, fmt.Sprintf("%s %q is not a date: the import time is used", names[0], clip(v)))
	}
	return tm
}

// ref reads a relation column (an id, possibly serialized) as a legacy id.
func ref(prefix string, r row, names ...string) string {
	v, ok := r.get(names...)
	if !ok {
		return ""
	}
	if looksSerialized(v) {
		dv, _ := decodeValue(v)
		v = firstScalar(dv)
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || n <= 0 {
		return ""
	}
	return prefix + strconv.FormatInt(n, 10)
}

func clip(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}

func lower(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// status maps a legacy status through m; unknown values get def and a note.
func (im *importer) status(t *Table, legacy, raw string, m map[string]string, def string) string {
	key := strings.ReplaceAll(lower(raw), " ", "-")
	if key == "" {
		return def
	}
	if v, ok := m[key]; ok {
		return v
	}
	im.rep.note(t, legacy, fmt.Sprintf("unknown status %q: %s", clip(raw), def))
	return def
}

// legacy ids: "<table>#<id>" for the plan's tables, "post#<id>" for posts.
func aKey(table string, r row) string { return table + "#" + r["id"] }
func postKey(r row) string            { return "post#" + r["id"] }

// each streams a kind's rows from both shapes: the plan's table (if present)
// and the published plugin's post type group (if any).
func (im *importer) each(k string, table, group string, fn func(t *Table, src, legacy string, r row) error) error {
	t := im.rep.table(k, collectionOf(k))
	if table != "" && im.src.Has(table) {
		seen := map[string]bool{}
		if err := im.src.scanTable(im.ctx, table, func(r row) error {
			t.Source++
			im.rows++
			if known[table] != nil {
				unknownCols(t, table, r, seen)
			}
			return fn(t, table, aKey(table, r), r)
		}); err != nil {
			return err
		}
	}
	if group != "" && im.postCounts[group] > 0 {
		seen := map[string]bool{}
		if err := im.src.scanPosts(im.ctx, group, func(r row) error {
			t.Source++
			im.rows++
			if known["post:"+group] != nil {
				unknownCols(t, "post:"+group, r, seen)
			}
			return fn(t, "post:"+group, postKey(r), r)
		}); err != nil {
			return err
		}
	}
	return nil
}

func collectionOf(k string) string {
	if kd := kindByName(k); kd != nil {
		return kd.collection
	}
	if k == KindSettings {
		return collections.Tenants
	}
	return ""
}

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

// contents imports the WordPress posts igny8 content is linked to (planner
// items' _igny8_linked_wp_post, tasks' post ids): one content per post, its
// text from wp_posts; after the run each is adopted (wordpress.Adopt), so the
// next publish updates that post instead of creating another.
func (im *importer) contents(tx core.App) error {
	if !im.opts.wants(KindContents) {
		return nil
	}
	k := kindByName(KindContents)
	t := im.rep.table(KindContents, k.collection)
	ids := make([]int64, 0, len(im.linked))
	for id := range im.linked {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	found := map[int64]bool{}
	err := im.src.posts(im.ctx, ids, func(r row) error {
		id, _ := strconv.ParseInt(r["id"], 10, 64)
		found[id] = true
		t.Source++
		im.rows++
		legacy := postKey(r)
		link := im.linked[id]
		title := cleanSpace(im.text(t, legacy, r, "title"))
		if title == "" {
			title = fmt.Sprintf("(untitled post %d)", id)
			im.rep.note(t, legacy, "the post has no title: "+title)
		}
		status := collections.ContentDraft
		if r["status"] == "publish" {
			status = collections.ContentPublished
		}
		var sched any
		if link.scheduled != "" {
			if tm, zero, ok := legacyTime(link.scheduled); ok && !zero {
				sched = tm.Format(time.DateTime)
			} else {
				im.rep.note(t, legacy, fmt.Sprintf("schedule date %q is not a date: left empty", clip(link.scheduled)))
			}
		}
		it := &item{legacy: legacy, created: im.created(t, legacy, r, "date"), refs: map[string]string{"task": link.task},
			values: map[string]any{"title": title, "slug": r["slug"], "html": im.text(t, legacy, r, "content"), "status": status,
				"scheduled_at": sched, "publish_status": collections.PublishNone},
			extra: map[string]any{"wp_post_id": id}}
		rid, err := im.apply(tx, k, t, it)
		if err != nil || rid == "" {
			return err
		}
		var wp int
		_ = tx.DB().Select("wp_post_id").From(collections.Contents).Where(dbx.HashExp{"id": rid}).Row(&wp)
		if wp == 0 {
			im.adopts = append(im.adopts, adoption{content: rid, post: id})
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, id := range ids {
		if !found[id] {
			t.Source++
			im.rep.skip(t, fmt.Sprintf("post#%d", id), fmt.Sprintf("the linked WordPress post does not exist (named by %s)", im.linked[id].from))
		}
	}
	return nil
}

func (im *importer) images(tx core.App) error {
	if !im.opts.wants(KindImages) {
		return nil
	}
	k := kindByName(KindImages)
	return im.each(KindImages, "igny8_images", "", func(t *Table, src, legacy string, r row) error {
		content := ref("post#", r, "post_id")
		if content == "" || im.ids[KindContents+"|"+content] == "" {
			if p, ok := im.taskPost[ref("igny8_tasks#", r, "task_id")]; ok {
				content = fmt.Sprintf("post#%d", p)
			}
		}
		if content == "" || im.ids[KindContents+"|"+content] == "" {
			im.rep.skip(t, legacy, "the image belongs to no imported content (no linked post)")
			return nil
		}
		kind := collections.ImageInArticle
		if s := lower(r.str("image_type", "type")); s == "featured" || s == "thumbnail" || s == "featured_image" {
			kind = collections.ImageFeatured
		}
		url := im.text(t, legacy, r, "image_url", "url")
		status := "ready"
		if url == "" {
			status = "pending"
			im.rep.note(t, legacy, "the image has no URL: pending (igny8 can generate it)")
		}
		it := &item{legacy: legacy, created: im.created(t, legacy, r, "created_at"), refs: map[string]string{"content": content},
			values: map[string]any{"kind": kind, "prompt": im.text(t, legacy, r, "prompt", "image_prompt"), "alt": im.text(t, legacy, r, "alt", "alt_text"),
				"position": im.number(t, legacy, r, 0, 1e6, "position"), "status": status,
				"wp_media_id": im.number(t, legacy, r, 0, 1e15, "attachment_id", "media_id"), "wp_url": url,
				"model": im.text(t, legacy, r, "model", "ai_model")}}
		_, err := im.apply(tx, k, t, it)
		return err
	})
}

var promptTypes = map[string]string{"cluster": "clustering", "clustering": "clustering", "idea": "ideas", "ideas": "ideas",
	"content_ideas": "ideas", "content": "content", "article": "content", "content_generation": "content", "outline": "content_outline",
	"image": "image_prompts", "images": "image_prompts", "image_prompts": "image_prompts", "meta": "meta", "reparse": "reparse"}

// prompts imports the plan's prompt table and the published plugin's
// context profiles (their post content is a prompt template), inactive:
// the plugin's variables are not igny8's, so an admin reviews and activates.
func (im *importer) prompts(tx core.App) error {
	if !im.opts.wants(KindPrompts) {
		return nil
	}
	k := kindByName(KindPrompts)
	err := im.each(KindPrompts, "igny8_prompts", "profiles", func(t *Table, src, legacy string, r row) error {
		it := &item{legacy: legacy, created: im.created(t, legacy, r, "created_at", "date"), values: map[string]any{"active": false}}
		if src == "post:profiles" {
			it.values["type"] = "context_profile"
			it.values["name"] = cleanSpace(im.text(t, legacy, r, "title"))
			it.values["template"] = im.text(t, legacy, r, "content")
		} else {
			raw := lower(r.str("prompt_type", "type"))
			typ, ok := promptTypes[raw]
			if !ok {
				typ = "legacy_" + strings.ReplaceAll(raw, " ", "_")
				im.rep.note(t, legacy, fmt.Sprintf("prompt type %q has no igny8 counterpart: %s", clip(raw), typ))
			}
			it.values["type"] = typ
			it.values["name"] = cleanSpace(im.text(t, legacy, r, "prompt_name", "name", "title"))
			it.values["template"] = im.text(t, legacy, r, "prompt_text", "template", "content", "prompt")
			it.values["system"] = im.text(t, legacy, r, "system", "system_prompt")
		}
		if it.values["name"] == "" {
			it.values["name"] = fmt.Sprintf("%s %s", it.values["type"], legacy)
		}
		_, err := im.apply(tx, k, t, it)
		return err
	})
	if t := im.rep.table(KindPrompts, k.collection); t.Imported > 0 {
		im.rep.warn("%d prompts were imported inactive: the plugin's template variables differ from igny8's (docs/PROMPTS.md); review and activate them", t.Imported)
	}
	return err
}

// personas come from the published plugin's context profiles: the voice
// tone term, the schema hints (audience) and product facts (dos).
func (im *importer) personas(tx core.App) error {
	if !im.opts.wants(KindPersonas) {
		return nil
	}
	k := kindByName(KindPersonas)
	return im.each(KindPersonas, "", "profiles", func(t *Table, src, legacy string, r row) error {
		it := &item{legacy: legacy, created: im.created(t, legacy, r, "date"), values: map[string]any{
			"name":     cleanSpace(im.text(t, legacy, r, "title")),
			"tone":     strings.ReplaceAll(im.text(t, legacy, r, "tax:igny8_voice_tone"), "|", ", "),
			"audience": im.text(t, legacy, r, "schema_hints"),
			"dos":      stringList(im.text(t, legacy, r, "product_facts")),
			"donts":    []string{},
		}}
		if v, ok := it.values["dos"].([]string); ok && v == nil {
			it.values["dos"] = []string{}
		}
		_, err := im.apply(tx, k, t, it)
		return err
	})
}

var scheduleTypes = map[string]string{"cluster": "clustering", "clustering": "clustering", "auto_cluster": "clustering",
	"ideas": "ideas", "idea": "ideas", "idea_generation": "ideas", "content": "writing", "writing": "writing",
	"content_generation": "writing", "write": "writing", "images": "images", "image": "images", "image_generation": "images",
	"publish": "publishing", "publishing": "publishing"}

var frequencies = map[string]string{"hourly": "@every 1h", "twicedaily": "@every 12h", "twice_daily": "@every 12h",
	"daily": "@every 24h", "weekly": "@every 168h"}

// schedules update the site's existing igny8 schedule of the same type.
func (im *importer) schedules(tx core.App) error {
	if !im.opts.wants(KindSchedules) {
		return nil
	}
	k := kindByName(KindSchedules)
	return im.each(KindSchedules, "igny8_schedules", "", func(t *Table, src, legacy string, r row) error {
		raw := lower(r.str("schedule_type", "type", "task_type"))
		typ, ok := scheduleTypes[raw]
		if !ok {
			im.rep.skip(t, legacy, fmt.Sprintf("unknown schedule type %q", clip(raw)))
			return nil
		}
		spec := strings.TrimSpace(r.str("frequency", "cron", "spec", "interval"))
		if s, ok := frequencies[lower(spec)]; ok {
			spec = s
		} else if n, err := strconv.Atoi(spec); err == nil && n > 0 {
			spec = fmt.Sprintf("@every %ds", n) // WordPress cron intervals are seconds
		}
		if spec == "" {
			im.rep.skip(t, legacy, "the schedule has no frequency")
			return nil
		}
		enabled := false
		switch lower(r.str("enabled", "is_active", "status")) {
		case "1", "true", "yes", "on", "active", "enabled":
			enabled = true
		}
		it := &item{legacy: legacy, natural: typ, values: map[string]any{"spec": spec, "enabled": enabled,
			"batch_size": im.number(t, legacy, r, 0, 1e6, "batch_size", "limit")}}
		if it.values["batch_size"] == nil { // keep the site's own batch size
			var n int
			_ = tx.DB().Select("batch_size").From(collections.Schedules).Where(dbx.HashExp{"id": im.natural[KindSchedules+"|"+typ]}).Row(&n)
			it.values["batch_size"] = n
		}
		_, err := im.apply(tx, k, t, it)
		return err
	})
}

// jsonText renders a decoded value for the carried rows.
func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
