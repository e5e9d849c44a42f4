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

func TestSuspendedWorkspaceIsReadOnly(t *testing.T) {
	t.Parallel()
	kw := "/api/collections/keywords/records"
	kwA := kw + "/" + testapp.RecordId(collections.Keywords, testapp.A)
	create := `{"tenant":"` + testapp.TenantId(testapp.A) + `","site":"` + testapp.SiteId(testapp.A) + `","keyword":"n","normalized":"n"}`
	cases := []struct {
		name, method, url, body, ws string
		superuser                   bool
		status                      int
		content                     string
	}{
		{"read still works", "GET", kwA, "", testapp.A, false, 200, `"id":"`},
		{"create refused", "POST", kw, create, testapp.A, false, 403, `igny8_workspace_suspended`},
		{"update refused", "PATCH", kwA, `{"volume":1}`, testapp.A, false, 403, `suspended and read-only`},
		{"delete refused", "DELETE", kwA, "", testapp.A, false, 403, `suspended and read-only`},
		{"other workspace unaffected", "PATCH", kw + "/" + testapp.RecordId(collections.Keywords, testapp.B), `{"volume":1}`, testapp.B, false, 200, `"volume":1`},
		{"superuser may still fix data", "PATCH", kwA, `{"volume":7}`, "", true, 200, `"volume":7`},
	}
	for _, c := range cases {
		c := c
		s := &tests.ApiScenario{Name: c.name, Method: c.method, URL: c.url, ExpectedStatus: c.status, ExpectedContent: []string{c.content}, TestAppFactory: testapp.Factory}
		if c.body != "" {
			s.Body = strings.NewReader(c.body)
		}
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			tenant, _ := app.FindRecordById(collections.Tenants, testapp.TenantId(testapp.A))
			tenant.Set("status", collections.TenantSuspended)
			if err := app.Save(tenant); err != nil {
				t.Fatal(err)
			}
			if c.superuser {
				s.Headers = map[string]string{"Authorization": testapp.SuperuserToken(t, app)}
			} else {
				s.Headers = map[string]string{"Authorization": testapp.Token(t, app, c.ws, collections.RoleOwner)}
			}
		}
		s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, res *http.Response) {
			if c.status == 403 {
				if n, _ := app.CountRecords(collections.Keywords); n != 2 {
					t.Fatalf("keywords count %d", n)
				}
				k, _ := app.FindRecordById(collections.Keywords, testapp.RecordId(collections.Keywords, testapp.A))
				if k.GetInt("volume") != 10 {
					t.Fatalf("suspended keyword changed: %d", k.GetInt("volume"))
				}
			}
		}
		s.Test(t)
	}
}
