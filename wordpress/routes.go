package wordpress

import (
	"errors"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/hooks"
	"github.com/igny8/igny8/overlap"
	"github.com/igny8/igny8/tenancy"
	"github.com/igny8/igny8/tools/wpclient"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"
	"github.com/pocketbase/pocketbase/tools/types"
)

// HookRoutes is the id of the serve hook that mounts the site and publishing routes.
const HookRoutes = "igny8.wordpress.routes"

func bindRoutes(app core.App) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{Id: HookRoutes, Func: func(se *core.ServeEvent) error {
		g := se.Router.Group("/api/igny8").Bind(apis.RequireAuth(collections.Users, core.CollectionNameSuperusers))
		g.POST("/sites/{site}/check", checkSite)
		g.POST("/sites/{site}/link", linkSite)
		g.POST("/sites/{site}/link/confirm", confirmLinkCode)
		g.POST("/sites/{site}/sync", syncSite)
		g.POST("/sites/{site}/index", indexSite)
		g.POST("/contents/{content}/publish", publishContent)
		g.POST("/contents/{content}/unpublish", unpublishContent)
		g.GET("/contents/{content}/conflict", getConflict)
		g.POST("/contents/{content}/conflict", resolveConflict)
		bindBridgeCallbacks(se)
		se.Router.GET(RoutePluginZip, downloadPlugin)
		return se.Next()
	}})
}

// checkSite runs the connection doctor (admin+) and stores its report.
func checkSite(e *core.RequestEvent) error {
	site, err := tenancy.RequireRecordWrite(e, collections.Sites, e.Request.PathValue("site"), collections.RoleAdmin)
	if err != nil {
		return tenancy.APIError(err)
	}
	rep, err := CheckSite(e.Request.Context(), e.App, site)
	if err != nil {
		return apis.NewInternalServerError("Could not record the check.", err)
	}
	return e.JSON(http.StatusOK, rep)
}

type linkForm struct {
	Rotate bool `json:"rotate"`
}

// linkSite issues a link token for the bridge plugin (admin+). The site keeps
// its secret unless rotate is set, so re-issuing a token never breaks a link
// that works; rotating does until the new token is pasted. The transport
// switches to the plugin when a connection check finds the link working.
func linkSite(e *core.RequestEvent) error {
	site, err := tenancy.RequireRecordWrite(e, collections.Sites, e.Request.PathValue("site"), collections.RoleAdmin)
	if err != nil {
		return tenancy.APIError(err)
	}
	var f linkForm
	if e.Request.ContentLength > 0 {
		if err := e.BindBody(&f); err != nil {
			return apis.NewBadRequestError("The request body is not valid JSON.", err)
		}
	}
	secret, err := tenancy.Secret(e.App, site, "bridge_secret")
	if err != nil {
		return apis.NewInternalServerError("Could not read the site's secret.", err)
	}
	if secret == "" || f.Rotate || len(secret) < 32 {
		secret = NewSecret()
		site.Set("bridge_secret", secret)
		if err := e.App.Save(site); err != nil {
			return apis.NewBadRequestError("Could not save the site.", err)
		}
	}
	now := time.Now()
	tok, err := LinkToken(LinkOf(e.App, site), secret, now, LinkTTL)
	if err != nil {
		return apis.NewInternalServerError("Could not issue the token.", err)
	}
	hooks.Audit(e.App, e.Auth, site.GetString("tenant"), "site.link_token", site, map[string]any{"rotated": f.Rotate})
	return e.JSON(http.StatusOK, map[string]any{
		"token": tok, "expires": now.Add(LinkTTL).UTC(), "instance": Instance(e.App),
		"connect_url":  strings.TrimRight(site.GetString("url"), "/") + "/wp-json" + RouteConnect,
		"settings_url": strings.TrimRight(site.GetString("url"), "/") + "/wp-admin/options-general.php?page=igny8",
	})
}

type codeForm struct {
	Code string `json:"code"`
}

// confirmLinkCode finishes a link the plugin could not confirm by calling
// igny8 (igny8 unreachable from WordPress): the owner types the code the
// plugin showed, igny8 sends it back to the plugin signed with the site's
// secret, and the plugin stores the link (admin+).
func confirmLinkCode(e *core.RequestEvent) error {
	site, err := tenancy.RequireRecordWrite(e, collections.Sites, e.Request.PathValue("site"), collections.RoleAdmin)
	if err != nil {
		return tenancy.APIError(err)
	}
	var f codeForm
	if err := e.BindBody(&f); err != nil || !linkCodeShape.MatchString(strings.TrimSpace(f.Code)) {
		return apis.NewBadRequestError("Enter the 8-character code the plugin shows in Settings > igny8.",
			validation.Errors{"code": validation.NewError("igny8_bad_code", "Like ABCD-EFGH.")})
	}
	conn, err := ConnOf(e.App, site)
	if err != nil {
		return apis.NewInternalServerError("Could not read the site's secret.", err)
	}
	if conn.BridgeSecret == "" {
		return apis.NewBadRequestError("Create a link token first (Connect with the plugin).", nil)
	}
	conn.NoRetry = true
	if err := NewBridge(wpclient.NewClient(conn)).ConfirmLink(e.Request.Context(), strings.TrimSpace(f.Code)); err != nil {
		var ae *wpclient.APIError
		if errors.As(err, &ae) && (ae.Code == "igny8_wrong_code" || ae.Code == "igny8_no_pending_link") {
			return apis.NewBadRequestError(ae.Message, validation.Errors{"code": validation.NewError(ae.Code, ae.Message)})
		}
		return apis.NewApiError(http.StatusBadGateway, "The site could not be reached to confirm the link: "+err.Error(), nil)
	}
	relinked(e.App, site)
	hooks.Audit(e.App, e.Auth, site.GetString("tenant"), "site.link_confirmed", site, map[string]any{"via": "code"})
	return e.JSON(http.StatusOK, map[string]any{"linked": true})
}

var linkCodeShape = regexp.MustCompile(`^[A-Za-z0-9]{4}-?[A-Za-z0-9]{4}$`)

func syncSite(e *core.RequestEvent) error {
	site, err := tenancy.RequireRecordWrite(e, collections.Sites, e.Request.PathValue("site"), collections.RoleAdmin)
	if err != nil {
		return tenancy.APIError(err)
	}
	if err := RequireChecked(site); err != nil {
		return tenancy.APIError(err)
	}
	job, err := EnqueueSync(e.App, site, tenancy.AuthId(e))
	if err != nil {
		return tenancy.APIError(err)
	}
	return e.JSON(http.StatusAccepted, map[string]any{"job": job.Id, "status": job.GetString("status")})
}

type publishForm struct {
	ScheduledAt string `json:"scheduled_at"`
	// ScheduledLocal is a wall-clock time without a zone
	// ("2026-12-24T09:00"), read in the site's time zone
	// (collections.SiteTimezone): what the web app's date picker gives.
	ScheduledLocal string `json:"scheduled_local"`
	// Now drops an earlier schedule: the post goes out at once.
	Now bool `json:"now"`
}

// localLayouts are the accepted forms of scheduled_local.
var localLayouts = []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02 15:04:05"}

// parseLocal reads a zone-less wall-clock time in loc.
func parseLocal(s string, loc *time.Location) (time.Time, bool) {
	for _, l := range localLayouts {
		if t, err := time.ParseInLocation(l, strings.TrimSpace(s), loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// publishContent queues a publish job (editor+ for approved content, admin+
// otherwise; see PublishRole). With scheduled_at in the
// future the post is handed to WordPress as a scheduled ("future") post.
func publishContent(e *core.RequestEvent) error {
	content, err := tenancy.RequireRecordWrite(e, collections.Contents, e.Request.PathValue("content"), collections.RoleEditor)
	if err != nil {
		return tenancy.APIError(err)
	}
	if role := PublishRole(content); role != collections.RoleEditor {
		if _, err := tenancy.Require(e.App, e.Auth, content.GetString("tenant"), role); err != nil {
			return apis.NewForbiddenError("Only admins publish content that is not approved: submit it for review first.",
				validation.Errors{"status": validation.NewError("igny8_not_approved", "The content is "+content.GetString("status")+".")})
		}
	}
	var f publishForm
	if e.Request.ContentLength > 0 {
		if err := e.BindBody(&f); err != nil {
			return apis.NewBadRequestError("The request body is not valid JSON.", err)
		}
	}
	if strings.TrimSpace(content.GetString("html")) == "" {
		return apis.NewBadRequestError("The content has no article text yet; write it before publishing.", nil)
	}
	if err := requireCheckedSite(e.App, content); err != nil {
		return tenancy.APIError(err)
	}
	// the cannibalisation check: an undecided overlap with a page of the site
	// is answered 409 igny8_overlap with the pages and reasons
	if err := overlap.BeforePublish(e.Request.Context(), e.App, content); err != nil {
		if ae, ok := errors.AsType[*router.ApiError](err); ok {
			return ae
		}
		return apis.NewInternalServerError("Could not run the cannibalisation check.", err)
	}
	if f.Now && (f.ScheduledAt != "" || f.ScheduledLocal != "") {
		return apis.NewBadRequestError("Send either now or a schedule, not both.", nil)
	}
	if f.Now && !content.GetDateTime("scheduled_at").IsZero() {
		content.Set("scheduled_at", "")
		if err := e.App.Save(content); err != nil {
			return apis.NewBadRequestError("Could not clear the schedule.", err)
		}
	}
	timezone := ""
	if f.ScheduledLocal != "" {
		site, err := e.App.FindRecordById(collections.Sites, content.GetString("site"))
		if err != nil {
			return tenancy.APIError(err)
		}
		timezone = collections.SiteTimezone(site)
		local, ok := parseLocal(f.ScheduledLocal, collections.SiteLocation(site))
		if !ok {
			return apis.NewBadRequestError("scheduled_local must be a date and time like 2026-12-01T09:00 (in the site's time zone).",
				map[string]any{"scheduled_local": map[string]string{"code": "validation_invalid_date", "message": "Use a date and time like 2026-12-01T09:00."}})
		}
		f.ScheduledAt = local.UTC().Format(time.RFC3339)
	}
	if hasConflict(content) {
		return e.JSON(http.StatusConflict, map[string]any{"status": http.StatusConflict, "code": CodeConflict, "message": ErrConflict.Error(), "data": map[string]any{}})
	}
	if f.ScheduledAt != "" {
		at, err := types.ParseDateTime(f.ScheduledAt)
		if err != nil || at.IsZero() {
			return apis.NewBadRequestError("scheduled_at must be a date like 2026-12-01T09:00:00Z.",
				map[string]any{"scheduled_at": map[string]string{"code": "validation_invalid_date", "message": "Use an ISO 8601 date."}})
		}
		content.Set("scheduled_at", at)
		if err := e.App.Save(content); err != nil {
			return apis.NewBadRequestError("Could not save the schedule.", err)
		}
	}
	job, err := EnqueuePublish(e.App, content, "publish", tenancy.AuthId(e))
	if err != nil {
		return tenancy.APIError(err)
	}
	out := map[string]any{"job": job.Id, "status": job.GetString("status")}
	if f.ScheduledAt != "" {
		out["scheduled_at"] = content.GetDateTime("scheduled_at")
	}
	if timezone != "" {
		out["timezone"] = timezone
	}
	return e.JSON(http.StatusAccepted, out)
}

// unpublishContent queues turning the post back into a draft (editor+).
func unpublishContent(e *core.RequestEvent) error {
	content, err := tenancy.RequireRecordWrite(e, collections.Contents, e.Request.PathValue("content"), collections.RoleEditor)
	if err != nil {
		return tenancy.APIError(err)
	}
	if content.GetInt("wp_post_id") == 0 {
		return apis.NewBadRequestError("The content has not been published.", nil)
	}
	if err := requireCheckedSite(e.App, content); err != nil {
		return tenancy.APIError(err)
	}
	job, err := EnqueuePublish(e.App, content, "unpublish", tenancy.AuthId(e))
	if err != nil {
		return tenancy.APIError(err)
	}
	return e.JSON(http.StatusAccepted, map[string]any{"job": job.Id, "status": job.GetString("status")})
}

// requireCheckedSite refuses a publish to a content's site before a
// connection check passed (ErrSiteNotChecked, 409), instead of queueing a job
// that could only fail.
func requireCheckedSite(app core.App, content *core.Record) error {
	site, err := app.FindRecordById(collections.Sites, content.GetString("site"))
	if err != nil {
		return err
	}
	return RequireChecked(site)
}
