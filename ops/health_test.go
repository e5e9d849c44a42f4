package ops_test

import (
	"net/http"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/tests"
)

// A superuser's /api/health adds the database, queue and scheduler state to
// PocketBase's own fields (which the admin UI reads); nobody else sees them.
func TestHealthState(t *testing.T) {
	for _, c := range []struct{ name, who, role string }{
		{"superuser", testapp.Superuser, ""},
		{collections.RoleOwner, testapp.A, collections.RoleOwner},
		{"anonymous", testapp.Anonymous, ""},
	} {
		app := testapp.New(t)
		jobs.Handle(app, "t.health", nil, jobs.HandlerOptions{})
		if _, err := jobs.Enqueue(app, jobs.EnqueueParams{Tenant: testapp.TenantId(testapp.A), Type: "t.health"}); err != nil {
			t.Fatal(err)
		}
		s := tests.ApiScenario{Name: c.name, Method: http.MethodGet, URL: "/api/health", ExpectedStatus: 200,
			TestAppFactory: func(testing.TB) *tests.TestApp { return app }, DisableTestAppCleanup: true}
		if c.who != testapp.Anonymous {
			s.Headers = map[string]string{"Authorization": testapp.Authorization(t, app, c.who, c.role)}
		}
		if c.who == testapp.Superuser {
			s.ExpectedContent = []string{`"canBackup":true`, `"database":"ok"`, `"queued":1`, `"running":0`, `"scheduler":{"enabled":1`}
		} else {
			s.ExpectedContent, s.NotExpectedContent = []string{`"data":{}`}, []string{"igny8", "queued"}
		}
		s.Test(t)
	}
}
