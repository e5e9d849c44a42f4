package wordpress

import (
	"net/http"
	"sync"
	"time"

	"github.com/igny8/igny8/wordpress/plugin"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// RoutePluginZip is where the web app links the igny8 Bridge plugin's zip.
const RoutePluginZip = "/api/igny8/bridge/plugin.zip"

// pluginEpoch dates the zip's entries: the same binary always serves the same bytes.
var pluginEpoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

var pluginZip = sync.OnceValues(func() ([]byte, error) { return plugin.Zip(pluginEpoch) })

// downloadPlugin serves the plugin zip built from the sources embedded in this
// binary, so the plugin a customer installs always speaks this igny8's
// protocol. It is public: the plugin holds no secret (the link token does),
// and a browser download link carries no Authorization header.
func downloadPlugin(e *core.RequestEvent) error {
	b, err := pluginZip()
	if err != nil {
		return apis.NewInternalServerError("Could not build the plugin zip.", err)
	}
	h := e.Response.Header()
	h.Set("Content-Type", "application/zip")
	h.Set("Content-Disposition", `attachment; filename="igny8-bridge.zip"`)
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Igny8-Plugin-Version", plugin.Version())
	return e.Blob(http.StatusOK, "application/zip", b)
}
