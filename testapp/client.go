package testapp

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// Client sends requests through one app's real router, built once, so a test
// can walk a flow (invite, sign up, accept) or count requests against state
// kept between them (rate limiters). tests.ApiScenario builds a new router per
// request and cannot be reused on one app.
type Client struct {
	t       testing.TB
	handler http.Handler
	// RemoteAddr is the client address requests come from (PocketBase's RealIP).
	RemoteAddr string
}

// NewClient triggers app's serve hooks once and returns a client for its router.
func NewClient(t testing.TB, app core.App) *Client {
	t.Helper()
	r, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}
	c := &Client{t: t, RemoteAddr: "192.0.2.10:4000"}
	se := &core.ServeEvent{App: app, Router: r}
	err = app.OnServe().Trigger(se, func(e *core.ServeEvent) error {
		mux, err := e.Router.BuildMux()
		c.handler = mux
		return err
	})
	if err != nil {
		t.Fatalf("serve hooks: %v", err)
	}
	return c
}

// Response is one answer: status, headers and the raw body.
type Response struct {
	Status int
	Header http.Header
	Body   string
}

// JSON decodes the body as an object (nil when it is not one).
func (r Response) JSON() map[string]any {
	var out map[string]any
	_ = json.Unmarshal([]byte(r.Body), &out)
	return out
}

// Do sends one request; auth is an Authorization header value ("" for none).
func (c *Client) Do(method, path, auth, body string) Response {
	c.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, rd)
	req.RemoteAddr = c.RemoteAddr
	req.Header.Set("Content-Type", "application/json")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	rec := httptest.NewRecorder()
	c.handler.ServeHTTP(rec, req)
	return Response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.String()}
}

// Must is Do that fails the test unless the answer has status.
func (c *Client) Must(method, path, auth, body string, status int) map[string]any {
	c.t.Helper()
	r := c.Do(method, path, auth, body)
	if r.Status != status {
		c.t.Fatalf("%s %s: want %d, got %d: %s", method, path, status, r.Status, r.Body)
	}
	return r.JSON()
}
