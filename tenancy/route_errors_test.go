package tenancy_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/router"
)

// apiAnswer is an error answer as a client reads it.
type apiAnswer struct {
	Status  int                       `json:"status"`
	Message string                    `json:"message"`
	Data    map[string]map[string]any `json:"data"`
}

func readAnswer(t testing.TB, res *http.Response) apiAnswer {
	t.Helper()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	var a apiAnswer
	if err := json.Unmarshal(raw, &a); err != nil {
		t.Fatalf("answer %s: %v", raw, err)
	}
	return a
}

func setTenant(t testing.TB, app core.App, ws string, fields map[string]any) {
	t.Helper()
	tn, err := app.FindRecordById(collections.Tenants, testapp.TenantId(ws))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range fields {
		tn.Set(k, v)
	}
	if err := app.Save(tn); err != nil {
		t.Fatal(err)
	}
}

func jobCount(t testing.TB, app core.App, typ string) int64 {
	t.Helper()
	n, err := app.CountRecords(collections.Jobs, dbx.HashExp{"type": typ})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestRouteErrorsShortCredits: a request that queues several paid jobs is
// refused with 402 naming what the WHOLE request needs and the balance, once
// (not "Not enough credits: not enough credits: this needs 3 ..."), with a
// stable code and the numbers as params; nothing is queued or reserved.
func TestRouteErrorsShortCredits(t *testing.T) {
	t.Parallel()
	site := testapp.SiteId(testapp.A)
	s := &tests.ApiScenario{
		Name: "ideas for 16 clusters with 10 credits", Method: http.MethodPost, URL: "/api/igny8/planner/ideas",
		Body: strings.NewReader(`{"site":"` + site + `"}`), ExpectedStatus: 402,
		ExpectedContent: []string{`"message":"Not enough credits: this needs 48 credits and the workspace has 10."`},
		TestAppFactory:  testapp.Factory,
		BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			col, _ := app.FindCollectionByNameOrId(collections.Clusters)
			for i := range 16 {
				c := core.NewRecord(col)
				c.Load(map[string]any{"tenant": testapp.TenantId(testapp.A), "site": site, "name": fmt.Sprintf("Topic %d", i),
					"status": "active", "keyword_count": 3, "total_volume": 100 + i})
				if err := app.Save(c); err != nil {
					t.Fatal(err)
				}
			}
			setTenant(t, app, testapp.A, map[string]any{"plan_credits": 4, "topup_credits": 6})
		},
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
			a := readAnswer(t, res)
			c := a.Data["credits"]
			if c["code"] != tenancy.CodeInsufficientCredits {
				t.Fatalf("data %v", a.Data)
			}
			params, _ := c["params"].(map[string]any)
			if params["need"] != float64(48) || params["balance"] != float64(10) {
				t.Fatalf("params %v", params)
			}
			if n := jobCount(t, app, "planner.ideas"); n != 0 {
				t.Fatalf("%d ideas jobs queued", n)
			}
			b, _ := billing.GetBalance(app, testapp.TenantId(testapp.A))
			if b.Total() != 10 {
				t.Fatalf("balance %d after a refused request", b.Total())
			}
		},
	}
	s.Headers = map[string]string{"Content-Type": "application/json"}
	s.BeforeTestFunc = chain(s.BeforeTestFunc, func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
		s.Headers["Authorization"] = testapp.Token(t, app, testapp.A, collections.RoleEditor)
	})
	s.Test(t)
}

// TestRouteErrorsSuspended: the routes that queue work answer a suspended
// workspace with 403 and the same code as the collections API, in every
// module (the planner used to answer 500, WordPress 400 with the engine's
// text, the writer 403 without a code).
func TestRouteErrorsSuspended(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ name, url, body string }{
		{"planner cluster", "/api/igny8/planner/cluster", `{"site":"` + testapp.SiteId(testapp.A) + `"}`},
		{"wordpress sync", "/api/igny8/sites/" + testapp.SiteId(testapp.A) + "/sync", ``},
		{"writer generate", "/api/igny8/writer/tasks/" + testapp.RecordId(collections.Tasks, testapp.A) + "/generate", ``},
	} {
		s := &tests.ApiScenario{Name: c.name, Method: http.MethodPost, URL: c.url, ExpectedStatus: 403,
			ExpectedContent: []string{`"code":"igny8_workspace_suspended"`}, NotExpectedContent: []string{"update billing to resume"},
			TestAppFactory: testapp.Factory}
		if c.body != "" {
			s.Body = strings.NewReader(c.body)
		}
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			site, _ := app.FindRecordById(collections.Sites, testapp.SiteId(testapp.A))
			col, _ := app.FindCollectionByNameOrId(collections.Keywords)
			k := core.NewRecord(col)
			k.Load(map[string]any{"tenant": testapp.TenantId(testapp.A), "site": site.Id, "keyword": "fresh keyword", "normalized": "fresh keyword", "status": "new"})
			if err := app.Save(k); err != nil {
				t.Fatal(err)
			}
			setTenant(t, app, testapp.A, map[string]any{"status": collections.TenantSuspended})
			s.Headers = map[string]string{"Content-Type": "application/json", "Authorization": testapp.Token(t, app, testapp.A, collections.RoleOwner)}
		}
		s.Test(t)
	}
}

// TestAPIErrorHidesInternalText: an unexpected error becomes a 500 whose
// answer carries a code and never the error's text; policy errors keep
// their status however deeply they are wrapped.
func TestAPIErrorHidesInternalText(t *testing.T) {
	err := tenancy.APIError(fmt.Errorf("queue job: %w", errors.New("open /var/lib/igny8/data.db: disk I/O error")))
	var a *router.ApiError
	if !errors.As(err, &a) || a.Status != 500 {
		t.Fatalf("got %v", err)
	}
	raw, _ := json.Marshal(a)
	if strings.Contains(string(raw), "data.db") || !strings.Contains(string(raw), tenancy.CodeInternal) {
		t.Fatalf("answer %s", raw)
	}
	for _, c := range []struct {
		err    error
		status int
	}{
		{fmt.Errorf("enqueue: %w", tenancy.ErrSuspended), 403},
		{fmt.Errorf("enqueue: %w", &billing.ShortError{Need: 5, Balance: 1}), 402},
		{fmt.Errorf("x: %w", tenancy.ErrNotFound), 404},
		{fmt.Errorf("x: %w", tenancy.ErrRoleTooLow), 403},
		{&tenancy.StateError{Msg: "The job already finished."}, 409},
	} {
		if !errors.As(tenancy.APIError(c.err), &a) || a.Status != c.status {
			t.Fatalf("%v: got %v", c.err, a)
		}
	}
}
