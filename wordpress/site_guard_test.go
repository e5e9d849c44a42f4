package wordpress_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/wordpress"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// TestSiteURLs: only http and https site URLs with a host are accepted, and
// none written as a refused address; the suite allows 127.0.0.1 only.
func TestSiteURLs(t *testing.T) {
	t.Parallel()
	a := testapp.TenantId(testapp.A)
	siteA := testapp.SiteId(testapp.A)
	refused := []string{"ftp://example.com/", "file:///etc/passwd", "javascript:alert(1)", "http://", "http://user:pass@example.com/",
		"http://169.254.169.254/latest/meta-data/", "http://10.0.0.5/", "http://[::1]/", "http://0x7f000001/", "http://2130706433/",
		"http://127.0.0.2/", "http://[::ffff:10.0.0.1]/", "http://100.64.1.1/"}
	var scenarios []tests.ApiScenario
	for _, u := range refused {
		scenarios = append(scenarios,
			tests.ApiScenario{Name: "create " + u, Method: http.MethodPost, URL: "/api/collections/sites/records",
				Body: strings.NewReader(`{"tenant":"` + a + `","name":"x","url":"` + u + `"}`), ExpectedStatus: 400, ExpectedContent: []string{`"url":{"code":`}},
			tests.ApiScenario{Name: "update " + u, Method: http.MethodPatch, URL: "/api/collections/sites/records/" + siteA,
				Body: strings.NewReader(`{"url":"` + u + `"}`), ExpectedStatus: 400, ExpectedContent: []string{`"url":{"code":`}})
	}
	for _, u := range []string{"https://blog.example.com", "http://wp.example.org:8080/blog", "http://127.0.0.1:8181"} {
		scenarios = append(scenarios, tests.ApiScenario{Name: "create " + u, Method: http.MethodPost, URL: "/api/collections/sites/records",
			Body: strings.NewReader(`{"tenant":"` + a + `","name":"x","url":"` + u + `"}`), ExpectedStatus: 200, ExpectedContent: []string{`"status":"new"`}})
	}
	for _, s := range scenarios {
		s.TestAppFactory = testapp.Factory
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
			s.Headers = map[string]string{"Authorization": testapp.Token(t, app, testapp.A, "owner")}
			setPlanSites(t, app, 10)
		}
		s.Test(t)
	}
}

// TestSiteTimezone: sites.timezone takes IANA names only (through the
// collections API, where admins set it); "Local" would follow the server.
func TestSiteTimezoneField(t *testing.T) {
	t.Parallel()
	siteA := testapp.SiteId(testapp.A)
	for _, c := range []struct {
		tz     string
		status int
		want   string
	}{
		{"Europe/Berlin", 200, `"timezone":"Europe/Berlin"`},
		{"", 200, `"timezone":""`},
		{"Mars/Olympus", 400, `"igny8_invalid_timezone"`},
		{"Local", 400, `"igny8_invalid_timezone"`},
		{"../../etc/passwd", 400, `"igny8_invalid_timezone"`},
	} {
		s := tests.ApiScenario{Name: "timezone " + c.tz, Method: http.MethodPatch, URL: "/api/collections/sites/records/" + siteA,
			Body: strings.NewReader(`{"timezone":"` + c.tz + `"}`), ExpectedStatus: c.status, ExpectedContent: []string{c.want}, TestAppFactory: testapp.Factory}
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
			s.Headers = map[string]string{"Authorization": testapp.Token(t, app, testapp.A, "admin")}
		}
		s.Test(t)
	}
}

// setPlanSites lifts workspace A's site limit so create cases test the URL.
func setPlanSites(t testing.TB, app core.App, n int) {
	t.Helper()
	tenant, _ := app.FindRecordById(collections.Tenants, testapp.TenantId(testapp.A))
	plan, err := app.FindRecordById(collections.Plans, tenant.GetString("plan"))
	if err != nil {
		t.Fatal(err)
	}
	plan.Set("max_sites", n)
	if err := app.Save(plan); err != nil {
		t.Fatal(err)
	}
}

// TestSiteStatusAfterChanges: a new site is new; igny8's own fields are not
// writable through the API; a changed URL or credentials put a connected
// site back to new; a new host drops the secrets given for the old one.
func TestSiteStatusAfterChanges(t *testing.T) {
	t.Parallel()
	a := testapp.TenantId(testapp.A)
	siteA := testapp.SiteId(testapp.A)
	stored := func(want string, secrets bool) func(testing.TB, *tests.TestApp, *http.Response) {
		return func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			s, _ := app.FindRecordById(collections.Sites, siteA)
			pass, _ := tenancy.Secret(app, s, "app_password")
			secret, _ := tenancy.Secret(app, s, "bridge_secret")
			if s.GetString("status") != want || (pass != "") != secrets || (secret != "") != secrets {
				t.Fatalf("status %q, password %q, secret %q; want %q, secrets kept %v", s.GetString("status"), pass, secret, want, secrets)
			}
		}
	}
	cases := []tests.ApiScenario{
		{Name: "a created site is new, whatever the body says", Method: http.MethodPost, URL: "/api/collections/sites/records",
			Body: strings.NewReader(`{"tenant":"` + a + `","name":"x","url":"https://x.example.com","status":"connected"}`), ExpectedStatus: 400,
			ExpectedContent: []string{`"status":{"code":"igny8_check_field"`}},
		{Name: "status is not writable", Method: http.MethodPatch, URL: "/api/collections/sites/records/" + siteA,
			Body: strings.NewReader(`{"status":"degraded","last_check_result":{"ok":true}}`), ExpectedStatus: 400,
			ExpectedContent: []string{`"status":{"code":"igny8_check_field"`, `"last_check_result":{"code":"igny8_check_field"`}},
		{Name: "renaming keeps the site connected", Method: http.MethodPatch, URL: "/api/collections/sites/records/" + siteA,
			Body: strings.NewReader(`{"name":"Renamed"}`), ExpectedStatus: 200, ExpectedContent: []string{`"status":"connected"`}, AfterTestFunc: stored("connected", true)},
		{Name: "a new host: new, secrets dropped", Method: http.MethodPatch, URL: "/api/collections/sites/records/" + siteA,
			Body: strings.NewReader(`{"url":"https://attacker.example.net/"}`), ExpectedStatus: 200, ExpectedContent: []string{`"status":"new"`},
			AfterTestFunc: stored("new", false)},
		{Name: "same host, another port or https: new, secrets kept", Method: http.MethodPatch, URL: "/api/collections/sites/records/" + siteA,
			Body: strings.NewReader(`{"url":"https://127.0.0.1:8443/A"}`), ExpectedStatus: 200, ExpectedContent: []string{`"status":"new"`}, AfterTestFunc: stored("new", true)},
		{Name: "new credentials: new", Method: http.MethodPut, URL: "/api/igny8/sites/" + siteA + "/credentials",
			Body: strings.NewReader(`{"app_password":"abcd abcd abcd abcd abcd abcd"}`), ExpectedStatus: 200, ExpectedContent: []string{`"app_password_set":true`}, AfterTestFunc: stored("new", true)},
		{Name: "new username: new", Method: http.MethodPut, URL: "/api/igny8/sites/" + siteA + "/credentials",
			Body: strings.NewReader(`{"wp_username":"someone"}`), ExpectedStatus: 200, ExpectedContent: []string{`"wp_username":"someone"`}, AfterTestFunc: stored("new", true)},
		{Name: "the same credentials again: still connected", Method: http.MethodPut, URL: "/api/igny8/sites/" + siteA + "/credentials",
			Body: strings.NewReader(`{"wp_username":"admin","app_password":"secret-app-password-` + testapp.A + `"}`), ExpectedStatus: 200, ExpectedContent: []string{`"app_password_set":true`}, AfterTestFunc: stored("connected", true)},
	}
	for _, s := range cases {
		s.TestAppFactory = testapp.Factory
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
			s.Headers = map[string]string{"Authorization": testapp.Token(t, app, testapp.A, "admin")}
			setPlanSites(t, app, 10)
		}
		s.Test(t)
	}
}

// TestNothingSentBeforeACheck: after a move to another host, publishing and
// sync send the site nothing (the route refuses with a clear 409, a job fails
// with the same words), and the check on the new host carries no password
// given for the old one.
func TestNothingSentBeforeACheck(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var auths []string
	srv := listenOn(t, "127.0.0.1", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		auths = append(auths, r.Header.Get("Authorization"))
		mu.Unlock()
		w.WriteHeader(http.StatusNotFound)
	})
	siteA := testapp.SiteId(testapp.A)
	contentA := testapp.RecordId(collections.Contents, testapp.A)
	moved := strings.Replace(srv.URL, "127.0.0.1", "localhost", 1) // another host name, same listener
	move := func(t testing.TB, app *tests.TestApp) {
		site, _ := app.FindRecordById(collections.Sites, siteA)
		site.Set("url", moved)
		if err := app.Save(site); err != nil {
			t.Fatal(err)
		}
	}
	noJobs := func(t testing.TB, app *tests.TestApp, _ *http.Response) {
		if n := len(jobsOf(t, app, wordpress.JobPublish, contentA)) + len(jobsOf(t, app, wordpress.JobSync, siteA)); n != 0 {
			t.Fatalf("%d jobs queued", n)
		}
		if n := srv.conns.Load(); n != 0 {
			t.Fatalf("the site got %d connections", n)
		}
	}
	for _, s := range []tests.ApiScenario{
		{Name: "publish", Method: http.MethodPost, URL: "/api/igny8/contents/" + contentA + "/publish", ExpectedStatus: 409,
			ExpectedContent: []string{"has not passed a connection check", "run the connection check"}, AfterTestFunc: noJobs},
		{Name: "sync", Method: http.MethodPost, URL: "/api/igny8/sites/" + siteA + "/sync", ExpectedStatus: 409,
			ExpectedContent: []string{"has not passed a connection check"}, AfterTestFunc: noJobs},
	} {
		s.TestAppFactory = testapp.Factory
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
			move(t, app)
			s.Headers = map[string]string{"Authorization": testapp.Token(t, app, testapp.A, "admin")}
		}
		s.Test(t)
	}

	app := testapp.New(t)
	move(t, app)
	_, err := wordpress.Publish(context.Background(), app, contentA)
	if !errors.Is(err, wordpress.ErrSiteNotChecked) {
		t.Fatalf("publish to an unchecked site: %v", err)
	}
	site, _ := app.FindRecordById(collections.Sites, siteA)
	if _, err := wordpress.Sync(context.Background(), app, site); !errors.Is(err, wordpress.ErrSiteNotChecked) {
		t.Fatalf("sync with an unchecked site: %v", err)
	}
	if n := srv.conns.Load(); n != 0 {
		t.Fatalf("the site got %d connections before a check", n)
	}
	rep, err := wordpress.CheckSite(context.Background(), app, site)
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(auths) == 0 || rep.OK {
		t.Fatalf("the check did not reach the new host (%d requests) or passed: %+v", len(auths), rep.Checks)
	}
	for _, h := range auths {
		if h != "" {
			t.Fatalf("the check sent %q to the new host", h)
		}
	}
}
