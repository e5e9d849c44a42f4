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

// jsonText renders a decoded value for the carried rows.
func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
