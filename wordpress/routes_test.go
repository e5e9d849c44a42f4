package wordpress_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/tenancy"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/wordpress"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

func jobsOf(t testing.TB, app core.App, typ, target string) []*core.Record {
	t.Helper()
	list, err := app.FindAllRecords(collections.Jobs, dbx.HashExp{"type": typ, "target": target})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func wantJobs(typ, target string, n int) func(testing.TB, *tests.TestApp, *http.Response) {
	return func(t testing.TB, app *tests.TestApp, _ *http.Response) {
		if got := jobsOf(t, app, typ, target); len(got) != n {
			t.Fatalf("want %d %s jobs for %s, got %d", n, typ, target, len(got))
		}
	}
}

// siteZone sets workspace A's site's own time zone and WordPress's settings.
func siteZone(t testing.TB, app core.App, tz string, wp map[string]any) {
	t.Helper()
	site, err := app.FindRecordById(collections.Sites, testapp.SiteId(testapp.A))
	if err != nil {
		t.Fatal(err)
	}
	site.Set("timezone", tz)
	if wp != nil {
		site.Set("wp_settings", wp)
	}
	if err := app.Save(site); err != nil {
		t.Fatal(err)
	}
}

// TestRoutes checks each route's roles and tenant isolation: workspace B,
// outsiders and anonymous never reach A's sites and contents.
func TestRoutes(t *testing.T) {
	t.Parallel()
	siteA := testapp.SiteId(testapp.A)
	contentA := testapp.RecordId(collections.Contents, testapp.A)
	check := "/api/igny8/sites/" + siteA + "/check"
	link := "/api/igny8/sites/" + siteA + "/link"
	syncURL := "/api/igny8/sites/" + siteA + "/sync"
	publish := "/api/igny8/contents/" + contentA + "/publish"
	unpublish := "/api/igny8/contents/" + contentA + "/unpublish"
	type tc struct {
		name, ws, role, url, body string
		status                    int
		content                   []string
		before                    func(testing.TB, *tests.TestApp)
		after                     func(testing.TB, *tests.TestApp, *http.Response)
	}
	siteStatus := func(want string) func(testing.TB, *tests.TestApp, *http.Response) {
		return func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			s, _ := app.FindRecordById(collections.Sites, siteA)
			if s.GetString("status") != want {
				t.Fatalf("site status %q, want %q", s.GetString("status"), want)
			}
			if want != "connected" && s.GetDateTime("last_check").IsZero() {
				t.Fatal("last_check not recorded")
			}
		}
	}
	published := func(t testing.TB, app *tests.TestApp) {
		c, _ := app.FindRecordById(collections.Contents, contentA)
		c.Set("wp_post_id", 42)
		if err := app.Save(c); err != nil {
			t.Fatal(err)
		}
	}
	approved := func(t testing.TB, app *tests.TestApp) {
		c, _ := app.FindRecordById(collections.Contents, contentA)
		c.Set("status", "approved")
		if err := app.Save(c); err != nil {
			t.Fatal(err)
		}
	}
	emptyHTML := func(t testing.TB, app *tests.TestApp) {
		c, _ := app.FindRecordById(collections.Contents, contentA)
		c.Set("html", "")
		if err := app.Save(c); err != nil {
			t.Fatal(err)
		}
	}
	linkedPluginSite := func(t testing.TB, app *tests.TestApp) {
		wp := testWP(t, 2)
		site, _ := app.FindRecordById(collections.Sites, siteA)
		site.Load(map[string]any{"url": wp.URL, "wp_username": wp.User, "app_password": wp.AppPassword, "bridge_secret": wp.BridgeSecret, "transport": "rest"})
		if err := app.Save(site); err != nil {
			t.Fatal(err)
		}
	}
	cases := []tc{
		// check (admin+)
		{"admin checks a linked plugin site", testapp.A, "admin", check, "", 200, []string{`"ok":true`, `"plugin_version":"1.`, `"seo_plugin":"none"`}, linkedPluginSite,
			func(t testing.TB, app *tests.TestApp, r *http.Response) {
				siteStatus("connected")(t, app, r)
				s, _ := app.FindRecordById(collections.Sites, siteA)
				if s.GetString("transport") != "bridge" || !strings.Contains(s.GetString("last_check_result"), `"bridge_plugin"`) {
					t.Fatalf("transport %q, result %s", s.GetString("transport"), s.GetString("last_check_result"))
				}
			}},
		{"admin checks an unreachable site", testapp.A, "admin", check, "", 200, []string{`"id":"reachable"`, `"status":"fail"`, `"ok":false`}, nil, siteStatus("error")},
		{"owner checks", testapp.A, "owner", check, "", 200, []string{`"id":"reachable"`}, nil, siteStatus("error")},
		{"superuser checks", "", "superuser", check, "", 200, []string{`"id":"reachable"`}, nil, siteStatus("error")},
		{"editor cannot check", testapp.A, "editor", check, "", 403, []string{`"data":`}, nil, siteStatus("connected")},
		{"B admin cannot check A's site", testapp.B, "admin", check, "", 404, []string{`"data":`}, nil, siteStatus("connected")},
		{"outsider cannot check", "outsider", "", check, "", 404, []string{`"data":`}, nil, siteStatus("connected")},
		{"anonymous cannot check", "", "", check, "", 401, []string{`"data":`}, nil, siteStatus("connected")},
		// link (admin+)
		{"admin gets a link token", testapp.A, "admin", link, "", 200, []string{`"token":"ey`, `"connect_url":"http://127.0.0.1:9/a/wp-json/igny8/v1/connect"`}, nil, nil},
		{"link with bad json", testapp.A, "admin", link, `{"rotate":`, 400, []string{`not valid JSON`}, nil, nil},
		{"editor cannot link", testapp.A, "editor", link, "", 403, []string{`"data":`}, nil, nil},
		{"B owner cannot link A's site", testapp.B, "owner", link, "", 404, []string{`"data":`}, nil, nil},
		{"anonymous cannot link", "", "", link, "", 401, []string{`"data":`}, nil, nil},
		// sync (admin+)
		{"admin queues a sync", testapp.A, "admin", syncURL, "", 202, []string{`"job":`}, nil, wantJobs(wordpress.JobSync, siteA, 1)},
		{"editor cannot sync", testapp.A, "editor", syncURL, "", 403, []string{`"data":`}, nil, wantJobs(wordpress.JobSync, siteA, 0)},
		{"B admin cannot sync A's site", testapp.B, "admin", syncURL, "", 404, []string{`"data":`}, nil, wantJobs(wordpress.JobSync, siteA, 0)},
		{"anonymous cannot sync", "", "", syncURL, "", 401, []string{`"data":`}, nil, wantJobs(wordpress.JobSync, siteA, 0)},
		// publish (editor+ for approved content, admin+ for the rest)
		{"editor queues a publish", testapp.A, "editor", publish, "", 202, []string{`"job":`, `"status":"queued"`}, approved, wantJobs(wordpress.JobPublish, contentA, 1)},
		{"editor cannot publish a draft", testapp.A, "editor", publish, "", 403, []string{`"code":"igny8_not_approved"`}, nil, wantJobs(wordpress.JobPublish, contentA, 0)},
		{"admin publishes a draft", testapp.A, "admin", publish, "", 202, []string{`"job":`}, nil, wantJobs(wordpress.JobPublish, contentA, 1)},
		{"editor schedules a publish", testapp.A, "editor", publish, `{"scheduled_at":"2030-01-02T03:04:05Z"}`, 202, []string{`"job":`}, approved,
			func(t testing.TB, app *tests.TestApp, r *http.Response) {
				wantJobs(wordpress.JobPublish, contentA, 1)(t, app, r)
				c, _ := app.FindRecordById(collections.Contents, contentA)
				if c.GetDateTime("scheduled_at").String() != "2030-01-02 03:04:05.000Z" {
					t.Fatalf("scheduled_at %s", c.GetDateTime("scheduled_at"))
				}
			}},
		{"editor schedules in the site's time zone", testapp.A, "editor", publish, `{"scheduled_local":"2030-07-01T09:00"}`, 202, []string{`"job":`, `"timezone":"Europe/Berlin"`, `"scheduled_at":"2030-07-01 07:00:00.000Z"`},
			func(t testing.TB, app *tests.TestApp) { approved(t, app); siteZone(t, app, "Europe/Berlin", nil) },
			func(t testing.TB, app *tests.TestApp, r *http.Response) {
				c, _ := app.FindRecordById(collections.Contents, contentA)
				if c.GetDateTime("scheduled_at").String() != "2030-07-01 07:00:00.000Z" {
					t.Fatalf("scheduled_at %s", c.GetDateTime("scheduled_at"))
				}
			}},
		{"a site without a zone schedules in WordPress's", testapp.A, "editor", publish, `{"scheduled_local":"2030-01-02 09:00"}`, 202, []string{`"timezone":"America/New_York"`, `"scheduled_at":"2030-01-02 14:00:00.000Z"`},
			func(t testing.TB, app *tests.TestApp) {
				approved(t, app)
				siteZone(t, app, "", map[string]any{"timezone": "America/New_York"})
			}, wantJobs(wordpress.JobPublish, contentA, 1)},
		{"bad local schedule", testapp.A, "editor", publish, `{"scheduled_local":"tomorrow 9"}`, 400, []string{`"scheduled_local"`}, approved, wantJobs(wordpress.JobPublish, contentA, 0)},
		{"now and a schedule", testapp.A, "editor", publish, `{"now":true,"scheduled_local":"2030-01-02T09:00"}`, 400, []string{`either now or a schedule`}, approved, wantJobs(wordpress.JobPublish, contentA, 0)},
		{"publish now drops an earlier schedule", testapp.A, "editor", publish, `{"now":true}`, 202, []string{`"job":`},
			func(t testing.TB, app *tests.TestApp) {
				approved(t, app)
				c, _ := app.FindRecordById(collections.Contents, contentA)
				c.Set("scheduled_at", "2030-01-02 03:04:05.000Z")
				if err := app.Save(c); err != nil {
					t.Fatal(err)
				}
			},
			func(t testing.TB, app *tests.TestApp, r *http.Response) {
				c, _ := app.FindRecordById(collections.Contents, contentA)
				if !c.GetDateTime("scheduled_at").IsZero() {
					t.Fatalf("scheduled_at kept: %s", c.GetDateTime("scheduled_at"))
				}
			}},
		{"bad schedule date", testapp.A, "editor", publish, `{"scheduled_at":"next tuesday"}`, 400, []string{`"scheduled_at"`}, approved, wantJobs(wordpress.JobPublish, contentA, 0)},
		{"nothing to publish", testapp.A, "editor", publish, "", 400, []string{`no article text`}, func(t testing.TB, app *tests.TestApp) { approved(t, app); emptyHTML(t, app) }, wantJobs(wordpress.JobPublish, contentA, 0)},
		{"viewer cannot publish", testapp.A, "viewer", publish, "", 403, []string{`"data":`}, nil, wantJobs(wordpress.JobPublish, contentA, 0)},
		{"B editor cannot publish A's content", testapp.B, "editor", publish, "", 404, []string{`"data":`}, nil, wantJobs(wordpress.JobPublish, contentA, 0)},
		{"B owner cannot publish A's content", testapp.B, "owner", publish, "", 404, []string{`"data":`}, nil, wantJobs(wordpress.JobPublish, contentA, 0)},
		{"outsider cannot publish", "outsider", "", publish, "", 404, []string{`"data":`}, nil, wantJobs(wordpress.JobPublish, contentA, 0)},
		{"anonymous cannot publish", "", "", publish, "", 401, []string{`"data":`}, nil, wantJobs(wordpress.JobPublish, contentA, 0)},
		// unpublish (editor+)
		{"unpublish of a never published content", testapp.A, "editor", unpublish, "", 400, []string{`not been published`}, nil, wantJobs(wordpress.JobPublish, contentA, 0)},
		{"editor queues an unpublish", testapp.A, "editor", unpublish, "", 202, []string{`"job":`}, published, wantJobs(wordpress.JobPublish, contentA, 1)},
		{"viewer cannot unpublish", testapp.A, "viewer", unpublish, "", 403, []string{`"data":`}, published, wantJobs(wordpress.JobPublish, contentA, 0)},
		{"B admin cannot unpublish A's content", testapp.B, "admin", unpublish, "", 404, []string{`"data":`}, published, wantJobs(wordpress.JobPublish, contentA, 0)},
		{"anonymous cannot unpublish", "", "", unpublish, "", 401, []string{`"data":`}, published, wantJobs(wordpress.JobPublish, contentA, 0)},
	}
	for _, c := range cases {
		s := tests.ApiScenario{
			Name: c.name, Method: http.MethodPost, URL: c.url, Body: strings.NewReader(c.body),
			ExpectedStatus: c.status, ExpectedContent: c.content, TestAppFactory: testapp.Factory,
			AfterTestFunc: c.after,
		}
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			if c.before != nil {
				c.before(t, app)
			}
			switch {
			case c.role == "superuser":
				s.Headers = map[string]string{"Authorization": testapp.SuperuserToken(t, app)}
			case c.ws == "outsider":
				s.Headers = map[string]string{"Authorization": testapp.OutsiderToken(t, app)}
			case c.ws != "":
				s.Headers = map[string]string{"Authorization": testapp.Token(t, app, c.ws, c.role)}
			}
		}
		if c.status >= 400 {
			s.NotExpectedContent = []string{`"token"`, `"job"`}
		}
		s.Test(t)
	}
}

func TestLinkToken(t *testing.T) {
	t.Parallel()
	secret := wordpress.NewSecret()
	now := time.Now()
	tok, err := wordpress.LinkToken(wordpress.LinkFor{SiteID: "site123", SiteURL: "https://blog.example.com/"}, secret, now, wordpress.LinkTTL)
	if err != nil {
		t.Fatal(err)
	}
	var claims wordpress.LinkClaims
	parsed, err := jwt.ParseWithClaims(tok, &claims, func(*jwt.Token) (any, error) { return []byte(secret), nil }, jwt.WithValidMethods([]string{"HS256"}))
	if err != nil || !parsed.Valid {
		t.Fatalf("token does not verify with its secret: %v", err)
	}
	if claims.Secret != secret || claims.Subject != "site123" || claims.Audience[0] != "https://blog.example.com" ||
		claims.ExpiresAt.Time.Sub(now) > 12*time.Hour || claims.ExpiresAt.Time.Sub(now) < 12*time.Hour-time.Second {
		t.Fatalf("claims %+v", claims)
	}
	if _, err := jwt.ParseWithClaims(tok, &wordpress.LinkClaims{}, func(*jwt.Token) (any, error) { return []byte(wordpress.NewSecret()), nil }); err == nil {
		t.Fatal("token verifies with another secret")
	}
	if _, err := wordpress.LinkToken(wordpress.LinkFor{SiteID: "s", SiteURL: "https://x"}, "short", now, time.Hour); err == nil {
		t.Fatal("a short secret was accepted")
	}
}

// TestLinkRoute: the first token creates the site's secret, later ones reuse
// it (a working link never breaks), rotate replaces it.
func TestLinkRoute(t *testing.T) {
	t.Parallel()
	siteA := testapp.SiteId(testapp.A)
	known := strings.Repeat("ab", 32)
	secretOf := func(t testing.TB, app core.App) string {
		s, _ := app.FindRecordById(collections.Sites, siteA)
		v, err := tenancy.Secret(app, s, "bridge_secret")
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, c := range []struct {
		name, before, body string
		check              func(t testing.TB, secret string)
	}{
		{"first token creates a secret", "", "", func(t testing.TB, s string) {
			if len(s) != 64 {
				t.Fatalf("secret %q", s)
			}
		}},
		{"later token keeps the secret", known, "{}", func(t testing.TB, s string) {
			if s != known {
				t.Fatal("a second token changed the secret")
			}
		}},
		{"rotate replaces it", known, `{"rotate":true}`, func(t testing.TB, s string) {
			if s == known || len(s) != 64 {
				t.Fatal("rotate kept the secret")
			}
		}},
	} {
		s := &tests.ApiScenario{Name: c.name, Method: http.MethodPost, URL: "/api/igny8/sites/" + siteA + "/link", Body: strings.NewReader(c.body),
			ExpectedStatus: 200, ExpectedContent: []string{`"token":"ey`}, TestAppFactory: testapp.Factory,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) { c.check(t, secretOf(t, app)) }}
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
			site, _ := app.FindRecordById(collections.Sites, siteA)
			site.Set("bridge_secret", c.before)
			site.Set("transport", "rest")
			if err := app.Save(site); err != nil {
				t.Fatal(err)
			}
			s.Headers = map[string]string{"Authorization": testapp.Token(t, app, testapp.A, "admin")}
		}
		s.Test(t)
	}
}

func runJob(t testing.TB, app core.App, id string) *core.Record {
	t.Helper()
	e := jobs.NewEngine(app, jobs.Options{Workers: 1})
	ran, err := e.RunOnce()
	if err != nil || !ran {
		t.Fatalf("run job: ran %v, %v", ran, err)
	}
	j, err := app.FindRecordById(collections.Jobs, id)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

// TestPublishJob runs publish jobs through the job engine against the real WordPress.
func TestPublishJob(t *testing.T) {
	t.Parallel()
	t.Run("publishes", func(t *testing.T) {
		t.Parallel()
		app := testapp.New(t)
		site := sitesFor(t, app)["rest"]
		content := newContent(t, app, site, "Job publish "+time.Now().Format("150405.000"), 2)
		job, err := wordpress.EnqueuePublish(app, content, "publish", "")
		if err != nil {
			t.Fatal(err)
		}
		j := runJob(t, app, job.Id)
		if j.GetString("status") != "succeeded" {
			t.Fatalf("job %s: %s", j.GetString("status"), j.GetString("error"))
		}
		content = reload(t, app, content)
		if content.GetString("publish_status") != collections.PublishPublished {
			t.Fatalf("content %v", content.PublicExport())
		}
		// A second publish is a new job, and updates the same post.
		job2, err := wordpress.EnqueuePublish(app, content, "publish", "")
		if err != nil || job2.Id == job.Id {
			t.Fatalf("second publish: %v (same job: %v)", err, job2 != nil && job2.Id == job.Id)
		}
		if j := runJob(t, app, job2.Id); j.GetString("status") != "succeeded" {
			t.Fatalf("second job: %s", j.GetString("error"))
		}
		if ids := postsOf(t, app, "rest", site, content.Id); len(ids) != 1 {
			t.Fatalf("posts %v", ids)
		}
	})
	t.Run("wrong credentials fail at once", func(t *testing.T) {
		t.Parallel()
		app := testapp.New(t)
		wp := testWP(t, 1)
		site := newSite(t, app, wp.URL, wp.User, "abcdabcdabcdabcdabcdabcd", "rest", "")
		content := newContent(t, app, site, "Job wrong creds "+time.Now().Format("150405.000"), 0)
		job, err := wordpress.EnqueuePublish(app, content, "publish", "")
		if err != nil {
			t.Fatal(err)
		}
		j := runJob(t, app, job.Id)
		if j.GetString("status") != "failed" || j.GetInt("attempts") != 1 || !strings.Contains(j.GetString("error"), "401") {
			t.Fatalf("job %s after %d attempts: %s", j.GetString("status"), j.GetInt("attempts"), j.GetString("error"))
		}
	})
	t.Run("process stopped mid-publish, then restarted", func(t *testing.T) {
		t.Parallel()
		app := testapp.New(t)
		real := sitesFor(t, app)["rest"]
		proxy := newFaultProxy(t, real.GetString("url"))
		site := real
		pointSiteAt(t, app, site, proxy.URL)
		content := newContent(t, app, site, "Job killed "+time.Now().Format("150405.000"), 2)
		// The first image reaches WordPress, then igny8 stops before hearing back.
		hung := proxy.hangOnce(routeIs("POST", "/wp/v2/media"))
		job, err := wordpress.EnqueuePublish(app, content, "publish", "")
		if err != nil {
			t.Fatal(err)
		}
		e, err := jobs.Start(app, jobs.Options{Workers: 1, ShutdownTimeout: 50 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		select {
		case <-hung:
		case <-time.After(60 * time.Second):
			t.Fatal("the publish never reached the media step")
		}
		e.Stop()
		j, _ := app.FindRecordById(collections.Jobs, job.Id)
		if j.GetString("status") != "queued" {
			t.Fatalf("stopped job is %s, want queued again", j.GetString("status"))
		}
		// "Restart": a new engine picks the job up.
		if j := runJob(t, app, job.Id); j.GetString("status") != "succeeded" {
			t.Fatalf("job after restart: %s %s", j.GetString("status"), j.GetString("error"))
		}
		if ids := postsOf(t, app, "rest", site, content.Id); len(ids) != 1 {
			t.Fatalf("posts %v", ids)
		}
		assertOneMediaPerImage(t, app, "rest", content)
	})
}
