package hooks_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

func TestAuditLogRecordsAPIChanges(t *testing.T) {
	t.Parallel()
	kw := testapp.RecordId(collections.Keywords, testapp.A)
	s := &tests.ApiScenario{
		Name: "editor updates a keyword", Method: "PATCH", URL: "/api/collections/keywords/records/" + kw,
		Body: strings.NewReader(`{"volume":4400}`), ExpectedStatus: 200, ExpectedContent: []string{`"volume":4400`},
		TestAppFactory: testapp.Factory,
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
			entry, err := app.FindFirstRecordByFilter(collections.AuditLog, "target = {:id} && action = 'update'", dbx.Params{"id": kw})
			if err != nil {
				t.Fatal("no audit entry for the update")
			}
			if entry.GetString("actor") != testapp.UserId(testapp.A, collections.RoleEditor) || entry.GetString("tenant") != testapp.TenantId(testapp.A) {
				t.Fatalf("wrong actor/tenant: %v", entry.PublicExport())
			}
			changes := entry.GetString("changes")
			if !strings.Contains(changes, `"volume":4400`) || strings.Contains(changes, `"keyword"`) {
				t.Fatalf("changes should hold only the changed field: %s", changes)
			}
		},
	}
	s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
		s.Headers = map[string]string{"Authorization": testapp.Token(t, app, testapp.A, collections.RoleEditor)}
	}
	s.Test(t)

	denied := &tests.ApiScenario{
		Name: "admin cannot edit the audit log", Method: "PATCH", URL: "/api/collections/audit_log/records/" + testapp.RecordId(collections.AuditLog, testapp.A),
		Body: strings.NewReader(`{"action":"forged"}`), ExpectedStatus: 403, ExpectedContent: []string{`Only superusers`},
		TestAppFactory: testapp.Factory,
	}
	denied.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
		denied.Headers = map[string]string{"Authorization": testapp.Token(t, app, testapp.A, collections.RoleOwner)}
	}
	denied.Test(t)
}
