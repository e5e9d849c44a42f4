package wordpress

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/hooks"
	"github.com/igny8/igny8/writer"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Fingerprint identifies a post's text as WordPress stores it (raw title and
// content). igny8 records it on the content whenever WordPress and igny8
// agree (after a publish, after pulling an edit), so a sync that reads
// another fingerprint knows the post was edited in WordPress.
func Fingerprint(title, content string) string {
	sum := sha256.Sum256([]byte(title + "\x00" + content))
	return hex.EncodeToString(sum[:])
}

// Conflict is recorded on a content (contents.wp_conflict) when the post was
// edited in WordPress while igny8's text had changed since the last publish
// (a draft in progress). Neither side is overwritten: WordPress's text is
// kept as version Version (source "wordpress"), igny8's stays the content's,
// and publishing waits until someone resolves it.
type Conflict struct {
	Version    int       `json:"version"`
	PostID     int       `json:"post_id"`
	Modified   time.Time `json:"wp_modified"`
	DetectedAt time.Time `json:"detected_at"`
	// Igny8Version is the content's version when the conflict was found.
	Igny8Version int `json:"igny8_version"`
}

// ErrConflict: publishing would overwrite an edit made in WordPress.
var ErrConflict = errors.New("the post was edited in WordPress while igny8's text changed too: resolve the conflict first (keep igny8's or WordPress's version)")

// Edit outcomes of applyPostText.
const (
	editNone     = ""
	editBaseline = "baseline" // first fingerprint recorded (post published before edits were tracked)
	editPulled   = "pulled"   // WordPress's text became a new version of the content
	editConflict = "conflict" // kept as a version beside igny8's draft in progress
)

// applyPostText brings text edited in WordPress into the content: a new
// version marked "edited in WordPress" when igny8's text is still the one it
// last published, else a conflict (both versions kept). It saves what it
// changes and reports what it did. A post whose text the transport did not
// report (an older plugin) and a content being published are left alone.
func applyPostText(app core.App, c *core.Record, p Post) (string, error) {
	if p.Title == "" && p.Content == "" {
		return editNone, nil
	}
	if c.GetString("publish_status") == collections.PublishPublishing || p.Status == PostTrash {
		return editNone, nil
	}
	fp := Fingerprint(p.Title, p.Content)
	stored := c.GetString("wp_fingerprint")
	if fp == stored {
		return editNone, nil
	}
	if stored == "" {
		c.Set("wp_fingerprint", fp)
		c.Set("wp_version", c.GetInt("version"))
		return editBaseline, app.Save(c)
	}
	title, body, err := pulledText(app, c, p)
	if err != nil {
		return editNone, err
	}
	if c.GetInt("version") != c.GetInt("wp_version") || hasConflict(c) {
		return editConflict, recordConflict(app, c, p, fp, title, body)
	}
	c.Set("title", title)
	c.Set("html", body.HTML)
	c.Set("word_count", body.WordCount)
	c.Set("reading_minutes", body.ReadingMinutes)
	c.Set("image_slots", body.Slots)
	c.Set("slug", pulledSlug(c, p))
	writer.MarkVersion(c, collections.VersionWordPress, "", "")
	c.Set("wp_fingerprint", fp)
	if err := app.Save(c); err != nil {
		return editNone, fmt.Errorf("save WordPress edit of %s: %w", c.Id, err)
	}
	// the version hook numbered the save; that version is what WordPress holds
	fresh, err := app.FindRecordById(collections.Contents, c.Id)
	if err != nil {
		return editNone, fmt.Errorf("reload %s: %w", c.Id, err)
	}
	fresh.Set("wp_version", fresh.GetInt("version"))
	if err := app.Save(fresh); err != nil {
		return editNone, fmt.Errorf("record version of %s: %w", c.Id, err)
	}
	c = fresh
	hooks.Audit(app, nil, c.GetString("tenant"), "content.wp_edit_pulled", c, map[string]any{"post_id": p.ID, "version": c.GetInt("version")})
	return editPulled, nil
}

// recordConflict stores WordPress's text as a version of its own (the
// content keeps igny8's draft) and marks the content.
func recordConflict(app core.App, c *core.Record, p Post, fp, title string, body writer.Parsed) error {
	return app.RunInTransaction(func(tx core.App) error {
		var n struct {
			V int `db:"v"`
		}
		if err := tx.DB().Select("COALESCE(MAX([[version]]), 0) AS v").From(collections.ContentVersions).
			Where(dbx.HashExp{"content": c.Id}).One(&n); err != nil {
			return fmt.Errorf("versions of %s: %w", c.Id, err)
		}
		next := max(n.V, c.GetInt("version")) + 1
		col, err := tx.FindCachedCollectionByNameOrId(collections.ContentVersions)
		if err != nil {
			return err
		}
		v := core.NewRecord(col)
		v.Load(map[string]any{
			"tenant": c.GetString("tenant"), "site": c.GetString("site"), "content": c.Id, "version": next,
			"source": collections.VersionWordPress, "title": collections.Truncate(title, 300), "slug": pulledSlug(c, p),
			"html": body.HTML, "meta_title": c.GetString("meta_title"), "meta_description": c.GetString("meta_description"),
			"word_count": body.WordCount,
		})
		if err := tx.Save(v); err != nil {
			return fmt.Errorf("save WordPress version of %s: %w", c.Id, err)
		}
		c.Set("wp_conflict", Conflict{Version: next, PostID: p.ID, Modified: p.Modified, DetectedAt: time.Now().UTC(), Igny8Version: c.GetInt("version")})
		c.Set("wp_fingerprint", fp)
		if err := tx.Save(c); err != nil {
			return fmt.Errorf("record conflict of %s: %w", c.Id, err)
		}
		hooks.Audit(tx, nil, c.GetString("tenant"), "content.wp_conflict", c, map[string]any{"post_id": p.ID, "version": next})
		return nil
	})
}

var (
	// tagRe finds the tags of a rendered title.
	tagRe     = regexp.MustCompile(`<[^>]*>`)
	markerRe  = regexp.MustCompile(`\s*<!--\s*igny8:content:[A-Za-z0-9_-]+\s*-->\s*`)
	wpFigRe   = regexp.MustCompile(`(?s)(?:<!--\s*wp:image[^>]*-->\s*)?<figure[^>]*>(.*?)</figure>(?:\s*<!--\s*/wp:image\s*-->)?`)
	wpImgIdRe = regexp.MustCompile(`wp-image-(\d+)`)
	imgSrcRe  = regexp.MustCompile(`<img[^>]*\ssrc="([^"]*)"`)
)

// pulledText turns a post's raw title and content into igny8's: the title
// as text, the body without igny8's marker comment, WordPress's figures of
// the content's own images back into the writer's figures (so a later publish
// finds them), then the writer's reparse (sanitised, slots, word count).
func pulledText(app core.App, c *core.Record, p Post) (string, writer.Parsed, error) {
	title := strings.TrimSpace(html.UnescapeString(tagRe.ReplaceAllString(p.Title, "")))
	if title == "" {
		title = c.GetString("title")
	}
	images, err := app.FindRecordsByFilter(collections.Images, "content = {:c} && tenant = {:t}", "", 0, 0,
		dbx.Params{"c": c.Id, "t": c.GetString("tenant")})
	if err != nil {
		return "", writer.Parsed{}, fmt.Errorf("images of %s: %w", c.Id, err)
	}
	byMedia, byURL := map[int]*core.Record{}, map[string]*core.Record{}
	for _, img := range images {
		if id := img.GetInt("wp_media_id"); id > 0 {
			byMedia[id] = img
		}
		if u := img.GetString("wp_url"); u != "" {
			byURL[u] = img
		}
	}
	body := markerRe.ReplaceAllString(p.Content, "\n")
	body = wpFigRe.ReplaceAllStringFunc(body, func(fig string) string {
		var img *core.Record
		if m := wpImgIdRe.FindStringSubmatch(fig); m != nil {
			id, _ := strconv.Atoi(m[1])
			img = byMedia[id]
		}
		if m := imgSrcRe.FindStringSubmatch(fig); img == nil && m != nil {
			img = byURL[html.UnescapeString(m[1])]
		}
		if img == nil {
			return fig
		}
		return writer.FigureHTML(writer.Figure{ImageId: img.Id, Src: writer.FileSrc(img.Id, img.GetString("file")), Alt: img.GetString("alt")})
	})
	parsed, err := writer.Reparse(body)
	if err != nil {
		return "", writer.Parsed{}, fmt.Errorf("reparse WordPress text of %s: %w", c.Id, err)
	}
	return collections.Truncate(title, collections.ContentTitleMax), parsed, nil
}

// hasConflict says whether content carries an unresolved conflict.
func hasConflict(c *core.Record) bool {
	var cf Conflict
	return c.UnmarshalJSONField("wp_conflict", &cf) == nil && cf.Version > 0
}

// pulledSlug is the post's slug, or the content's when WordPress has none
// (a draft's slug is empty until it is published).
func pulledSlug(c *core.Record, p Post) string {
	if s := collections.TransliteratedSlug(p.Slug, min(SlugMax, collections.ContentSlugMax)); s != "" {
		return s
	}
	return c.GetString("slug")
}
