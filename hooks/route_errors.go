package hooks

import (
	"strings"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/pocketbase/pocketbase/core"
)

// HookRouteErrors is the id of the router middleware that maps every error of
// igny8's own routes through tenancy.APIError.
const HookRouteErrors = "igny8.routeErrors"

// RoutePrefix is where igny8's own routes live.
const RoutePrefix = "/api/igny8/"

// bindRouteErrors makes tenancy.APIError the answer policy of every custom
// route: a route may return engine, billing and tenancy errors as they are and
// the client still gets the right status and a stable code, and an
// unexpected error becomes a 500 without its text. PocketBase's own routes
// are left alone.
func bindRouteErrors(app core.App) {
	app.OnServe().Bind(collections.Handler(HookRouteErrors, func(se *core.ServeEvent) error {
		se.Router.Bind(collections.Handler(HookRouteErrors, func(e *core.RequestEvent) error {
			if !strings.HasPrefix(e.Request.URL.Path, RoutePrefix) {
				return e.Next()
			}
			return tenancy.APIError(e.Next())
		}))
		return se.Next()
	}))
}
