package hooks_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

func TestPlanLimitSitesThroughAPI(t *testing.T) {
	t.Parallel()
	s := &tests.ApiScenario{
		Name: "trial workspace cannot add a second site", Method: "POST", URL: "/api/collections/sites/records",
		Body:           strings.NewReader(`{"tenant":"` + testapp.TenantId(testapp.A) + `","name":"Second","url":"https://second.example.com"}`),
		ExpectedStatus: 403, ExpectedContent: []string{`The Trial plan allows 1 site`, `igny8_plan_limit`},
		TestAppFactory: testapp.Factory,
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
			if n, _ := app.CountRecords(collections.Sites); n != 2 {
				t.Fatalf("want 2 sites, got %d", n)
			}
		},
	}
	s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
		trial, _ := app.FindFirstRecordByData(collections.Plans, "code", "trial")
		tenant, _ := app.FindRecordById(collections.Tenants, testapp.TenantId(testapp.A))
		tenant.Set("plan", trial.Id)
		if err := app.Save(tenant); err != nil {
			t.Fatal(err)
		}
		s.Headers = map[string]string{"Authorization": testapp.Token(t, app, testapp.A, collections.RoleAdmin)}
	}
	s.Test(t)
}
