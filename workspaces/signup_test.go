package workspaces_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

func TestMain(m *testing.M) {
	testapp.Main(m)
}

// countUnchanged asserts that a failed request created nothing.
func countUnchanged(t testing.TB, app *tests.TestApp) {
	t.Helper()
	for col, want := range map[string]int64{collections.Users: 9, collections.Tenants: 2, collections.Memberships: 8} {
		n, err := app.CountRecords(col)
		if err != nil || n != want {
			t.Fatalf("%s: want %d records, got %d (%v)", col, want, n, err)
		}
	}
}

func TestSignup(t *testing.T) {
	t.Parallel()
	body := func(s string) *strings.Reader { return strings.NewReader(s) }
	scenarios := []tests.ApiScenario{
		{
			Name:            "creates user, trial workspace and owner membership",
			Method:          http.MethodPost,
			URL:             "/api/igny8/auth/signup",
			Body:            body(`{"email":"New@Example.com","password":"long-enough-1","name":"Ada","workspace":"Ada's Blog"}`),
			ExpectedStatus:  200,
			ExpectedContent: []string{`"token":"`, `"email":"new@example.com"`, `"slug":"ada-s-blog"`, `"status":"trialing"`},
			ExpectedEvents:  map[string]int{"OnRecordCreate": 5}, // user, tenant, membership, the opening credit grant and its hold until the email is verified
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				u, err := app.FindAuthRecordByEmail(collections.Users, "new@example.com")
				if err != nil {
					t.Fatal(err)
				}
				ms, err := app.FindAllRecords(collections.Memberships)
				if err != nil {
					t.Fatal(err)
				}
				found := false
				for _, m := range ms {
					if m.GetString("user") == u.Id {
						found = m.GetString("role") == collections.RoleOwner
						tenant, _ := app.FindRecordById(collections.Tenants, m.GetString("tenant"))
						plan, _ := app.FindRecordById(collections.Plans, tenant.GetString("plan"))
						if plan.GetString("code") != "trial" {
							t.Fatalf("want trial plan, got %s", plan.GetString("code"))
						}
					}
				}
				if !found {
					t.Fatal("owner membership not created")
				}
			},
		},
		{Name: "missing fields", Method: http.MethodPost, URL: "/api/igny8/auth/signup", Body: body(`{"email":"x@example.com"}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"password"`, `"name"`, `"workspace"`}},
		{Name: "malformed json", Method: http.MethodPost, URL: "/api/igny8/auth/signup", Body: body(`{"email":`),
			ExpectedStatus: 400, ExpectedContent: []string{`not valid JSON`}},
		{Name: "bad email", Method: http.MethodPost, URL: "/api/igny8/auth/signup",
			Body: body(`{"email":"nope","password":"long-enough-1","name":"A","workspace":"W"}`), ExpectedStatus: 400, ExpectedContent: []string{`"email"`}},
		{Name: "duplicate email", Method: http.MethodPost, URL: "/api/igny8/auth/signup",
			Body: body(`{"email":"OWNER-a@example.com","password":"long-enough-1","name":"A","workspace":"W"}`), ExpectedStatus: 400, ExpectedContent: []string{`already exists`}},
		{Name: "public users create is closed", Method: http.MethodPost, URL: "/api/collections/users/records",
			Body: body(`{"email":"y@example.com","password":"long-enough-1","passwordConfirm":"long-enough-1"}`), ExpectedStatus: 403, ExpectedContent: []string{`"data":{}`}},
	}
	for _, s := range scenarios {
		if s.ExpectedStatus != 200 {
			s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, res *http.Response) { countUnchanged(t, app) }
		}
		s.TestAppFactory = testapp.Factory
		s.Test(t)
	}
}

var _ = core.CollectionNameSuperusers
