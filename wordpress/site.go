package wordpress

import (
	"fmt"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
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
)

// ConnOf builds the connection of a site record, decrypting its secrets. When
// the site's breaker opens, the site is marked degraded.
func ConnOf(app core.App, site *core.Record) (Conn, error) {
	pass, err := tenancy.Secret(app, site, "app_password")
	if err != nil {
		return Conn{}, fmt.Errorf("site %s app password: %w", site.Id, err)
	}
	secret, err := tenancy.Secret(app, site, "bridge_secret")
	if err != nil {
		return Conn{}, fmt.Errorf("site %s bridge secret: %w", site.Id, err)
	}
	id := site.Id
	return Conn{
		Key: id, URL: site.GetString("url"), Username: site.GetString("wp_username"),
		AppPassword: pass, BridgeSecret: secret,
		OnBreak: func() { setSiteStatus(app, id, SiteDegraded) },
	}, nil
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
	c := NewClient(conn)
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
