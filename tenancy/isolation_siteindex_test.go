package tenancy_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// siteRoute is one route of the site index, the cannibalisation check or
// the Optimizer on a record of workspace A: anonymous 401, outsiders and
// B's members 404 (as for a missing record), A's members below min 403, the
// rest (and superusers) ok.
type siteRoute struct {
	name, method, url, body string
	min                     string
	ok                      int
	setup                   func(t testing.TB, app core.App)
}

func connectSiteA(t testing.TB, app core.App) {
	site, _ := app.FindRecordById(collections.Sites, testapp.SiteId(testapp.A))
	site.Set("status", "connected")
	if err := app.Save(site); err != nil {
		t.Fatal(err)
	}
}

func siteRoutes() []siteRoute {
	site := testapp.SiteId(testapp.A)
	return []siteRoute{
		{name: "index the site", method: http.MethodPost, url: "/api/igny8/sites/" + site + "/index", min: collections.RoleEditor, ok: http.StatusAccepted, setup: connectSiteA},
		{name: "decide an overlap", method: http.MethodPost, url: "/api/igny8/overlaps/" + testapp.RecordId(collections.Overlaps, testapp.A) + "/decide",
			body: `{"decision":"skip"}`, min: collections.RoleEditor, ok: http.StatusOK},
		{name: "merge an overlap into a refresh", method: http.MethodPost, url: "/api/igny8/overlaps/" + testapp.RecordId(collections.Overlaps, testapp.A) + "/decide",
			body: `{"decision":"merge"}`, min: collections.RoleEditor, ok: http.StatusOK},
		{name: "scan the site for refreshes", method: http.MethodPost, url: "/api/igny8/sites/" + site + "/optimizer/scan", min: collections.RoleEditor, ok: http.StatusAccepted},
		{name: "run a refresh", method: http.MethodPost, url: "/api/igny8/refreshes/" + testapp.RecordId(collections.Refreshes, testapp.A) + "/run",
			min: collections.RoleEditor, ok: http.StatusAccepted},
		{name: "dismiss a refresh", method: http.MethodPost, url: "/api/igny8/refreshes/" + testapp.RecordId(collections.Refreshes, testapp.A) + "/dismiss",
			min: collections.RoleEditor, ok: http.StatusOK},
		{name: "check a content for overlaps", method: http.MethodPost, url: "/api/igny8/contents/" + testapp.RecordId(collections.Contents, testapp.A) + "/overlap-check",
			min: collections.RoleEditor, ok: http.StatusOK},
	}
}

// TestIsolationSiteRoutes runs every siteRoute for every actor.
func TestIsolationSiteRoutes(t *testing.T) {
	t.Parallel()
	for _, r := range siteRoutes() {
		for _, act := range actors() {
			status := http.StatusNotFound
			switch {
			case act.kind == "anonymous":
				status = http.StatusUnauthorized
			case act.kind == "superuser", act.ws == testapp.A && tenancy.Rank(act.role) >= tenancy.Rank(r.min):
				status = r.ok
			case act.ws == testapp.A:
				status = http.StatusForbidden
			}
			s := tests.ApiScenario{Name: act.name + " " + r.name, Method: r.method, URL: r.url, Body: strings.NewReader(r.body),
				ExpectedStatus: status, ExpectedContent: []string{`"`}, TestAppFactory: testapp.Factory}
			s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
				if r.setup != nil {
					r.setup(t, app)
				}
				s.Headers = map[string]string{"Content-Type": "application/json"}
				for k, v := range act.headers(t, app) {
					s.Headers[k] = v
				}
			}
			casesChecked.Add(1)
			s.Test(t)
		}
	}
}
