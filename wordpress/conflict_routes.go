package wordpress

import (
	"fmt"
	"net/http"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/hooks"
	"github.com/igny8/igny8/tenancy"
	"github.com/igny8/igny8/writer"
	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// CodeConflict is the error code of a publish refused because of a conflict.
const CodeConflict = "igny8_wp_conflict"

// Conflict resolutions (POST /api/igny8/contents/{id}/conflict {keep}).
const (
	KeepIgny8     = "igny8"
	KeepWordPress = "wordpress"
)

type versionText struct {
	Version int    `json:"version"`
	Source  string `json:"source"`
	Title   string `json:"title"`
	Slug    string `json:"slug"`
	HTML    string `json:"html"`
}

// getConflict shows both sides of a content's conflict (viewer+): igny8's
// current text and the version edited in WordPress. {conflict: null} when
// there is none.
func getConflict(e *core.RequestEvent) error {
	content, err := tenancy.RequireRecord(e.App, e.Auth, collections.Contents, e.Request.PathValue("content"), collections.RoleViewer)
	if err != nil {
		return tenancy.APIError(err)
	}
	if !hasConflict(content) {
		return e.JSON(http.StatusOK, map[string]any{"conflict": nil})
	}
	var cf Conflict
	_ = content.UnmarshalJSONField("wp_conflict", &cf)
	wp, err := versionOf(e.App, content, cf.Version)
	if err != nil {
		return apis.NewInternalServerError("Could not read WordPress's version.", err)
	}
	return e.JSON(http.StatusOK, map[string]any{
		"conflict": cf,
		"igny8":    versionText{Version: content.GetInt("version"), Title: content.GetString("title"), Slug: content.GetString("slug"), HTML: content.GetString("html")},
		"wordpress": versionText{Version: wp.GetInt("version"), Source: wp.GetString("source"), Title: wp.GetString("title"),
			Slug: wp.GetString("slug"), HTML: wp.GetString("html")},
	})
}

type resolveForm struct {
	Keep string `json:"keep"`
}

// resolveConflict ends a conflict (editor+). keep "wordpress": WordPress's
// version becomes the content's text again (a restore, so igny8's draft stays
// in the history) and WordPress holds the current version. keep "igny8": the
// draft stays; the next publish sends it to WordPress over the edit (which
// stays in the history). Audited either way.
func resolveConflict(e *core.RequestEvent) error {
	content, err := tenancy.RequireRecordWrite(e, collections.Contents, e.Request.PathValue("content"), collections.RoleEditor)
	if err != nil {
		return tenancy.APIError(err)
	}
	var f resolveForm
	if err := e.BindBody(&f); err != nil || (f.Keep != KeepIgny8 && f.Keep != KeepWordPress) {
		return apis.NewBadRequestError("Say which text to keep.",
			validation.Errors{"keep": validation.NewError("igny8_bad_keep", "igny8 or wordpress.")})
	}
	if !hasConflict(content) {
		return apis.NewBadRequestError("This content has no conflict with WordPress.", nil)
	}
	var cf Conflict
	_ = content.UnmarshalJSONField("wp_conflict", &cf)
	unlock := lockContent(content.Id)
	defer unlock()
	err = e.App.RunInTransaction(func(tx core.App) error {
		c, err := tx.FindRecordById(collections.Contents, content.Id)
		if err != nil {
			return err
		}
		if f.Keep == KeepWordPress {
			if err := writer.Restore(tx, c, cf.Version, tenancy.AuthId(e)); err != nil {
				return fmt.Errorf("restore WordPress's version: %w", err)
			}
			// a fresh copy: the restore's save numbered the version
			if c, err = tx.FindRecordById(collections.Contents, content.Id); err != nil {
				return err
			}
			c.Set("wp_version", c.GetInt("version"))
		}
		c.Set("wp_conflict", nil)
		if err := tx.Save(c); err != nil {
			return err
		}
		content = c
		return nil
	})
	if err != nil {
		return apis.NewBadRequestError("Could not resolve the conflict.", err)
	}
	hooks.Audit(e.App, e.Auth, content.GetString("tenant"), "content.wp_conflict_resolved", content, map[string]any{"keep": f.Keep, "version": cf.Version})
	return e.JSON(http.StatusOK, map[string]any{"keep": f.Keep, "version": content.GetInt("version"), "wp_version": content.GetInt("wp_version")})
}

func versionOf(app core.App, content *core.Record, v int) (*core.Record, error) {
	return app.FindFirstRecordByFilter(collections.ContentVersions, "content = {:c} && version = {:v}", dbx.Params{"c": content.Id, "v": v})
}
