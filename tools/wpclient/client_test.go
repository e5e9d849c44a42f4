package wpclient_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"regexp"
	"strconv"
	"testing"

	"github.com/igny8/igny8/tools/safehttp"
	"github.com/igny8/igny8/tools/wpclient"
)

// loopback lets a test's client reach its httptest server (the guarded
// client refuses 127.0.0.1 unless allowed, as an operator would).
var loopback = &safehttp.Config{Policy: safehttp.Policy{Allow: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}}}

// TestSignedCall: a signed call carries a fresh nonce and a signature the
// plugin's formula verifies, over the route and the exact body.
func TestSignedCall(t *testing.T) {
	const secret = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	nonces := map[string]bool{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		ts, _ := strconv.ParseInt(r.Header.Get(wpclient.HeaderTimestamp), 10, 64)
		nonce := r.Header.Get(wpclient.HeaderNonce)
		want := wpclient.Sign(secret, r.Method, "/igny8/v1/status", ts, nonce, body)
		if r.Header.Get(wpclient.HeaderSignature) != want || nonces[nonce] || !regexp.MustCompile(`^[A-Za-z0-9_-]{8,64}$`).MatchString(nonce) {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"code":"igny8_bad_signature","message":"no"}`))
			return
		}
		nonces[nonce] = true
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"plugin_version":"1.3.0"}`))
	}))
	defer srv.Close()
	c := wpclient.NewClient(wpclient.Conn{Key: t.Name(), URL: srv.URL, BridgeSecret: secret, Net: loopback})
	for range 2 {
		var out struct {
			Version string `json:"plugin_version"`
		}
		if _, err := c.Do(context.Background(), wpclient.Call{Method: http.MethodPost, Route: "/igny8/v1/status", Body: map[string]any{"x": 1}, Auth: "signed"}, &out); err != nil || out.Version != "1.3.0" {
			t.Fatalf("signed call: %v %+v", err, out)
		}
	}
	if len(nonces) != 2 {
		t.Fatalf("%d distinct nonces for two calls", len(nonces))
	}
}

// TestAPIErrorKeepsOnlyAWordPressError: a WordPress-shaped error keeps its
// code and message; any other answer is described, never repeated.
func TestAPIErrorKeepsOnlyAWordPressError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("rest_route") != "" || r.URL.Path == "/wp-json/wp/v2/posts" {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(`{"code":"rest_forbidden","message":"Sorry, you are not allowed to do that."}`))
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte(`<html>secret admin token</html>`))
	}))
	defer srv.Close()
	c := wpclient.NewClient(wpclient.Conn{Key: t.Name(), URL: srv.URL, Net: loopback, NoRetry: true})
	_, err := c.Do(context.Background(), wpclient.Call{Method: http.MethodGet, Route: "/wp/v2/posts"}, nil)
	var ae *wpclient.APIError
	if !errors.As(err, &ae) || ae.Status != 403 || ae.Code != "rest_forbidden" {
		t.Fatalf("WordPress error: %v", err)
	}
	_, err = c.Do(context.Background(), wpclient.Call{Method: http.MethodGet, Route: "/wp/v2/users/me"}, nil)
	if err == nil || regexp.MustCompile(`secret|token`).MatchString(err.Error()) {
		t.Fatalf("a foreign answer was repeated or taken: %v", err)
	}
}

func TestNonce(t *testing.T) {
	a, err := wpclient.Nonce()
	b, _ := wpclient.Nonce()
	if err != nil || a == b || !regexp.MustCompile(`^[A-Za-z0-9_-]{24}$`).MatchString(a) {
		t.Fatalf("nonces %q %q %v", a, b, err)
	}
}
