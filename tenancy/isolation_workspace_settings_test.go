package tenancy_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// TestIsolationWorkspaceSettingsRoutes sends every actor at workspace A's
// settings routes (rename, AI key state, models, delete): anonymous 401, superusers 403
// (workspace routes are for workspace users), B's members and outsiders 404
// as for a missing workspace, A's members below the route's role 403; a
// refused request changes nothing in A.
func TestIsolationWorkspaceSettingsRoutes(t *testing.T) {
	t.Parallel()
	a := testapp.TenantId(testapp.A)
	routes := []struct {
		name, method, path, body, min string
		want                          string // in a successful answer
		ok                            int
		changed                       func(app core.App) bool
	}{
		{"renames", http.MethodPatch, "/api/igny8/workspaces/" + a, `{"name":"Taken over"}`, collections.RoleOwner, `"name":"Taken over"`, 200,
			func(app core.App) bool {
				r, _ := app.FindRecordById(collections.Tenants, a)
				return r.GetString("name") == "Taken over"
			}},
		{"reads the AI key state of", http.MethodGet, "/api/igny8/workspaces/" + a + "/ai-key", "", collections.RoleAdmin, `"ai_key_set":false`, 200, nil},
		{"reads the models of", http.MethodGet, "/api/igny8/workspaces/" + a + "/models", "", collections.RoleViewer, `{"task":"content"`, 200, nil},
		{"sets the models of", http.MethodPut, "/api/igny8/workspaces/" + a + "/models", `{"models":{"content":"gpt-5.4-mini"}}`, collections.RoleAdmin, `"model":"gpt-5.4-mini"`, 200,
			func(app core.App) bool {
				r, _ := app.FindRecordById(collections.Tenants, a)
				return ai.WorkspaceModels(r)[ai.TaskContent] != ""
			}},
		{"deletes", http.MethodPost, "/api/igny8/workspaces/" + a + "/delete", `{"confirm":"Workspace A"}`, collections.RoleOwner, "", 204,
			func(app core.App) bool { _, err := app.FindRecordById(collections.Tenants, a); return err != nil }},
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
				status = r.ok
			case act.ws == testapp.A:
				status = http.StatusForbidden
			}
			s := tests.ApiScenario{Name: act.name + " " + r.name + " A", Method: r.method, URL: r.path, Body: strings.NewReader(r.body),
				ExpectedStatus: status, TestAppFactory: testapp.Factory}
			switch {
			case status >= 400:
				s.ExpectedContent = []string{`"data":`}
			case status == 200:
				s.ExpectedContent = []string{r.want}
			}
			s.BeforeTestFunc = withHeaders(act, &s)
			if r.changed != nil {
				changed := r.changed
				s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, _ *http.Response) {
					if got := changed(app); got != (status < 400) {
						t.Fatalf("%s: A changed = %v after %d", act.name, got, status)
					}
				}
			}
			casesChecked.Add(1)
			s.Test(t)
		}
	}
}

// TestIsolationSignOutEverywhere: a user's sign-out-everywhere invalidates
// their own tokens only; nobody signs out someone else (the route takes no
// user), and anonymous callers are refused.
func TestIsolationSignOutEverywhere(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := testapp.NewClient(t, app)
	c.Must(http.MethodPost, "/api/igny8/auth/sign-out-everywhere", "", "", 401)
	c.Must(http.MethodPost, "/api/igny8/auth/sign-out-everywhere", testapp.SuperuserToken(t, app), "", 403)
	victim := testapp.Token(t, app, testapp.A, collections.RoleOwner)
	c.Must(http.MethodPost, "/api/igny8/auth/sign-out-everywhere", testapp.Token(t, app, testapp.B, collections.RoleOwner),
		`{"user":"`+testapp.UserId(testapp.A, collections.RoleOwner)+`"}`, 200)
	c.Must(http.MethodPost, "/api/collections/users/auth-refresh", victim, "", 200)
	casesChecked.Add(4)
}
