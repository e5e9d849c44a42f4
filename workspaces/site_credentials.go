package workspaces

import (
	"net/http"
	"strings"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/hooks"
	"github.com/igny8/igny8/tenancy"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

type credentialsForm struct {
	Transport    *string `json:"transport"`
	WPUsername   *string `json:"wp_username"`
	AppPassword  *string `json:"app_password"`
	BridgeSecret *string `json:"bridge_secret"`
}

// setSiteCredentials stores WordPress credentials. PocketBase drops hidden
// fields from non-superuser request bodies, so secrets cannot go through the
// collection API; admins set them here and the hooks encrypt them at rest. The
// response never echoes a secret, only whether one is set.
func setSiteCredentials(e *core.RequestEvent) error {
	site, err := tenancy.RequireRecordWrite(e, collections.Sites, e.Request.PathValue("site"), collections.RoleAdmin)
	if err != nil {
		return tenancy.APIError(err)
	}
	var f credentialsForm
	if err := e.BindBody(&f); err != nil {
		return apis.NewBadRequestError("The request body is not valid JSON.", err)
	}
	if f.Transport != nil && *f.Transport != "rest" && *f.Transport != "bridge" {
		return apis.NewBadRequestError("Transport must be rest or bridge.", fieldErrors(map[string]string{"transport": "Use rest or bridge."}))
	}
	set := func(field string, v *string) {
		if v != nil {
			site.Set(field, strings.TrimSpace(*v))
		}
	}
	set("transport", f.Transport)
	set("wp_username", f.WPUsername)
	set("app_password", f.AppPassword)
	set("bridge_secret", f.BridgeSecret)
	if err := e.App.Save(site); err != nil {
		return apis.NewBadRequestError("Could not save the credentials.", err)
	}
	hooks.Audit(e.App, e.Auth, site.GetString("tenant"), "site.credentials", site, map[string]any{
		"transport": site.GetString("transport"), "wp_username": site.GetString("wp_username"),
		"app_password_set": f.AppPassword != nil, "bridge_secret_set": f.BridgeSecret != nil,
	})
	return e.JSON(http.StatusOK, map[string]any{
		"id": site.Id, "transport": site.GetString("transport"), "wp_username": site.GetString("wp_username"),
		"app_password_set": site.GetString("app_password") != "", "bridge_secret_set": site.GetString("bridge_secret") != "",
	})
}
