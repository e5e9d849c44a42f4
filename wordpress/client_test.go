package wordpress_test

import (
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/wordpress"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// countingServer is a real listener that counts accepted connections, so a
// test shows a refused address was never connected to.
type countingServer struct {
	URL   string
	conns atomic.Int64
}

func listenOn(t testing.TB, ip string, h http.HandlerFunc) *countingServer {
	t.Helper()
	ln, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		t.Fatalf("listen on %s: %v", ip, err)
	}
	s := &countingServer{URL: "http://" + ln.Addr().String()}
	srv := &http.Server{Handler: h, ConnState: func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.conns.Add(1)
		}
	}}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return s
}

// TestCheckRefusesPrivateAddresses: the test suite allows 127.0.0.1 only
// (testapp.Main), so a site on 127.0.0.2, or one on 127.0.0.1 that
// redirects there, is refused by the connection check before any connection
// to 127.0.0.2, and the report names the operator's allowance.
func TestCheckRefusesPrivateAddresses(t *testing.T) {
	t.Parallel()
	inner := listenOn(t, "127.0.0.2", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"name":"internal","namespaces":["wp/v2"]}`)
	})
	outer := listenOn(t, "127.0.0.1", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, inner.URL+r.URL.RequestURI(), http.StatusFound)
	})
	siteA := testapp.SiteId(testapp.A)
	for _, c := range []struct{ name, url string }{
		{"site on a refused address", inner.URL},
		{"site redirecting to a refused address", outer.URL},
	} {
		s := tests.ApiScenario{
			Name: c.name, Method: http.MethodPost, URL: "/api/igny8/sites/" + siteA + "/check",
			ExpectedStatus: 200, ExpectedContent: []string{`"id":"reachable"`, `"status":"fail"`, "IGNY8_ALLOW_PRIVATE_HOSTS=127.0.0.2"},
			NotExpectedContent: []string{"internal"},
			TestAppFactory:     testapp.Factory,
		}
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
			site, _ := app.FindRecordById(collections.Sites, siteA)
			site.Set("url", c.url)
			// Saving skips validation, which refuses 127.0.0.2 as a URL: the
			// guard at dial time is what stops a URL stored before the rule,
			// or a name that resolves there.
			if err := app.SaveNoValidate(site); err != nil {
				t.Fatal(err)
			}
			s.Headers = map[string]string{"Authorization": testapp.Token(t, app, testapp.A, "admin")}
		}
		s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			if n := inner.conns.Load(); n != 0 {
				t.Fatalf("127.0.0.2 accepted %d connections", n)
			}
			site, _ := app.FindRecordById(collections.Sites, siteA)
			if site.GetString("status") == "connected" || strings.Contains(site.GetString("last_check_result"), "internal") {
				t.Fatalf("status %q, result %s", site.GetString("status"), site.GetString("last_check_result"))
			}
		}
		s.Test(t)
	}
}

// TestCheckNeverEchoesAnswers: an address that answers, but not as
// WordPress, is named as such, and nothing of its answer reaches the report
// (which every member of the workspace reads in sites.last_check_result).
func TestCheckNeverEchoesAnswers(t *testing.T) {
	t.Parallel()
	srv := listenOn(t, "127.0.0.1", func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/html/"):
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = io.WriteString(w, "<html>SECRET-INTERNAL-PAGE admin token 0123456789</html>")
		default:
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"error":"SECRET-INTERNAL-JSON","token":"0123456789"}`)
		}
	})
	siteA := testapp.SiteId(testapp.A)
	for _, c := range []struct{ name, path, answered string }{
		{"an HTML page", "/html", "HTTP 200 with text/html"},
		{"a JSON service", "/json", "HTTP 404 with application/json"},
	} {
		s := tests.ApiScenario{
			Name: c.name, Method: http.MethodPost, URL: "/api/igny8/sites/" + siteA + "/check",
			ExpectedStatus: 200,
			ExpectedContent: []string{`"id":"reachable","status":"pass"`, `"id":"rest_api","status":"fail"`,
				"This address answers, but it is not a WordPress REST API", c.answered},
			NotExpectedContent: []string{"SECRET", "0123456789", "could not reach"},
			TestAppFactory:     testapp.Factory,
		}
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
			site, _ := app.FindRecordById(collections.Sites, siteA)
			site.Set("url", srv.URL+c.path)
			if err := app.Save(site); err != nil {
				t.Fatal(err)
			}
			s.Headers = map[string]string{"Authorization": testapp.Token(t, app, testapp.A, "admin")}
		}
		s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			site, _ := app.FindRecordById(collections.Sites, siteA)
			if r := site.GetString("last_check_result"); strings.Contains(r, "SECRET") || strings.Contains(r, "0123456789") {
				t.Fatalf("the stored report repeats the answer: %s", r)
			}
		}
		s.Test(t)
	}
}

// TestPublishHangingWordPress: a WordPress that accepts a request and then
// hangs costs one bounded wait (IGNY8_WP_HEADER_TIMEOUT, here 1s), the job
// shows which request it waits on meanwhile, the attempt is recorded as
// failed with a readable reason, and the retry finishes the post once.
func TestPublishHangingWordPress(t *testing.T) {
	t.Setenv(wordpress.EnvHeaderTimeout, "1s")
	app := testapp.New(t)
	real := sitesFor(t, app)["rest"]
	proxy := newFaultProxy(t, real.GetString("url"))
	site := real
	pointSiteAt(t, app, site, proxy.URL)
	content := newContent(t, app, site, "Hanging "+time.Now().Format("150405.000"), 1)
	hung := proxy.hangOnce(routeIs("POST", "/wp/v2/media"))
	job, err := wordpress.EnqueuePublish(app, content, "publish", "")
	if err != nil {
		t.Fatal(err)
	}
	ran := make(chan error, 1)
	go func() {
		_, err := jobs.NewEngine(app, jobs.Options{Workers: 1}).RunOnce()
		ran <- err
	}()
	<-hung
	j, _ := app.FindRecordById(collections.Jobs, job.Id)
	if step := j.GetString("step"); !strings.Contains(step, "waiting for WordPress: uploading an image (POST /wp/v2/media)") {
		t.Errorf("while WordPress hangs the job's step is %q", step)
	}
	if err := <-ran; err != nil {
		t.Fatal(err)
	}
	j, _ = app.FindRecordById(collections.Jobs, job.Id)
	c := reload(t, app, content)
	if j.GetString("status") != "queued" || j.GetInt("attempts") != 1 || !strings.Contains(j.GetString("error"), "did not answer within 1s") {
		t.Fatalf("job after the hang: %s, %d attempts, error %q", j.GetString("status"), j.GetInt("attempts"), j.GetString("error"))
	}
	if c.GetString("publish_status") != collections.PublishFailed || !strings.HasPrefix(c.GetString("publish_error"), "media: ") ||
		!strings.Contains(c.GetString("publish_error"), "did not answer within 1s") {
		t.Fatalf("content after the hang: %s %q", c.GetString("publish_status"), c.GetString("publish_error"))
	}
	// The retry (due now) finishes the post, finding the image the hung request stored.
	j.Set("run_after", time.Now().Add(-time.Second).UTC())
	if err := app.Save(j); err != nil {
		t.Fatal(err)
	}
	if j := runJob(t, app, job.Id); j.GetString("status") != "succeeded" {
		t.Fatalf("retry: %s %s", j.GetString("status"), j.GetString("error"))
	}
	if ids := postsOf(t, app, "rest", site, content.Id); len(ids) != 1 {
		t.Fatalf("posts %v", ids)
	}
	assertOneMediaPerImage(t, app, "rest", content)
}
