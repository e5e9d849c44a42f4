package workspaces_test

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// TestListMembers: every member of A gets A's members, owners first, with
// their role and whether it is them; admins and owners see everyone's email,
// editors and viewers only their own.
func TestListMembers(t *testing.T) {
	t.Parallel()
	a := testapp.TenantId(testapp.A)
	for _, role := range collections.Roles {
		s := &tests.ApiScenario{Name: role, Method: http.MethodGet, URL: "/api/igny8/workspaces/" + a + "/members",
			ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"items":`}, TestAppFactory: testapp.Factory}
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			s.Headers = map[string]string{"Authorization": testapp.Token(t, app, testapp.A, role)}
		}
		s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, res *http.Response) {
			b, _ := io.ReadAll(res.Body)
			var out struct {
				Items []struct {
					Membership, User, Name, Email, Role string
					You                                 bool
				}
			}
			if err := json.Unmarshal(b, &out); err != nil {
				t.Fatal(err)
			}
			if len(out.Items) != len(collections.Roles) || out.Items[0].Role != collections.RoleOwner || out.Items[len(out.Items)-1].Role != collections.RoleViewer {
				t.Fatalf("members %s", b)
			}
			admin := role == collections.RoleAdmin || role == collections.RoleOwner
			for _, m := range out.Items {
				me := m.User == testapp.UserId(testapp.A, role)
				if m.You != me || m.Membership != testapp.MembershipId(testapp.A, m.Role) {
					t.Errorf("%s sees %+v", role, m)
				}
				if wantEmail := admin || me; (m.Email == testapp.Email(testapp.A, m.Role)) != wantEmail || (!wantEmail && m.Email != "") {
					t.Errorf("%s sees the %s's email %q", role, m.Role, m.Email)
				}
			}
		}
		s.Test(t)
	}
	other := &tests.ApiScenario{Name: "B's owner", Method: http.MethodGet, URL: "/api/igny8/workspaces/" + a + "/members",
		ExpectedStatus: http.StatusNotFound, NotExpectedContent: []string{testapp.Email(testapp.A, collections.RoleOwner)}, TestAppFactory: testapp.Factory}
	other.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
		other.Headers = map[string]string{"Authorization": testapp.Token(t, app, testapp.B, collections.RoleOwner)}
	}
	other.Test(t)
}
