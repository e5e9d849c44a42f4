package workspaces_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

func roleOf(t testing.TB, app core.App, membership string) string {
	t.Helper()
	m, err := app.FindRecordById(collections.Memberships, membership)
	if err != nil {
		return ""
	}
	return m.GetString("role")
}

func TestMembers(t *testing.T) {
	t.Parallel()
	a := testapp.TenantId(testapp.A)
	members := "/api/igny8/workspaces/" + a + "/members"
	mem := func(role string) string { return members + "/" + testapp.MembershipId(testapp.A, role) }
	type tc struct {
		name, ws, role, method, url, body string
		status                            int
		content                           []string
		after                             func(t testing.TB, app *tests.TestApp)
	}
	unchangedRole := func(role string) func(t testing.TB, app *tests.TestApp) {
		return func(t testing.TB, app *tests.TestApp) {
			if got := roleOf(t, app, testapp.MembershipId(testapp.A, role)); got != role {
				t.Fatalf("membership of %s changed to %q", role, got)
			}
		}
	}
	memberCount := func(want int64) func(t testing.TB, app *tests.TestApp) {
		return func(t testing.TB, app *tests.TestApp) {
			n, _ := app.CountRecords(collections.Memberships)
			if n != want {
				t.Fatalf("want %d memberships, got %d", want, n)
			}
		}
	}
	cases := []tc{
		{"list my workspaces", testapp.A, "editor", "GET", "/api/igny8/workspaces", "", 200, []string{`"role":"editor"`, a}, nil},
		{"outsider lists none", "outsider", "", "GET", "/api/igny8/workspaces", "", 200, []string{`"items":[]`}, nil},
		{"anonymous cannot list", "", "", "GET", "/api/igny8/workspaces", "", 401, []string{`"data":`}, nil},
		{"admin invites new user as editor: an invitation, no account", testapp.A, "admin", "POST", members, `{"email":"new@example.com","role":"editor"}`, 200, []string{`"role":"editor"`, `"status":"pending"`, `"link":"`},
			func(t testing.TB, app *tests.TestApp) {
				if _, err := app.FindAuthRecordByEmail(collections.Users, "new@example.com"); err == nil {
					t.Fatal("inviting an unknown address created an account")
				}
				if n, _ := app.CountRecords(collections.Invitations); n != 3 { // with the two fixture invitations
					t.Fatalf("want 3 invitations, got %d", n)
				}
			}},
		{"admin invites existing B user: pending, not a member yet", testapp.A, "admin", "POST", members, fmt.Sprintf(`{"email":%q,"role":"viewer"}`, testapp.Email(testapp.B, "owner")), 200, []string{`"role":"viewer"`, `"status":"pending"`}, memberCount(8)},
		{"admin invites an existing member again", testapp.A, "admin", "POST", members, fmt.Sprintf(`{"email":%q,"role":"viewer"}`, testapp.Email(testapp.A, "editor")), 400, []string{`already a member`}, memberCount(8)},
		{"admin cannot invite an owner", testapp.A, "admin", "POST", members, `{"email":"x@example.com","role":"owner"}`, 403, []string{`Only an owner`}, memberCount(8)},
		{"owner invites an owner", testapp.A, "owner", "POST", members, `{"email":"x@example.com","role":"owner"}`, 200, []string{`"role":"owner"`}, memberCount(8)},
		{"editor cannot invite", testapp.A, "editor", "POST", members, `{"email":"x@example.com","role":"viewer"}`, 403, []string{`"data":`}, memberCount(8)},
		{"B owner cannot invite into A", testapp.B, "owner", "POST", members, `{"email":"x@example.com","role":"viewer"}`, 404, []string{`"data":`}, memberCount(8)},
		{"invite with bad role", testapp.A, "owner", "POST", members, `{"email":"x@example.com","role":"god"}`, 400, []string{`"role"`}, memberCount(8)},
		{"invite with bad email", testapp.A, "owner", "POST", members, `{"email":"nope","role":"viewer"}`, 400, []string{`"email"`}, memberCount(8)},
		{"invite with malformed json", testapp.A, "owner", "POST", members, `{"email":`, 400, []string{`not valid JSON`}, memberCount(8)},
		{"admin promotes viewer to editor", testapp.A, "admin", "PATCH", mem("viewer"), `{"role":"editor"}`, 200, []string{`"role":"editor"`}, nil},
		{"admin cannot escalate anyone to owner", testapp.A, "admin", "PATCH", mem("viewer"), `{"role":"owner"}`, 403, []string{`Only an owner`}, unchangedRole("viewer")},
		{"admin cannot escalate self to owner", testapp.A, "admin", "PATCH", mem("admin"), `{"role":"owner"}`, 403, []string{`Only an owner`}, unchangedRole("admin")},
		{"admin cannot demote the owner", testapp.A, "admin", "PATCH", mem("owner"), `{"role":"viewer"}`, 403, []string{`Only an owner`}, unchangedRole("owner")},
		{"last owner cannot be demoted", testapp.A, "owner", "PATCH", mem("owner"), `{"role":"admin"}`, 400, []string{`at least one owner`}, unchangedRole("owner")},
		{"editor cannot change roles", testapp.A, "editor", "PATCH", mem("viewer"), `{"role":"admin"}`, 403, []string{`"data":`}, unchangedRole("viewer")},
		{"B owner cannot change A's roles", testapp.B, "owner", "PATCH", mem("viewer"), `{"role":"admin"}`, 404, []string{`"data":`}, unchangedRole("viewer")},
		{"B owner cannot address A's membership through B", testapp.B, "owner", "PATCH",
			"/api/igny8/workspaces/" + testapp.TenantId(testapp.B) + "/members/" + testapp.MembershipId(testapp.A, "viewer"), `{"role":"admin"}`, 404, []string{`"data":`}, unchangedRole("viewer")},
		{"viewer leaves", testapp.A, "viewer", "DELETE", mem("viewer"), "", 204, nil, memberCount(7)},
		{"last owner cannot leave", testapp.A, "owner", "DELETE", mem("owner"), "", 400, []string{`at least one owner`}, memberCount(8)},
		{"admin removes editor", testapp.A, "admin", "DELETE", mem("editor"), "", 204, nil, memberCount(7)},
		{"admin cannot remove owner", testapp.A, "admin", "DELETE", mem("owner"), "", 403, []string{`Only an owner`}, memberCount(8)},
		{"editor cannot remove others", testapp.A, "editor", "DELETE", mem("viewer"), "", 403, []string{`"data":`}, memberCount(8)},
		{"B owner cannot remove A's members", testapp.B, "owner", "DELETE", mem("viewer"), "", 404, []string{`"data":`}, memberCount(8)},
		{"anonymous cannot remove", "", "", "DELETE", mem("viewer"), "", 401, []string{`"data":`}, memberCount(8)},
	}
	for _, c := range cases {
		c := c
		s := &tests.ApiScenario{Name: c.name, Method: c.method, URL: c.url, ExpectedStatus: c.status, ExpectedContent: c.content, TestAppFactory: testapp.Factory}
		if c.body != "" {
			s.Body = strings.NewReader(c.body)
		}
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			s.Headers = map[string]string{"Authorization": testapp.Authorization(t, app, c.ws, c.role)}
		}
		if c.after != nil {
			s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, res *http.Response) { c.after(t, app) }
		}
		s.Test(t)
	}
}

func TestPlanLimits(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	// Move workspace A to the Trial plan: 1 user, 1 site — it already has 4 users and 1 site.
	trial, err := app.FindFirstRecordByData(collections.Plans, "code", "trial")
	if err != nil {
		t.Fatal(err)
	}
	tenant, _ := app.FindRecordById(collections.Tenants, testapp.TenantId(testapp.A))
	tenant.Set("plan", trial.Id)
	if err := app.Save(tenant); err != nil {
		t.Fatal(err)
	}
	sites, _ := app.FindCollectionByNameOrId(collections.Sites)
	site := core.NewRecord(sites)
	site.Load(map[string]any{"tenant": tenant.Id, "name": "Second", "url": "https://second.example.com"})
	err = app.Save(site)
	if err == nil || !strings.Contains(err.Error(), "The Trial plan allows 1 site") {
		t.Fatalf("want a Trial site-limit error, got %v", err)
	}
	mems, _ := app.FindCollectionByNameOrId(collections.Memberships)
	m := core.NewRecord(mems)
	m.Load(map[string]any{"tenant": tenant.Id, "user": "outsider0000000", "role": "viewer"})
	err = app.Save(m)
	if err == nil || !strings.Contains(err.Error(), "The Trial plan allows 1 user") {
		t.Fatalf("want a Trial user-limit error, got %v", err)
	}
	if n, _ := app.CountRecords(collections.Sites); n != 2 {
		t.Fatalf("a site was created despite the limit: %d", n)
	}
}

func TestSiteCredentialsRoute(t *testing.T) {
	t.Parallel()
	url := "/api/igny8/sites/" + testapp.SiteId(testapp.A) + "/credentials"
	cases := []struct {
		name, ws, role, body string
		status               int
		content              string
	}{
		{"admin sets credentials", testapp.A, "admin", `{"transport":"rest","wp_username":"editor","app_password":"xxxx yyyy"}`, 200, `"app_password_set":true`},
		{"editor cannot", testapp.A, "editor", `{"app_password":"x"}`, 403, `"data":`},
		{"B owner cannot", testapp.B, "owner", `{"app_password":"x"}`, 404, `"data":`},
		{"anonymous cannot", "", "", `{"app_password":"x"}`, 401, `"data":`},
		{"bad transport", testapp.A, "owner", `{"transport":"ftp"}`, 400, `"transport"`},
		{"malformed json", testapp.A, "owner", `{"transport":`, 400, `not valid JSON`},
	}
	for _, c := range cases {
		c := c
		s := &tests.ApiScenario{Name: c.name, Method: "PUT", URL: url, Body: strings.NewReader(c.body), ExpectedStatus: c.status,
			ExpectedContent: []string{c.content}, NotExpectedContent: []string{"xxxx yyyy", "secret-app-password"}, TestAppFactory: testapp.Factory}
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			if c.ws != "" {
				s.Headers = map[string]string{"Authorization": testapp.Token(t, app, c.ws, c.role)}
			}
		}
		s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, res *http.Response) {
			site, _ := app.FindRecordById(collections.Sites, testapp.SiteId(testapp.A))
			changed := site.GetString("wp_username") == "editor"
			if changed != (c.status == 200) {
				t.Fatalf("wp_username=%q after %d", site.GetString("wp_username"), c.status)
			}
		}
		s.Test(t)
	}
}
