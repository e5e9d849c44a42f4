package public

import (
	"net/http"
	"os"
	"strings"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// Middleware ids, exported so tests and other packages can find, unbind or
// order around them.
const (
	MiddlewareSecurityHeaders = "igny8SecurityHeaders"
	MiddlewareCORS            = "igny8Cors" // replaces PocketBase's "*" CORS (pbCors)
)

// CORSOriginsEnv lists, comma-separated, the extra origins (scheme://host[:port])
// allowed to call the API from a browser, besides the app's own URL
// (Settings → Application URL).
const CORSOriginsEnv = "IGNY8_CORS_ORIGINS"

// Content-Security-Policy values. The web app loads only its own scripts and
// styles (/theme.js and the build's /assets/; no inline script or style, no
// eval), talks only to its own origin,
// and no page may frame it. API answers (JSON, uploaded files) get nothing at
// all to run, so an uploaded SVG or HTML file opened directly is inert.
const (
	CSPWebApp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
		"connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
	CSPAPI = "default-src 'none'; frame-ancestors 'none'; sandbox"
)

// hstsValue is sent only on answers that came over TLS (see overTLS).
const hstsValue = "max-age=31536000; includeSubDomains"

// bindSecurityHeaders puts the security headers on every answer of the web app
// and the API, errors and 404s included (it runs first, before CORS, the rate
// limiter and auth), in place of PocketBase's own security headers
// middleware. The admin UI at /_/ keeps PocketBase's own CSP (it needs inline
// styles and its map tiles), which PocketBase sets only when none is set.
func bindSecurityHeaders(se *core.ServeEvent) {
	se.Router.Unbind(apis.DefaultSecurityHeadersMiddlewareId)
	se.Router.Bind(&hook.Handler[*core.RequestEvent]{
		Id:       MiddlewareSecurityHeaders,
		Priority: apis.DefaultCorsMiddlewarePriority - 10,
		Func: func(e *core.RequestEvent) error {
			h := e.Response.Header()
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("Referrer-Policy", "no-referrer")
			h.Set("Cross-Origin-Opener-Policy", "same-origin")
			h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
			path := e.Request.URL.Path
			switch {
			case path == "/_" || strings.HasPrefix(path, "/_/"):
				h.Set("X-Frame-Options", "SAMEORIGIN")
			case strings.HasPrefix(path, "/api/"):
				h.Set("X-Frame-Options", "DENY")
				h.Set("Content-Security-Policy", CSPAPI)
			default:
				h.Set("X-Frame-Options", "DENY")
				h.Set("Content-Security-Policy", CSPWebApp)
			}
			if overTLS(e) {
				h.Set("Strict-Transport-Security", hstsValue)
			}
			return e.Next()
		},
	})
}

// overTLS reports whether the client reached igny8 over HTTPS: directly, or
// through a proxy the operator trusts (Settings → Trusted proxy headers) that
// says so in X-Forwarded-Proto.
func overTLS(e *core.RequestEvent) bool {
	if e.Request.TLS != nil {
		return true
	}
	if len(e.App.Settings().TrustedProxy.Headers) == 0 {
		return false
	}
	return strings.EqualFold(strings.TrimSpace(strings.Split(e.Request.Header.Get("X-Forwarded-Proto"), ",")[0]), "https")
}

// bindCORS replaces PocketBase's CORS middleware (which allows any origin by
// default) with one that allows the app's own URL and the origins listed in
// IGNY8_CORS_ORIGINS only. The web app itself is served from the same origin
// and needs no CORS at all.
func bindCORS(se *core.ServeEvent) {
	extra := map[string]bool{}
	for _, o := range strings.Split(os.Getenv(CORSOriginsEnv), ",") {
		if o = strings.TrimRight(strings.TrimSpace(o), "/"); o != "" {
			extra[o] = true
		}
	}
	app := se.App
	// Unbind excludes the id from every existing route, so ours needs its own.
	se.Router.Unbind(apis.DefaultCorsMiddlewareId)
	cors := apis.CORS(apis.CORSConfig{
		AllowOriginFunc: func(origin string) (bool, error) {
			return extra[origin] || origin != "" && origin == originOf(app.Settings().Meta.AppURL), nil
		},
		AllowMethods: []string{http.MethodGet, http.MethodHead, http.MethodPut, http.MethodPatch, http.MethodPost, http.MethodDelete},
	})
	cors.Id = MiddlewareCORS
	se.Router.Bind(cors)
}

// originOf returns scheme://host[:port] of a URL ("" if it has none).
func originOf(u string) string {
	scheme, rest, ok := strings.Cut(strings.TrimSpace(u), "://")
	if !ok || rest == "" {
		return ""
	}
	host, _, _ := strings.Cut(rest, "/")
	return strings.ToLower(scheme) + "://" + strings.ToLower(host)
}
