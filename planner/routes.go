package planner

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/igny8/igny8/ratelimit"
	"github.com/igny8/igny8/tools/keywordfile"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/hooks"
	"github.com/igny8/igny8/tenancy"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// MaxUploadBytes bounds an import request. It is above the parser's line
// limit so an oversized line gets the parser's clear error, not a bare 413.
const MaxUploadBytes = 128 << 20

// MaxPasteLines bounds one paste request.
const MaxPasteLines = 10_000

// HookRoutes is the id of the serve hook that mounts the planner routes.
const HookRoutes = "igny8.planner.routes"

func bindRoutes(app core.App) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{Id: HookRoutes, Func: func(se *core.ServeEvent) error {
		g := se.Router.Group("/api/igny8/planner").Bind(apis.RequireAuth())
		g.POST("/import", importRoute).Bind(apis.BodyLimit(MaxUploadBytes))
		g.POST("/import/preview", importPreviewRoute).Bind(apis.BodyLimit(MaxUploadBytes))
		g.POST("/keywords", pasteRoute)
		g.POST("/keywords/estimate", estimateRoute)
		g.POST("/keywords/cluster", bulkClusterRoute).Bind(ratelimit.AISpend(ratelimit.BodyRecord("tenant", collections.Tenants)))
		g.POST("/keywords/archive", bulkArchiveRoute)
		g.POST("/keywords/restore", bulkRestoreRoute)
		g.POST("/keywords/delete", bulkDeleteRoute)
		g.POST("/keywords/move", bulkMoveRoute)
		g.POST("/cluster", clusterRoute).Bind(ratelimit.AISpend(ratelimit.BodyRecord("site", collections.Sites)))
		g.POST("/ideas", ideasRoute).Bind(ratelimit.AISpend(ratelimit.BodyRecord("cluster", collections.Clusters, "site", collections.Sites)))
		g.GET("/clusters/suggestions", suggestionsRoute)
		g.POST("/clusters/{id}/merge", mergeRoute)
		g.POST("/clusters/{id}/split", splitRoute)
		g.POST("/ideas/queue", queueIdeasRoute)
		g.POST("/ideas/{id}/queue", queueIdeaRoute)
		return se.Next()
	}})
}

// siteFor loads the site a request names for a write (every planner route
// writes): the caller's role in its tenant and the workspace's writability.
func siteFor(e *core.RequestEvent, siteId, min string) (*core.Record, error) {
	if strings.TrimSpace(siteId) == "" {
		return nil, apis.NewBadRequestError("Missing site.", validation.Errors{"site": validation.NewError("validation_required", "Cannot be blank.")})
	}
	return tenancy.RequireRecordWrite(e, collections.Sites, siteId, min)
}

// fileErrorCode names a fatal parse error for clients.
func fileErrorCode(err error) string {
	for _, c := range []struct {
		err  error
		code string
	}{
		{keywordfile.ErrBinary, "binary"}, {keywordfile.ErrNoKeywordColumn, "no_keyword_column"}, {keywordfile.ErrLineTooLong, "line_too_long"},
		{keywordfile.ErrRagged, "ragged_rows"}, {keywordfile.ErrTooManyRows, "too_many_rows"}, {keywordfile.ErrEmpty, "empty"},
		{keywordfile.ErrTooManyColumns, "too_many_columns"}, {keywordfile.ErrFieldTooLong, "field_too_long"}, {keywordfile.ErrArchive, "archive"}, {keywordfile.ErrNoSheet, "no_sheet"},
	} {
		if errors.Is(err, c.err) {
			return c.code
		}
	}
	return ""
}

func pasteRoute(e *core.RequestEvent) error {
	var body struct {
		Site     string   `json:"site"`
		Keywords []string `json:"keywords"`
		Text     string   `json:"text"`
	}
	if err := e.BindBody(&body); err != nil {
		return apis.NewBadRequestError("The body is not valid JSON.", err)
	}
	site, err := siteFor(e, body.Site, collections.RoleEditor)
	if err != nil {
		return err
	}
	lines := body.Keywords
	if body.Text != "" {
		lines = append(lines, strings.Split(body.Text, "\n")...)
	}
	if len(lines) == 0 {
		return apis.NewBadRequestError("Send keywords (a list) or text (one keyword per line).",
			validation.Errors{"keywords": validation.NewError("validation_required", "Cannot be blank.")})
	}
	if len(lines) > MaxPasteLines {
		return apis.NewBadRequestError(fmt.Sprintf("At most %d lines per paste; import a file for more.", MaxPasteLines),
			validation.Errors{"keywords": validation.NewError("igny8_too_many", "Too many lines.")})
	}
	// The audit entry is written in the paste's own transaction: one turn of
	// the single SQLite writer per paste instead of two (under bench/load the
	// second one queued behind every other write). Audit still only logs a
	// failed entry, so the paste commits either way.
	var res *ImportResult
	err = e.App.RunInTransaction(func(tx core.App) error {
		var err error
		if res, err = ImportLines(tx, site, lines); err != nil {
			return err
		}
		hooks.Audit(tx, e.Auth, site.GetString("tenant"), "planner.paste", site, map[string]any{
			"imported": res.Imported, "existing": res.Updated, "duplicates": res.Duplicates, "rejected": res.Rejected})
		return nil
	})
	if err != nil {
		return apis.NewInternalServerError("Adding the keywords failed; nothing was changed.", err)
	}
	return e.JSON(http.StatusOK, res)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
