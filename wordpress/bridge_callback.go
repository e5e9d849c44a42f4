package wordpress

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/igny8/igny8/hooks"
	"github.com/pocketbase/pocketbase/core"
)

// The plugin's calls to igny8, through igny8's public URL (PocketBase's
// Settings > Application URL, the iss of every link token). They carry no
// user: the confirm call is authenticated by the link token itself, notify by
// a signature with the site's bridge secret (the scheme igny8 signs with).
const (
	PathBridgeConfirm = "/api/igny8/bridge/confirm"
	PathBridgeNotify  = "/api/igny8/bridge/notify"
	// HeaderSite names the igny8 site a notify call is about.
	HeaderSite = "X-Igny8-Site"
)

// Bridge notify events.
const (
	EventDeactivated = "deactivated"
	EventReplaced    = "replaced"
	EventUninstalled = "uninstalled"
)

// CodeNotIssued is the error code of a refused confirm call; the plugin
// reads it to tell "igny8 said no" from "igny8 could not be reached".
const CodeNotIssued = "igny8_not_issued"

// maxCallbackBody bounds what the public callbacks read.
const maxCallbackBody = 16 << 10

func bindBridgeCallbacks(se *core.ServeEvent) {
	se.Router.POST(PathBridgeConfirm, bridgeConfirm).BindFunc(noStore)
	se.Router.POST(PathBridgeNotify, bridgeNotify).BindFunc(noStore)
	se.Router.POST(PathBridgePost, bridgePostChanged).BindFunc(noStore)
}

func noStore(e *core.RequestEvent) error {
	e.Response.Header().Set("Cache-Control", "no-store")
	return e.Next()
}

type confirmForm struct {
	Token string `json:"token"`
	Home  string `json:"home"`
}

// bridgeConfirm answers the plugin before it stores a link: did this igny8
// issue the token, for that site address, and is it still valid? The answer
// is the same for every refusal (no probing which sites exist).
func bridgeConfirm(e *core.RequestEvent) error {
	var f confirmForm
	if err := e.BindBody(&f); err != nil {
		return notIssued(e)
	}
	site, err := VerifyLinkToken(e.App, f.Token, f.Home)
	if err != nil {
		return notIssued(e)
	}
	relinked(e.App, site)
	hooks.Audit(e.App, nil, site.GetString("tenant"), "site.link_confirmed", site, map[string]any{"via": "callback"})
	return e.JSON(http.StatusOK, map[string]any{"ok": true, "site_id": site.Id})
}

// relinked moves a disconnected site back to new once its plugin is linked
// again: a connection check makes it connected.
func relinked(app core.App, site *core.Record) {
	if site.GetString("status") == SiteDisconnected {
		setSiteStatus(app, site.Id, SiteNew)
	}
}

func notIssued(e *core.RequestEvent) error {
	return e.JSON(http.StatusForbidden, map[string]any{"code": CodeNotIssued, "message": ErrNotIssued.Error()})
}

type notifyForm struct {
	Event string `json:"event"`
	Home  string `json:"home"`
}

// bridgeNotify takes the plugin's news about its link: deactivated, replaced
// by a link to another igny8, or uninstalled. The site becomes disconnected
// (publishing waits for a connection check that passes). The request is signed
// like igny8's own (see verifyBridgeCall).
func bridgeNotify(e *core.RequestEvent) error {
	site, body, err := verifyBridgeCall(e, PathBridgeNotify, maxCallbackBody)
	if err != nil {
		return refuseBridgeCall(e, err)
	}
	var f notifyForm
	if err := json.Unmarshal(body, &f); err != nil || (f.Event != EventDeactivated && f.Event != EventReplaced && f.Event != EventUninstalled) {
		return e.JSON(http.StatusBadRequest, map[string]any{"code": "igny8_bad_request", "message": "event must be deactivated, replaced or uninstalled."})
	}
	site.Set("status", SiteDisconnected)
	site.Set("last_check_result", map[string]any{"ok": false, "event": f.Event, "checked_at": time.Now().UTC(),
		"checks": []CheckResult{{Id: CheckPlugin, Status: Fail, Detail: disconnectedDetail[f.Event], Fix: "Activate and link the igny8 Bridge plugin again, then run the connection check."}}})
	if err := e.App.Save(site); err != nil {
		return e.JSON(http.StatusInternalServerError, map[string]any{"code": "igny8_error", "message": "Could not record the event."})
	}
	hooks.Audit(e.App, nil, site.GetString("tenant"), "site.bridge_"+f.Event, site, nil)
	return e.JSON(http.StatusOK, map[string]any{"ok": true})
}

var disconnectedDetail = map[string]string{
	EventDeactivated: "The igny8 Bridge plugin was deactivated on the site.",
	EventReplaced:    "The site's igny8 Bridge plugin was linked to another igny8 (this link was replaced).",
	EventUninstalled: "The igny8 Bridge plugin was deleted from the site.",
}
