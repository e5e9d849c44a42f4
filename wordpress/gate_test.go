package wordpress_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/tools/wpclient"
	"github.com/igny8/igny8/wordpress"
)

// TestBreakerMarksSiteDegraded fails a site's requests until the breaker
// opens: the site is marked degraded, publishes stop reaching it, and a
// passing connection check brings it back.
func TestBreakerMarksSiteDegraded(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	real := sitesFor(t, app)["rest"]
	proxy := newFaultProxy(t, real.GetString("url"))
	site := real
	pointSiteAt(t, app, site, proxy.URL)
	// Every request fails with 500 (a site whose PHP is broken).
	proxy.mu.Lock()
	proxy.rules = append(proxy.rules, &fault{match: func(*http.Request) bool { return true }, times: 1000})
	proxy.mu.Unlock()
	content := newContent(t, app, site, "Breaker "+time.Now().Format("150405.000"), 0)
	for i := 0; i < wpclient.DefaultBreakAfter; i++ {
		if _, err := wordpress.Publish(context.Background(), app, content.Id); err == nil {
			t.Fatalf("publish %d passed through a failing site", i)
		}
	}
	if s := reload(t, app, site); s.GetString("status") != wordpress.SiteDegraded {
		t.Fatalf("site status %q, want degraded", s.GetString("status"))
	}
	hits := proxy.hits.Load()
	_, err := wordpress.Publish(context.Background(), app, content.Id)
	if !errors.Is(err, wpclient.ErrSiteDegraded) || proxy.hits.Load() != hits {
		t.Fatalf("publish on a degraded site: %v (requests %d -> %d)", err, hits, proxy.hits.Load())
	}
	if msg := reload(t, app, content).GetString("publish_error"); !strings.Contains(msg, "degraded") {
		t.Fatalf("publish_error %q", msg)
	}
	proxy.mu.Lock()
	proxy.rules = nil // the site is repaired
	proxy.mu.Unlock()
	rep, err := wordpress.CheckSite(context.Background(), app, reload(t, app, site))
	if err != nil || !rep.OK {
		t.Fatalf("check: %v %+v", err, rep)
	}
	if s := reload(t, app, site); s.GetString("status") != wordpress.SiteConnected {
		t.Fatalf("site status after a passing check %q", s.GetString("status"))
	}
	if _, err := wordpress.Publish(context.Background(), app, content.Id); err != nil {
		t.Fatalf("publish after recovery: %v", err)
	}
	if c := reload(t, app, content); c.GetString("publish_status") != collections.PublishPublished {
		t.Fatalf("content %s", c.GetString("publish_status"))
	}
}

// TestRetryAfter429 answers 429 with Retry-After once: the client waits and
// retries and the call succeeds; the connection check, which does not retry,
// reports the 429 as it is.
func TestRetryAfter429(t *testing.T) {
	t.Parallel()
	wp := testWP(t, 1)
	var calls atomic.Int64
	srv := newFaultProxy(t, wp.URL)
	inner := srv.Config.Handler
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/wp-json/wp/v2/categories") && calls.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		inner.ServeHTTP(w, r)
	})
	tr := wordpress.NewREST(wpclient.NewClient(wpclient.Conn{Key: "retry-test", URL: srv.URL, Username: wp.User, AppPassword: wp.AppPassword}))
	settings, err := tr.Settings(context.Background(), nil)
	if err != nil {
		t.Fatalf("settings after a 429: %v", err)
	}
	if calls.Load() != 2 || settings["categories"] == nil {
		t.Fatalf("categories called %d times, settings %v", calls.Load(), settings)
	}
}

// TestPublishSnoozesWhileSiteRests: a publish job that meets an open breaker
// waits for the cool-down without spending an attempt (it used to spend one
// per cool-down, and a site resting five times failed the job): it is queued
// again until the breaker closes, credits still reserved, and WordPress is not
// asked; once the rest is over the same job publishes on its first attempt.
func TestPublishSnoozesWhileSiteRests(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	clock := testapp.NewClock(time.Now())
	jobs.SetClock(app, clock)
	real := sitesFor(t, app)["rest"]
	proxy := newFaultProxy(t, real.GetString("url"))
	site := real
	pointSiteAt(t, app, site, proxy.URL)
	content := newContent(t, app, site, "Resting "+time.Now().Format("150405.000"), 0)
	gate := wpclient.GateFor(site.Id)
	for range wpclient.DefaultBreakAfter {
		gate.Record(true)
	}
	if gate.Degraded() == nil {
		t.Fatal("breaker did not open")
	}
	job, err := wordpress.EnqueuePublish(app, content, "publish", "")
	if err != nil {
		t.Fatal(err)
	}
	e := jobs.NewEngine(app, jobs.Options{Workers: 1})
	hits := proxy.hits.Load()
	start := clock.Now()
	if ran, err := e.RunOnce(); err != nil || !ran {
		t.Fatalf("ran=%v err=%v", ran, err)
	}
	got, _ := app.FindRecordById(collections.Jobs, job.Id)
	wait := got.GetDateTime("run_after").Time().Sub(start)
	if got.GetString("status") != collections.JobQueued || got.GetInt("attempts") != 0 || wait <= 0 || wait > wpclient.DefaultCooldown {
		t.Fatalf("job on a resting site: status %s, attempts %d, waits %s (cool-down %s)",
			got.GetString("status"), got.GetInt("attempts"), wait, wpclient.DefaultCooldown)
	}
	if got.GetString("credits_state") != collections.CreditsReserved && got.GetInt("credits") > 0 {
		t.Fatalf("credits %s while snoozed", got.GetString("credits_state"))
	}
	if proxy.hits.Load() != hits {
		t.Fatalf("WordPress was asked %d times while resting", proxy.hits.Load()-hits)
	}
	gate.Reset() // the rest is over
	clock.Add(wait)
	if ran, err := e.RunOnce(); err != nil || !ran {
		t.Fatalf("second run: ran=%v err=%v", ran, err)
	}
	got, _ = app.FindRecordById(collections.Jobs, job.Id)
	if got.GetString("status") != collections.JobSucceeded || got.GetInt("attempts") != 1 {
		t.Fatalf("after the rest: %s, attempt %d, %s", got.GetString("status"), got.GetInt("attempts"), got.GetString("error"))
	}
	if c := reload(t, app, content); c.GetString("publish_status") != collections.PublishPublished {
		t.Fatalf("content %s", c.GetString("publish_status"))
	}
}
