package testapp

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// HTTPServer serves app's full router (see Mux) on a real loopback listener,
// for tests that need concurrent requests or real HTTP responses; closed when
// t ends.
func HTTPServer(t testing.TB, app core.App) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(Mux(t, app))
	t.Cleanup(srv.Close)
	return srv
}

// Mux builds app's router as `serve` does — every OnServe hook and the
// middlewares PocketBase binds by default — for tests and benchmarks that call
// it directly.
func Mux(t testing.TB, app core.App) http.Handler {
	t.Helper()
	router, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}
	var mux http.Handler
	if err := app.OnServe().Trigger(&core.ServeEvent{App: app, Router: router}, func(e *core.ServeEvent) error {
		var err error
		mux, err = e.Router.BuildMux()
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return mux
}
