package workspaces_test

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

func aiKeyOf(t testing.TB, app core.App) string {
	t.Helper()
	rec, err := app.FindRecordById(collections.Tenants, testapp.TenantId(testapp.A))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(rec.GetString(collections.TenantAIKey), "enc:v2:") && rec.GetString(collections.TenantAIKey) != "" {
		t.Fatalf("AI key stored unencrypted: %.7s…", rec.GetString(collections.TenantAIKey))
	}
	k, err := tenancy.Secret(app, rec, collections.TenantAIKey)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// TestAIKeyRoute: the owner sets and removes the workspace AI key through the
// route (encrypted, audited without the key, never echoed), and a PATCH of the
// hidden field through the collections API is refused instead of answering 200
// and storing nothing.
func TestAIKeyRoute(t *testing.T) {
	t.Parallel()
	a := testapp.TenantId(testapp.A)
	owner := func(s *tests.ApiScenario) func(testing.TB, *tests.TestApp, *core.ServeEvent) {
		return func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			s.Headers = map[string]string{"Authorization": testapp.Token(t, app, testapp.A, collections.RoleOwner)}
		}
	}
	set := &tests.ApiScenario{Name: "owner sets the key", Method: http.MethodPut, URL: "/api/igny8/workspaces/" + a + "/ai-key",
		Body: strings.NewReader(`{"key":"sk-owner-set-key"}`), ExpectedStatus: 200,
		ExpectedContent: []string{`"ai_key_set":true`}, NotExpectedContent: []string{"sk-owner-set-key"}, TestAppFactory: testapp.Factory,
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
			if k := aiKeyOf(t, app); k != "sk-owner-set-key" {
				t.Fatalf("stored key %q", k)
			}
			entries, err := app.FindRecordsByFilter(collections.AuditLog, "tenant = {:t} && action = 'workspace.ai_key'", "", 0, 0, dbx.Params{"t": a})
			if err != nil || len(entries) != 1 {
				t.Fatalf("audit entries: %d, %v", len(entries), err)
			}
			if raw := entries[0].GetString("changes"); strings.Contains(raw, "sk-owner") || !strings.Contains(raw, `"ai_key_set":true`) {
				t.Fatalf("audit changes %s", raw)
			}
		}}
	set.BeforeTestFunc = owner(set)
	set.Test(t)

	remove := &tests.ApiScenario{Name: "owner removes the key", Method: http.MethodPut, URL: "/api/igny8/workspaces/" + a + "/ai-key",
		Body: strings.NewReader(`{"key":""}`), ExpectedStatus: 200, ExpectedContent: []string{`"ai_key_set":false`}, TestAppFactory: testapp.Factory,
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
			if k := aiKeyOf(t, app); k != "" {
				t.Fatalf("key still %q", k)
			}
		}}
	remove.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
		rec, _ := app.FindRecordById(collections.Tenants, a)
		rec.Set(collections.TenantAIKey, "sk-to-remove")
		if err := app.Save(rec); err != nil {
			t.Fatal(err)
		}
		owner(remove)(t, app, e)
	}
	remove.Test(t)

	bad := &tests.ApiScenario{Name: "a key with spaces", Method: http.MethodPut, URL: "/api/igny8/workspaces/" + a + "/ai-key",
		Body: strings.NewReader(`{"key":"sk one"}`), ExpectedStatus: 400, ExpectedContent: []string{`"key"`}, TestAppFactory: testapp.Factory}
	bad.BeforeTestFunc = owner(bad)
	bad.Test(t)

	patch := &tests.ApiScenario{Name: "owner PATCHes the hidden field", Method: http.MethodPatch, URL: "/api/collections/tenants/records/" + a,
		Body: strings.NewReader(`{"ai_api_key":"sk-patched"}`), ExpectedStatus: 400,
		ExpectedContent: []string{`ai-key`}, NotExpectedContent: []string{"sk-patched"}, TestAppFactory: testapp.Factory,
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
			if k := aiKeyOf(t, app); k != "" {
				t.Fatalf("PATCH stored %q", k)
			}
		}}
	patch.BeforeTestFunc = owner(patch)
	patch.Test(t)
}

// TestAIKeyState: admins learn whether a key is set and see it masked (its
// first three and last four characters), never the key.
func TestAIKeyState(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := testapp.NewClient(t, app)
	a := testapp.TenantId(testapp.A)
	admin := testapp.Token(t, app, testapp.A, collections.RoleAdmin)
	if got := c.Must(http.MethodGet, "/api/igny8/workspaces/"+a+"/ai-key", admin, "", 200); got["ai_key_set"] != false || got["masked"] != "" {
		t.Fatalf("no key: %v", got)
	}
	c.Must(http.MethodPut, "/api/igny8/workspaces/"+a+"/ai-key", testapp.Token(t, app, testapp.A, collections.RoleOwner), `{"key":"sk-proj-secret-middle-wxyz"}`, 200)
	r := c.Do(http.MethodGet, "/api/igny8/workspaces/"+a+"/ai-key", admin, "")
	if r.Status != 200 || !strings.Contains(r.Body, `"masked":"sk-…wxyz"`) || strings.Contains(r.Body, "secret-middle") {
		t.Fatalf("with a key: %d %s", r.Status, r.Body)
	}
	c.Must(http.MethodGet, "/api/igny8/workspaces/"+a+"/ai-key", testapp.Token(t, app, testapp.A, collections.RoleEditor), "", 403)
}
