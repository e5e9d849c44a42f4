package wpimport

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

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
