package wordpress

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// SyncResult counts what a sync changed.
type SyncResult struct {
	Seen     int  `json:"seen"`
	Updated  int  `json:"updated"`
	Settings bool `json:"settings"`
	// Edits: posts whose text edited in WordPress became a new version;
	// Conflicts: such edits kept beside an igny8 draft in progress.
	Edits     int `json:"edits"`
	Conflicts int `json:"conflicts"`
	// Clusters is the plugin's cluster map after the push (plugin only).
	Clusters *ClusterMap `json:"clusters,omitempty"`
	// SettingsChanged lists the mapped settings the sync changed on either
	// side (SettingsFieldMap; last writer wins, audited).
	SettingsChanged []SettingChange `json:"settings_changed,omitempty"`

	// More: there were more changes than one sync reads; the next continues.
	More bool `json:"more,omitempty"`
}

// syncOverlap re-reads a little before the last sync so clock skew between
// igny8 and WordPress loses no change.
const syncOverlap = 10 * time.Minute

// Sync pulls post status changes made in WordPress (published, scheduled,
// back to draft, trashed) into the site's contents, reads the site's
// settings (categories, authors, defaults) into the site, and pushes the
// site's igny8 defaults to the plugin.
func Sync(ctx context.Context, app core.App, site *core.Record) (*SyncResult, error) {
	t, err := TransportOf(app, site)
	if err != nil {
		return nil, err
	}
	return SyncWith(ctx, app, t, site)
}

// ErrMoreUpdates says a transport returned fewer changed posts than there are
// (a cap on pages): the sync keeps them and the next one continues after them.
var ErrMoreUpdates = errors.New("more post changes than one sync reads")

// SyncWith is Sync over a given transport. The watermark (last_sync) moves
// only past what was read: when reading stops early (a failed page, or more
// changes than one sync reads), it moves to the last change read, so the next
// sync starts there instead of skipping the rest.
func SyncWith(ctx context.Context, app core.App, t Transport, site *core.Record) (*SyncResult, error) {
	res := &SyncResult{}
	started := time.Now().UTC()
	since := site.GetDateTime("last_sync").Time().Add(-syncOverlap)
	if site.GetDateTime("last_sync").IsZero() {
		since = started.AddDate(0, 0, -90)
	}
	posts, err := t.Updates(ctx, since)
	res.More = errors.Is(err, ErrMoreUpdates)
	if err != nil && !res.More && len(posts) == 0 {
		return nil, fmt.Errorf("read post changes: %w", err)
	}
	readErr := err
	if res.More {
		readErr = nil
	}
	for _, p := range posts {
		res.Seen++
		outcome, updated, err := applyPost(app, site, p)
		if err != nil {
			return res, err
		}
		if updated {
			res.Updated++
		}
		switch outcome {
		case editPulled:
			res.Edits++
		case editConflict:
			res.Conflicts++
		}
	}
	watermark := started
	if readErr != nil || res.More {
		watermark = time.Time{}
		if n := len(posts); n > 0 {
			watermark = posts[n-1].Modified
		}
	}
	if readErr != nil {
		if watermark.After(site.GetDateTime("last_sync").Time()) {
			site.Set("last_sync", watermark)
			if err := app.Save(site); err != nil {
				return res, fmt.Errorf("save site: %w", err)
			}
		}
		return res, fmt.Errorf("read post changes (after %d): %w", len(posts), readErr)
	}
	var defaults map[string]any
	_ = site.UnmarshalJSONField("defaults", &defaults)
	settings, err := readSettings(ctx, t, site, defaults)
	if err != nil {
		return res, fmt.Errorf("read site settings: %w", err)
	}
	if res.SettingsChanged = applySettingsMerge(app, site, settings["fields"]); res.SettingsChanged != nil {
		defaults = nil
		_ = site.UnmarshalJSONField("defaults", &defaults)
	}
	clean := CleanSettings(settings)
	if clean.DefaultsPushed && sameJSON(settings["defaults"], defaults) {
		// The plugin stored what igny8 pushed: keep igny8's own copy, not the echo.
		clean.Defaults = defaults
	}
	site.Set("wp_settings", clean)
	if res.Clusters, err = pushClusters(ctx, app, t, site); err != nil {
		return res, err
	}
	if !watermark.IsZero() && watermark.After(site.GetDateTime("last_sync").Time()) {
		site.Set("last_sync", watermark)
	}
	if err := app.Save(site); err != nil {
		return res, fmt.Errorf("save site: %w", err)
	}
	res.Settings = true
	return res, nil
}

func sameJSON(a, b any) bool {
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && string(ja) == string(jb)
}

// contentOfPost finds the content a post belongs to: by the content id the
// plugin reports, else by the post id recorded on the site's contents. A
// content id on a post other than the one igny8 recorded for that content
// proves nothing (anything that can write post meta could copy it), so such
// a post never moves the content's status or URL.
func contentOfPost(app core.App, site *core.Record, p Post) (*core.Record, error) {
	if p.ContentID != "" {
		c, err := app.FindRecordById(collections.Contents, p.ContentID)
		if err == nil && c.GetString("site") == site.Id {
			if recorded := c.GetInt("wp_post_id"); recorded == 0 || recorded == p.ID {
				return c, nil
			}
		}
	}
	if p.ID == 0 {
		return nil, nil
	}
	return app.FindFirstRecordByFilter(collections.Contents, "site = {:s} && wp_post_id = {:p}", dbx.Params{"s": site.Id, "p": p.ID})
}

// applyPost brings one post's state (status, URL) and text into its content;
// the sync and the plugin's webhook run it the same way.
func applyPost(app core.App, site *core.Record, p Post) (edit string, updated bool, err error) {
	c, err := contentOfPost(app, site, p)
	if err != nil || c == nil {
		return editNone, false, nil
	}
	if applyPostState(c, p) {
		if err := app.Save(c); err != nil {
			return editNone, false, fmt.Errorf("update content %s: %w", c.Id, err)
		}
		updated = true
	}
	edit, err = applyPostText(app, c, p)
	if err != nil {
		return edit, updated, fmt.Errorf("content %s: %w", c.Id, err)
	}
	return edit, updated || edit == editPulled, nil
}

// applyPostState copies WordPress's status of a post onto its content and
// reports whether anything changed.
func applyPostState(c *core.Record, p Post) bool {
	before := c.GetString("wp_status") + "|" + c.GetString("publish_status") + "|" + c.GetString("wp_url")
	c.Set("wp_status", p.Status)
	if p.Link != "" && p.Status != PostTrash {
		c.Set("wp_url", p.Link)
	}
	switch p.Status {
	case PostPublish:
		c.Set("publish_status", collections.PublishPublished)
		if c.GetDateTime("published_at").IsZero() {
			c.Set("published_at", types.NowDateTime())
		}
	case PostFuture:
		c.Set("publish_status", collections.PublishScheduled)
	default: // draft, pending, private, trash: not public any more
		if c.GetString("publish_status") == collections.PublishPublished || c.GetString("publish_status") == collections.PublishScheduled {
			c.Set("publish_status", collections.PublishNone)
		}
	}
	return before != c.GetString("wp_status")+"|"+c.GetString("publish_status")+"|"+c.GetString("wp_url")
}

// EnqueueSync queues a sync of site (free; one at a time per site).
func EnqueueSync(app core.App, site *core.Record, createdBy string) (*core.Record, error) {
	return enqueueSiteJob(app, site, JobSync, createdBy)
}
