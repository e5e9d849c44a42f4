package wpimport

import (
	"errors"
	"net/http"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/hooks"
	"github.com/igny8/igny8/tenancy"
	"github.com/igny8/igny8/tools/wpclient"
	"github.com/igny8/igny8/wordpress"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

type handoverForm struct {
	Action string `json:"action"`
	Batch  string `json:"batch"`
}

// HookHandoverRoute is the id of the serve hook that mounts the handover route.
const HookHandoverRoute = "igny8.wpimport.handover"

func bindHandover(app core.App) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{Id: HookHandoverRoute, Func: func(se *core.ServeEvent) error {
		se.Router.POST("/api/igny8/sites/{site}/import-wp/handover", handoverRoute).
			Bind(apis.RequireAuth(collections.Users, core.CollectionNameSuperusers))
		return se.Next()
	}})
}

// handoverRoute (admin+): after the move, the linked Bridge plugin switches
// the old plugin's cron off and marks the site as managed by igny8 (action
// manage, optionally naming the import batch), undoes it (release), or
// reports (status). Needs the plugin: core REST cannot touch wp-cron.
func handoverRoute(e *core.RequestEvent) error {
	site, err := tenancy.RequireRecordWrite(e, collections.Sites, e.Request.PathValue("site"), collections.RoleAdmin)
	if err != nil {
		return err
	}
	var f handoverForm
	if e.Request.ContentLength > 0 {
		if err := e.BindBody(&f); err != nil {
			return apis.NewBadRequestError("The request body is not valid JSON.", nil)
		}
	}
	switch f.Action {
	case "":
		f.Action = wordpress.HandoverStatus
	case wordpress.HandoverStatus, wordpress.HandoverManage, wordpress.HandoverRelease:
	default:
		return bad("action is status, manage or release.", "action", "validation_invalid_value")
	}
	if f.Batch != "" {
		b, err := e.App.FindRecordById(collections.ImportBatches, f.Batch)
		if err != nil || b.GetString("site") != site.Id {
			return bad("batch is not an import batch of this site.", "batch", "validation_missing_rel_records")
		}
	}
	t, err := wordpress.TransportOf(e.App, site)
	if err != nil {
		return tenancy.APIError(err)
	}
	bt, ok := t.(*wordpress.BridgeTransport)
	if !ok {
		return tenancy.APIError(&tenancy.StateError{Msg: "Switching the old plugin's schedule off needs the igny8 Bridge plugin, linked (Sites → Connect with the plugin)."})
	}
	res, err := bt.Handover(e.Request.Context(), f.Action, f.Batch)
	if err != nil {
		var ae *wpclient.APIError
		if errors.As(err, &ae) && ae.Status == http.StatusNotFound {
			return tenancy.APIError(&tenancy.StateError{Msg: "The site's Bridge plugin is older than this step: update it (Sites → Connect with the plugin)."})
		}
		e.App.Logger().Warn("handover: the site did not answer", "site", site.Id, "error", err.Error())
		return apis.NewApiError(http.StatusBadGateway, "The site did not answer as expected; run the connection check (Sites → Check).", nil)
	}
	if f.Action != wordpress.HandoverStatus {
		hooks.Audit(e.App, e.Auth, site.GetString("tenant"), "site.handover_"+f.Action, site, map[string]any{"batch": f.Batch, "unscheduled": res.Unscheduled.Hooks})
	}
	return e.JSON(http.StatusOK, res)
}
