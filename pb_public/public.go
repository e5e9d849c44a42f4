// Package public embeds the built web app (pb_public) into the binary and serves
// it, so igny8 ships as one file.
package public

import (
	"embed"
	"io/fs"
	"net/http"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// HookSecurity is the id of the serve hook that binds the security headers and CORS.
const HookSecurity = "igny8.public.security"

//go:embed index.html app.js app.css
var files embed.FS

// Register serves the embedded web app at / with SPA fallback, after every
// other route so API routes always win, and binds the security headers and
// the CORS policy for every answer (web app and API).
func Register(app core.App) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: HookSecurity,
		Func: func(se *core.ServeEvent) error {
			bindSecurityHeaders(se)
			bindCORS(se)
			return se.Next()
		},
	})
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: "igny8.public",
		Func: func(se *core.ServeEvent) error {
			if !se.Router.HasRoute(http.MethodGet, "/{path...}") {
				sub, _ := fs.Sub(files, ".")
				se.Router.GET("/{path...}", apis.Static(sub, true))
			}
			return se.Next()
		},
		Priority: 999,
	})
}
