package public_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	public "github.com/igny8/igny8/pb_public"
	"github.com/igny8/igny8/testapp"
)

func do(t *testing.T, method, url string, headers map[string]string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res
}

// checkStrict fails unless res carries the headers every answer must have and
// the CSP want.
func checkStrict(t *testing.T, what string, res *http.Response, wantCSP string) {
	t.Helper()
	h := res.Header
	for k, v := range map[string]string{
		"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY",
		"Content-Security-Policy": wantCSP,
	} {
		if got := h.Get(k); got != v {
			t.Errorf("%s (%d): %s = %q, want %q", what, res.StatusCode, k, got, v)
		}
	}
	csp := h.Get("Content-Security-Policy")
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("%s: CSP %q allows inline code or framing", what, csp)
	}
	if h.Get("Strict-Transport-Security") != "" {
		t.Errorf("%s: HSTS sent over plain HTTP", what)
	}
}

// TestSecurityHeaders: real answers of the web app and the API — pages,
// scripts, JSON, errors, 404s — all carry the strict headers; HSTS only when
// the request came over TLS through a trusted proxy.
func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	app := testapp.Factory(t)
	t.Cleanup(app.Cleanup)
	public.Register(app)
	srv := testapp.HTTPServer(t, app)
	for _, c := range []struct{ method, path, csp string }{
		{"GET", "/", public.CSPWebApp},
		{"GET", "/app.js", public.CSPWebApp},
		{"GET", "/app.css", public.CSPWebApp},
		{"GET", "/some/spa/route", public.CSPWebApp},
		{"GET", "/api/health", public.CSPAPI},
		{"GET", "/api/collections/keywords/records", public.CSPAPI}, // 200 empty for anonymous
		{"GET", "/api/igny8/workspaces", public.CSPAPI},             // 401
		{"POST", "/api/collections/nope/records", public.CSPAPI},    // 404
		{"DELETE", "/api/igny8/no-such-route", public.CSPAPI},       // no route
	} {
		checkStrict(t, c.method+" "+c.path, do(t, c.method, srv.URL+c.path, nil), c.csp)
	}
	if !strings.Contains(public.CSPWebApp, "script-src 'self';") {
		t.Fatalf("web app CSP lacks script-src 'self': %s", public.CSPWebApp)
	}

	// behind a trusted TLS-terminating proxy
	res := do(t, "GET", srv.URL+"/", map[string]string{"X-Forwarded-Proto": "https"})
	if res.Header.Get("Strict-Transport-Security") != "" {
		t.Error("HSTS trusted an X-Forwarded-Proto from an untrusted client")
	}
	app.Settings().TrustedProxy.Headers = []string{"X-Forwarded-For"}
	res = do(t, "GET", srv.URL+"/", map[string]string{"X-Forwarded-Proto": "https"})
	if got := res.Header.Get("Strict-Transport-Security"); !strings.HasPrefix(got, "max-age=") {
		t.Errorf("HSTS over TLS through a trusted proxy = %q", got)
	}
}

// TestCORS: a browser on another origin gets no CORS grant (PocketBase's
// default was "*"); the app's own URL and the origins in IGNY8_CORS_ORIGINS do.
func TestCORS(t *testing.T) {
	t.Setenv(public.CORSOriginsEnv, "https://partner.example.com, https://tools.example.org/")
	app := testapp.Factory(t)
	t.Cleanup(app.Cleanup)
	public.Register(app)
	app.Settings().Meta.AppURL = "https://app.igny8.example/"
	srv := testapp.HTTPServer(t, app)
	preflight := func(origin string) *http.Response {
		return do(t, http.MethodOptions, srv.URL+"/api/collections/keywords/records", map[string]string{
			"Origin": origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type"})
	}
	for origin, allowed := range map[string]bool{
		"https://evil.example":        false,
		"null":                        false,
		"https://app.igny8.example":   true,
		"https://partner.example.com": true,
		"https://tools.example.org":   true,
		"http://partner.example.com":  false,
	} {
		for name, res := range map[string]*http.Response{
			"preflight": preflight(origin),
			"GET":       do(t, http.MethodGet, srv.URL+"/api/health", map[string]string{"Origin": origin}),
		} {
			got := res.Header.Get("Access-Control-Allow-Origin")
			if allowed && got != origin || !allowed && got != "" {
				t.Errorf("%s from %s: Access-Control-Allow-Origin %q (allowed=%v)", name, origin, got, allowed)
			}
			if res.Header.Get("Content-Security-Policy") == "" {
				t.Errorf("%s from %s: no security headers", name, origin)
			}
		}
	}
}

// TestServedHeadersAndAdminUI runs the real binary: the web app has the strict
// CSP, the admin UI at /_/ still loads with PocketBase's own CSP (inline styles,
// its map tiles) and the other headers, and CORS no longer answers "*".
func TestServedHeadersAndAdminUI(t *testing.T) {
	t.Parallel()
	srv := testapp.Serve(t, t.TempDir())
	checkStrict(t, "served /", do(t, "GET", srv.URL+"/", nil), public.CSPWebApp)
	checkStrict(t, "served /api/health", do(t, "GET", srv.URL+"/api/health", nil), public.CSPAPI)

	req, _ := http.NewRequest("GET", srv.URL+"/_/", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), "<script") || strings.Contains(string(body), `id="kw"`) {
		t.Fatalf("admin UI: %d, not PocketBase's dashboard:\n%.300s", res.StatusCode, body)
	}
	csp := res.Header.Get("Content-Security-Policy")
	if csp == public.CSPWebApp || !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("admin UI CSP %q, want PocketBase's own", csp)
	}
	if res.Header.Get("X-Content-Type-Options") != "nosniff" || res.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("admin UI lacks the common headers: %v", res.Header)
	}
	pre := do(t, http.MethodOptions, srv.URL+"/api/health", map[string]string{"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"})
	if got := pre.Header.Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("served CORS grants %q to another origin", got)
	}
}
