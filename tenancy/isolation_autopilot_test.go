package tenancy_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// TestIsolationAutopilotRoutes sends every actor at the autopilot routes of
// A's site: anonymous 401, superusers 403 (workspace users' routes),
// outsiders and B's members 404 (as for a missing site); A's members read the
// state, preview and calendar; admins change the policy, only the owner the
// monthly budget; nobody else changes A's policy, and no foreign answer
// names A's records.
func TestIsolationAutopilotRoutes(t *testing.T) {
	t.Parallel()
	site := testapp.SiteId(testapp.A)
	pilot := testapp.RecordId(collections.Autopilots, testapp.A)
	routes := []struct {
		method, path, body string
		min                string // least role of A that succeeds
		budget             bool
	}{
		{http.MethodGet, "/api/igny8/autopilot/" + site, "", collections.RoleViewer, false},
		{http.MethodGet, "/api/igny8/autopilot/" + site + "/preview", "", collections.RoleViewer, false},
		{http.MethodGet, "/api/igny8/autopilot/" + site + "/calendar", "", collections.RoleViewer, false},
		{http.MethodPatch, "/api/igny8/autopilot/" + site, `{"paused":true}`, collections.RoleAdmin, false},
		{http.MethodPatch, "/api/igny8/autopilot/" + site, `{"monthly_budget":7}`, collections.RoleOwner, true},
	}
	for _, r := range routes {
		for _, act := range actors() {
			status := http.StatusNotFound
			switch {
			case act.kind == "anonymous":
				status = http.StatusUnauthorized
			case act.kind == "superuser":
				status = http.StatusForbidden
			case act.ws == testapp.A && tenancy.Rank(act.role) >= tenancy.Rank(r.min):
				status = http.StatusOK
			case act.ws == testapp.A:
				status = http.StatusForbidden
			}
			s := tests.ApiScenario{Name: act.name + " " + r.method + " " + r.path + " " + r.body, Method: r.method, URL: r.path,
				Body: strings.NewReader(r.body), ExpectedStatus: status, TestAppFactory: testapp.Factory}
			if status == http.StatusOK {
				s.ExpectedContent = []string{`"site":"` + site + `"`}
			} else {
				s.ExpectedContent = []string{`"data":`}
				s.NotExpectedContent = []string{pilot, `"steps"`}
			}
			s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
				s.Headers = act.headers(t, app)
				if s.Headers == nil {
					s.Headers = map[string]string{}
				}
				s.Headers["Content-Type"] = "application/json"
			}
			s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				rec, err := app.FindFirstRecordByFilter(collections.Autopilots, "site = {:s}", dbx.Params{"s": site})
				if err != nil {
					t.Fatal(err)
				}
				changed := rec.GetBool("paused") || rec.GetInt("monthly_budget") != 500
				if want := r.method == http.MethodPatch && status == http.StatusOK; changed != want {
					t.Fatalf("A's autopilot after %s: paused %v, budget %d", act.name, rec.GetBool("paused"), rec.GetInt("monthly_budget"))
				}
			}
			casesChecked.Add(1)
			s.Test(t)
		}
	}
}
