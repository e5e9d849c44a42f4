// Package public embeds the built web app into the binary and serves it, so
// igny8 ships as one file and `make run` needs no Node.
//
// The app's sources are in ui/; `make ui` builds them into dist/ here (the
// build owns that folder alone and empties it; the Go files beside it stay).
// dist/ is committed, the way PocketBase commits its admin UI's build, and a
// test (ui/e2e/build.spec.ts via make test) checks it matches ui/.
package public

import (
	"embed"
	"io/fs"
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// HookSecurity is the id of the serve hook that binds the security headers and CORS.
const HookSecurity = "igny8.public.security"

// HookWebApp is the id of the serve hook that mounts the web app (the
// catch-all GET route, bound last).
const HookWebApp = "igny8.public"

//go:embed all:dist
var files embed.FS

// Dist is the built web app (index.html at its root).
func Dist() fs.FS {
	sub, err := fs.Sub(files, "dist")
	if err != nil {
		panic(err) // cannot happen: dist is embedded
	}
	return sub
}

// Register serves the embedded web app at / with SPA fallback, after every
// other route so API routes always win, and binds the security headers and
// the CORS policy for every answer (web app and API).
func Register(app core.App) error {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: HookSecurity,
		Func: func(se *core.ServeEvent) error {
			bindSecurityHeaders(se)
			bindCORS(se)
			return se.Next()
		},
	})
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: HookWebApp,
		Func: func(se *core.ServeEvent) error {
			if !se.Router.HasRoute(http.MethodGet, "/{path...}") {
				static := apis.Static(Dist(), true)
				se.Router.GET("/{path...}", func(e *core.RequestEvent) error {
					e.Response.Header().Set("Cache-Control", cacheControl(e.Request.URL.Path))
					return static(e)
				})
			}
			return se.Next()
		},
		Priority: 999,
	})
	return nil
}

// MustRegister is [Register] that panics on an error.
func MustRegister(app core.App) {
	if err := Register(app); err != nil {
		panic(err)
	}
}

// cacheControl: the build's assets/ have content hashes in their names, so a
// browser keeps them for a year; everything else (index.html, whose asset names
// change with each build, theme.js, the SPA routes) is checked on every load.
func cacheControl(path string) string {
	if strings.HasPrefix(path, "/assets/") {
		return "public, max-age=31536000, immutable"
	}
	return "no-cache"
}
