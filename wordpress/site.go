package wordpress

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/tenancy"
	"github.com/igny8/igny8/tools/wpclient"
	"github.com/pocketbase/pocketbase/core"
)

// Site statuses this package sets.
const (
	// SiteNew: added, or its URL or credentials changed, and not checked
	// since; nothing is published to it (RequireChecked).
	SiteNew       = "new"
	SiteConnected = "connected"
	SiteDegraded  = "degraded"
	SiteError     = "error"
	// SiteDisconnected: the plugin said it was deactivated, deleted or
	// linked to another igny8; nothing is published until a check passes.
	SiteDisconnected = "disconnected"
)

// ConnOf builds the connection of a site record, decrypting its secrets. When
// the site's breaker opens, the site is marked degraded.
func ConnOf(app core.App, site *core.Record) (wpclient.Conn, error) {
	pass, err := tenancy.Secret(app, site, "app_password")
	if err != nil {
		return wpclient.Conn{}, fmt.Errorf("site %s app password: %w", site.Id, err)
	}
	secret, err := tenancy.Secret(app, site, "bridge_secret")
	if err != nil {
		return wpclient.Conn{}, fmt.Errorf("site %s bridge secret: %w", site.Id, err)
	}
	id := site.Id
	return wpclient.Conn{
		Key: id, URL: site.GetString("url"), Username: site.GetString("wp_username"),
		AppPassword: pass, BridgeSecret: secret,
		Timeout: envDuration(EnvTimeout), HeaderTimeout: envDuration(EnvHeaderTimeout),
		OnBreak: func() { setSiteStatus(app, id, SiteDegraded) },
	}, nil
}

// Operator overrides of the per-request time bounds (Go durations, e.g. 90s).
const (
	EnvTimeout       = "IGNY8_WP_TIMEOUT"        // whole request; default DefaultTimeout
	EnvHeaderTimeout = "IGNY8_WP_HEADER_TIMEOUT" // until WordPress starts answering; default DefaultHeaderTimeout
)

// envDuration reads a positive duration from the environment; anything else
// is 0 (the default).
func envDuration(name string) time.Duration {
	d, err := time.ParseDuration(os.Getenv(name))
	if err != nil || d <= 0 {
		return 0
	}
	return d
}

// waitingStep describes a WordPress request a job waits on, in words.
func waitingStep(method, route string) string {
	what := "calling WordPress"
	switch {
	case strings.HasPrefix(route, "/wp/v2/media"), route == RouteUploadImage:
		what = "uploading an image"
	case route == RouteImportContent:
		what = "sending the post to the igny8 plugin"
	case strings.HasPrefix(route, "/wp/v2/posts") && method == http.MethodGet:
		what = "looking up the post"
	case route == "/wp/v2/posts":
		what = "creating the draft"
	case strings.HasPrefix(route, "/wp/v2/posts"):
		what = "updating the post"
	case strings.HasPrefix(route, "/wp/v2/categories"), strings.HasPrefix(route, "/wp/v2/tags"):
		what = "looking up or creating categories and tags"
	case route == RoutePullUpdates, route == RouteSyncSettings, strings.HasPrefix(route, "/wp/v2/users"), strings.HasPrefix(route, "/wp/v2/settings"):
		what = "reading the site's posts and settings"
	}
	return fmt.Sprintf("waiting for WordPress: %s (%s %s) since %s", what, method, route, time.Now().UTC().Format("15:04:05Z"))
}

// reportWaiting makes the job's step show each WordPress request the
// attempt waits on (jobs.step, seen through realtime).
func reportWaiting(ctx context.Context, job *jobs.Job) context.Context {
	return wpclient.WithWaiting(ctx, func(method, route string) { _ = job.Step(waitingStep(method, route)) })
}

// TransportOf returns the transport a site is configured for: the bridge
// plugin when the site's transport is "bridge" and it has a secret, else core
// REST with the application password. A site that has not passed a check
// (status new) gets ErrSiteNotChecked: publishing and sync send it nothing.
func TransportOf(app core.App, site *core.Record) (Transport, error) {
	if err := RequireChecked(site); err != nil {
		return nil, err
	}
	conn, err := ConnOf(app, site)
	if err != nil {
		return nil, err
	}
	c := wpclient.NewClient(conn)
	if site.GetString("transport") == "bridge" && conn.BridgeSecret != "" {
		return NewBridge(c), nil
	}
	return NewREST(c), nil
}

// setSiteStatus records a site's connection status, ignoring a missing site.
func setSiteStatus(app core.App, siteId, status string) {
	site, err := app.FindRecordById(collections.Sites, siteId)
	if err != nil || site.GetString("status") == status {
		return
	}
	site.Set("status", status)
	if err := app.Save(site); err != nil {
		app.Logger().Warn("wordpress: could not record site status", "site", siteId, "status", status, "error", err)
	}
}
