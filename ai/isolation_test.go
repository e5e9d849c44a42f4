package ai_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/ai/aitest"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

const keyA = "sk-workspace-a-secret"

func setKey(t testing.TB, app core.App, ws, key string) {
	t.Helper()
	r, err := app.FindRecordById(collections.Tenants, testapp.TenantId(ws))
	if err != nil {
		t.Fatal(err)
	}
	r.Set("ai_api_key", key)
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
}

// TestWorkspaceKey: A's calls use A's own key, B's and platform calls the
// instance key; the key is stored encrypted.
func TestWorkspaceKey(t *testing.T) {
	t.Parallel()
	app, srv := setup(t)
	setKey(t, app, testapp.A, keyA)
	r, _ := app.FindRecordById(collections.Tenants, testapp.TenantId(testapp.A))
	if stored := r.GetString("ai_api_key"); !strings.HasPrefix(stored, "enc:") || strings.Contains(stored, keyA) {
		t.Fatalf("key stored in clear: %q", stored)
	}
	ctx := context.Background()
	for _, tenant := range []string{testapp.TenantId(testapp.A), testapp.TenantId(testapp.B), ""} {
		if _, _, err := ai.Text(ctx, app, ai.Request{Task: ai.TaskContent, Tenant: tenant, Messages: user("x")}); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := ai.Text(ctx, app, ai.Request{Task: ai.TaskContent, Tenant: "nosuchtenant000", Messages: user("x")}); err == nil {
		t.Fatal("unknown workspace accepted")
	}
	calls := srv.Calls()
	want := []string{"Bearer " + keyA, "Bearer sk-test-instance", "Bearer sk-test-instance"}
	if len(calls) != 3 {
		t.Fatalf("%d calls", len(calls))
	}
	for i, c := range calls {
		if c.Auth != want[i] {
			t.Fatalf("call %d used %q, want %q", i, c.Auth, want[i])
		}
	}
	// a workspace key makes real calls even when the instance has no key (not dev)
	cfg := srv.Config()
	cfg.APIKey = ""
	ai.Configure(app, cfg)
	if _, u, err := ai.Text(ctx, app, ai.Request{Task: ai.TaskContent, Tenant: testapp.TenantId(testapp.A), Messages: user("x")}); err != nil || u.Model == "dev" {
		t.Fatalf("%+v %v", u, err)
	}
}

// TestWorkspaceKeyNeverReadable: the hidden key is in no API answer, to A's
// own owner, B, or anyone else; B cannot write A's key.
func TestWorkspaceKeyNeverReadable(t *testing.T) {
	t.Parallel()
	a := testapp.TenantId(testapp.A)
	withKey := func(ws, role string, s *tests.ApiScenario) func(testing.TB, *tests.TestApp, *core.ServeEvent) {
		return func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			setKey(t, app, testapp.A, keyA)
			if ws != testapp.Anonymous {
				s.Headers = map[string]string{"Authorization": testapp.Authorization(t, app, ws, role)}
			}
		}
	}
	unchanged := func(t testing.TB, app *tests.TestApp, res *http.Response) {
		r, _ := app.FindRecordById(collections.Tenants, a)
		if k, _ := tenancy.Secret(app, r, "ai_api_key"); k != keyA {
			t.Fatalf("A's key changed to %q", k)
		}
	}
	cases := []struct {
		name, ws, role, method, url, body string
		status                            int
		content                           []string
	}{
		{"A owner views A", testapp.A, collections.RoleOwner, "GET", "/api/collections/tenants/records/" + a, "", 200, []string{`"id":"` + a}},
		{"A owner lists", testapp.A, collections.RoleOwner, "GET", "/api/collections/tenants/records?fields=*,ai_api_key", "", 200, []string{`"id":"` + a}},
		{"A owner filters on the key", testapp.A, collections.RoleOwner, "GET", "/api/collections/tenants/records?filter=ai_api_key!=''", "", 400, nil},
		{"B owner views A", testapp.B, collections.RoleOwner, "GET", "/api/collections/tenants/records/" + a, "", 404, nil},
		{"B owner lists", testapp.B, collections.RoleOwner, "GET", "/api/collections/tenants/records", "", 200, []string{testapp.TenantId(testapp.B)}},
		{"B owner overwrites A's key", testapp.B, collections.RoleOwner, "PATCH", "/api/collections/tenants/records/" + a, `{"ai_api_key":"sk-evil"}`, 404, nil},
		{"A viewer overwrites the key", testapp.A, collections.RoleViewer, "PATCH", "/api/collections/tenants/records/" + a, `{"ai_api_key":"sk-evil"}`, 404, nil},
		{"anonymous views A", "", "", "GET", "/api/collections/tenants/records/" + a, "", 404, nil},
		// platform operators see hidden fields, but only the ciphertext
		{"superuser views A", testapp.Superuser, "", "GET", "/api/collections/tenants/records/" + a, "", 200, []string{`"ai_api_key":"enc:v2:`}},
	}
	for _, c := range cases {
		s := &tests.ApiScenario{Name: c.name, Method: c.method, URL: c.url, ExpectedStatus: c.status, ExpectedContent: c.content,
			NotExpectedContent: []string{keyA, "enc:v", `"ai_api_key"`}, TestAppFactory: testapp.Factory, AfterTestFunc: unchanged}
		if c.body != "" {
			s.Body = strings.NewReader(c.body)
		}
		if c.ws == testapp.Superuser {
			s.NotExpectedContent = []string{keyA}
		}
		if len(s.ExpectedContent) == 0 {
			s.ExpectedContent = []string{`"`}
		}
		s.BeforeTestFunc = withKey(c.ws, c.role, s)
		s.Test(t)
	}
}

// TestAIModelsRules: signed-in users read the catalogue, only superusers change it.
func TestAIModelsRules(t *testing.T) {
	t.Parallel()
	list := "/api/collections/ai_models/records?perPage=100"
	one := func(app core.App) string {
		r, _ := app.FindFirstRecordByData(collections.AIModels, "name", "gpt-5.4")
		return "/api/collections/ai_models/records/" + r.Id
	}
	priceKept := func(t testing.TB, app *tests.TestApp, res *http.Response) {
		if m, _ := ai.FindModel(app, "gpt-5.4"); m.PriceOut != 15 {
			t.Fatalf("price changed to %v", m.PriceOut)
		}
		if n, _ := app.CountRecords(collections.AIModels); n != int64(len(ai.SeedModels)) {
			t.Fatalf("%d models", n)
		}
	}
	cases := []struct {
		name, who, role, method, body string
		byId                          bool
		status                        int
		content                       []string
		after                         func(testing.TB, *tests.TestApp, *http.Response)
	}{
		{name: "anonymous list is empty", method: "GET", status: 200, content: []string{`"totalItems":0`}},
		{name: "anonymous view", method: "GET", byId: true, status: 404, content: []string{`"data"`}},
		{name: "viewer lists", who: testapp.B, role: collections.RoleViewer, method: "GET", status: 200, content: []string{`"gpt-5.4"`, `"runware:100@1"`, `"price_out":15`}},
		{name: "outsider lists", who: "outsider", method: "GET", status: 200, content: []string{`"gpt-5.4"`}},
		{name: "owner creates", who: testapp.A, role: collections.RoleOwner, method: "POST", body: `{"name":"evil","provider":"openai","kind":"text","enabled":true}`, status: 403, content: []string{`"data"`}, after: priceKept},
		{name: "owner edits a price", who: testapp.A, role: collections.RoleOwner, method: "PATCH", byId: true, body: `{"price_out":0}`, status: 403, content: []string{`"data"`}, after: priceKept},
		{name: "owner deletes", who: testapp.A, role: collections.RoleOwner, method: "DELETE", byId: true, status: 403, content: []string{`"data"`}, after: priceKept},
		{name: "superuser edits a price", who: testapp.Superuser, method: "PATCH", byId: true, body: `{"price_out":16}`, status: 200, content: []string{`"price_out":16`},
			after: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if m, _ := ai.FindModel(app, "gpt-5.4"); m.PriceOut != 16 {
					t.Fatalf("price %v", m.PriceOut)
				}
			}},
	}
	for _, c := range cases {
		s := &tests.ApiScenario{Name: c.name, Method: c.method, URL: list, ExpectedStatus: c.status, ExpectedContent: c.content,
			TestAppFactory: testapp.Factory, AfterTestFunc: c.after}
		if c.method != "GET" || c.body != "" {
			s.URL = "/api/collections/ai_models/records"
		}
		if c.body != "" {
			s.Body = strings.NewReader(c.body)
		}
		c := c
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			if c.byId {
				s.URL = one(app)
			}
			s.Headers = map[string]string{"Authorization": testapp.Authorization(t, app, c.who, c.role)}
		}
		s.Test(t)
	}
}

var _ = aitest.Text
