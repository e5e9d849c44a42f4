package tenancy_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

func bIds() []string {
	return []string{testapp.TenantId(testapp.B), testapp.SiteId(testapp.B), testapp.RecordId(collections.Keywords, testapp.B),
		testapp.RecordId(collections.Clusters, testapp.B), testapp.UserId(testapp.B, collections.RoleOwner)}
}

// signed returns a BeforeTestFunc that signs s's request as ws/role.
func signed(s *tests.ApiScenario, ws, role string) func(testing.TB, *tests.TestApp, *core.ServeEvent) {
	return func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
		s.Headers = map[string]string{"Authorization": testapp.Authorization(t, app, ws, role)}
	}
}

func runAll(t *testing.T, scenarios []tests.ApiScenario, ws []string, roles []string) {
	for i := range scenarios {
		s := &scenarios[i]
		s.TestAppFactory = testapp.Factory
		if ws[i] != "" {
			prev := s.BeforeTestFunc
			s.BeforeTestFunc = chain(signed(s, ws[i], roles[i]), prev)
		}
		casesChecked.Add(1)
		s.Test(t)
	}
}

func TestIsolationExpandAndFilters(t *testing.T) {
	t.Parallel()
	a := testapp.TenantId(testapp.A)
	q := func(path string, params ...string) string {
		v := url.Values{}
		for i := 0; i+1 < len(params); i += 2 {
			v.Set(params[i], params[i+1])
		}
		return path + "?" + v.Encode()
	}
	kw := "/api/collections/keywords/records"
	scenarios := []tests.ApiScenario{
		{Name: "B expands its keywords' relations and back-relations", Method: "GET",
			URL:            q(kw, "expand", "cluster,site,tenant,site.tenant,tenant.memberships_via_tenant.user,cluster.keywords_via_cluster"),
			ExpectedStatus: 200, ExpectedContent: []string{testapp.RecordId(collections.Clusters, testapp.B), testapp.UserId(testapp.B, collections.RoleViewer)},
			NotExpectedContent: aIds()},
		{Name: "B expands tenants' memberships", Method: "GET", URL: q("/api/collections/tenants/records", "expand", "memberships_via_tenant.user,plan"),
			ExpectedStatus: 200, ExpectedContent: []string{testapp.TenantId(testapp.B)}, NotExpectedContent: aIds()},
		{Name: "B expands its own user's memberships", Method: "GET", URL: q("/api/collections/users/records", "expand", "memberships_via_user.tenant"),
			ExpectedStatus: 200, ExpectedContent: []string{testapp.UserId(testapp.B, collections.RoleOwner)}, NotExpectedContent: aIds()},
		{Name: "A viewer's expand shows no B record", Method: "GET", URL: q(kw, "expand", "cluster,site,tenant.memberships_via_tenant.user"),
			ExpectedStatus: 200, ExpectedContent: []string{testapp.RecordId(collections.Keywords, testapp.A)}, NotExpectedContent: bIds()},
		{Name: "B filters by A's tenant id", Method: "GET", URL: q(kw, "filter", fmt.Sprintf("tenant=%q", a)),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":0`}},
		{Name: "B filters through a relation into A", Method: "GET", URL: q(kw, "filter", `site.tenant.name="Workspace A"`),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":0`}},
		{Name: "B probes A's keywords through @collection", Method: "GET",
			URL:            q("/api/collections/sites/records", "filter", `@collection.keywords.keyword ?= "keyword a"`),
			ExpectedStatus: 403, ExpectedContent: []string{`Only superusers`}},
		{Name: "B probes A's users by email", Method: "GET", URL: q("/api/collections/users/records", "filter", `email="owner-a@example.com"`),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":0`}},
		{Name: "B probes A's membership roles", Method: "GET", URL: q("/api/collections/memberships/records", "filter", fmt.Sprintf(`tenant=%q`, a)),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":0`}},
		{Name: "B sorts by a relation into A", Method: "GET", URL: q(kw, "sort", "-cluster.name", "filter", `cluster.tenant.slug="workspace-a"`),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":0`}},
	}
	ws := []string{testapp.B, testapp.B, testapp.B, testapp.A, testapp.B, testapp.B, testapp.B, testapp.B, testapp.B, testapp.B}
	roles := []string{"owner", "owner", "owner", "viewer", "owner", "owner", "owner", "owner", "owner", "owner"}
	runAll(t, scenarios, ws, roles)
}

func TestIsolationCrossTenantWrites(t *testing.T) {
	t.Parallel()
	a, b := testapp.TenantId(testapp.A), testapp.TenantId(testapp.B)
	siteA, siteB := testapp.SiteId(testapp.A), testapp.SiteId(testapp.B)
	kw := "/api/collections/keywords/records"
	body := func(format string, args ...any) *strings.Reader {
		return strings.NewReader(fmt.Sprintf(format, args...))
	}
	unchanged := func(t testing.TB, app *tests.TestApp, res *http.Response) {
		n, _ := app.CountRecords(collections.Keywords)
		if n != 2 {
			t.Fatalf("keywords count changed to %d", n)
		}
		k, _ := app.FindRecordById(collections.Keywords, testapp.RecordId(collections.Keywords, testapp.B))
		if k.GetString("tenant") != b || k.GetString("cluster") != testapp.RecordId(collections.Clusters, testapp.B) {
			t.Fatalf("B's keyword was moved: tenant=%s cluster=%s", k.GetString("tenant"), k.GetString("cluster"))
		}
	}
	scenarios := []tests.ApiScenario{
		{Name: "B creates in its tenant on A's site", Method: "POST", URL: kw, Body: body(`{"tenant":%q,"site":%q,"keyword":"x","normalized":"x"}`, b, siteA),
			ExpectedStatus: 400, ExpectedContent: []string{`"data":`}},
		{Name: "B links its keyword to A's cluster", Method: "POST", URL: kw,
			Body:           body(`{"tenant":%q,"site":%q,"keyword":"x","normalized":"x","cluster":%q}`, b, siteB, testapp.RecordId(collections.Clusters, testapp.A)),
			ExpectedStatus: 400, ExpectedContent: []string{`validation_missing_rel_records`}},
		{Name: "B moves its keyword into A", Method: "PATCH", URL: kw + "/" + testapp.RecordId(collections.Keywords, testapp.B),
			Body: body(`{"tenant":%q,"site":%q}`, a, siteA), ExpectedStatus: 404, ExpectedContent: []string{`"data":`}},
		{Name: "B repoints its keyword at A's cluster", Method: "PATCH", URL: kw + "/" + testapp.RecordId(collections.Keywords, testapp.B),
			Body: body(`{"cluster":%q}`, testapp.RecordId(collections.Clusters, testapp.A)), ExpectedStatus: 400, ExpectedContent: []string{`validation_missing_rel_records`}},
		{Name: "B batch-creates in A", Method: "POST", URL: "/api/batch",
			Body:           body(`{"requests":[{"method":"POST","url":"/api/collections/keywords/records","body":{"tenant":%q,"site":%q,"keyword":"x","normalized":"x"}}]}`, a, siteA),
			ExpectedStatus: 400, ExpectedContent: []string{`"data":`}},
		{Name: "B batch mixes its own write with one into A: all rolled back", Method: "POST", URL: "/api/batch",
			Body: body(`{"requests":[{"method":"POST","url":"/api/collections/keywords/records","body":{"tenant":%q,"site":%q,"keyword":"y","normalized":"y"}},`+
				`{"method":"DELETE","url":"/api/collections/keywords/records/%s"}]}`, b, siteB, testapp.RecordId(collections.Keywords, testapp.A)),
			ExpectedStatus: 400, ExpectedContent: []string{`"data":`}},
	}
	for i := range scenarios {
		scenarios[i].AfterTestFunc = unchanged
	}
	ok := tests.ApiScenario{Name: "B batch-creates in its own workspace", Method: "POST", URL: "/api/batch",
		Body: body(`{"requests":[{"method":"POST","url":"/api/collections/keywords/records","body":{"tenant":%q,"site":%q,"keyword":"y","normalized":"y"}},`+
			`{"method":"POST","url":"/api/collections/keywords/records","body":{"tenant":%q,"site":%q,"keyword":"z","normalized":"z"}}]}`, b, siteB, b, siteB),
		ExpectedStatus: 200, ExpectedContent: []string{`"status":200`},
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
			if n, _ := app.CountRecords(collections.Keywords); n != 4 {
				t.Fatalf("want 4 keywords, got %d", n)
			}
		}}
	scenarios = append(scenarios, ok)
	ws := make([]string, len(scenarios))
	roles := make([]string, len(scenarios))
	for i := range ws {
		ws[i], roles[i] = testapp.B, collections.RoleOwner
	}
	runAll(t, scenarios, ws, roles)
}

// TestIsolationBillingRoutes: workspace B's owner reaches none of A's
// billing routes (404, like a missing workspace, before any call to Stripe:
// the test app has no Stripe key, so a route that got past the role check
// would answer 503), and nothing of A appears in the answers.
func TestIsolationBillingRoutes(t *testing.T) {
	t.Parallel()
	base := "/api/igny8/billing/workspaces/" + testapp.TenantId(testapp.A)
	var scenarios []tests.ApiScenario
	var ws, roles []string
	for _, r := range []struct{ method, path, body string }{
		{"POST", base + "/checkout", `{"plan":"pro"}`}, {"POST", base + "/portal", ``},
		{"GET", base + "/invoices", ``}, {"GET", base + "/summary", ``},
	} {
		for _, role := range []string{collections.RoleOwner, collections.RoleViewer} {
			scenarios = append(scenarios, tests.ApiScenario{Name: "B " + role + " " + r.method + " " + r.path, Method: r.method, URL: r.path,
				Body: strings.NewReader(r.body), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}, NotExpectedContent: aIds()})
			ws, roles = append(ws, testapp.B), append(roles, role)
		}
	}
	runAll(t, scenarios, ws, roles)
}

// TestIsolationWriterImageRoutes: another workspace's owner and editor (and
// the outsider) never edit, move, remove or regenerate A's images, nor queue
// A's tasks in a bulk generate; A's image is left as it was.
func TestIsolationWriterImageRoutes(t *testing.T) {
	t.Parallel()
	img := testapp.RecordId(collections.Images, testapp.A)
	task := testapp.RecordId(collections.Tasks, testapp.A)
	unchanged := func(t testing.TB, app *tests.TestApp, _ *http.Response) {
		r, err := app.FindRecordById(collections.Images, img)
		if err != nil || r.GetString("alt") == "stolen" || r.GetString("status") != "ready" {
			t.Fatalf("A's image changed or removed: %v", err)
		}
		if n, _ := app.CountRecords(collections.Jobs, dbx.Not(dbx.HashExp{"type": "fixture"})); n != 0 {
			t.Fatalf("%d jobs queued", n)
		}
	}
	var scenarios []tests.ApiScenario
	var ws, roles []string
	for _, r := range []struct{ method, path, body string }{
		{"PATCH", "/api/igny8/writer/images/" + img, `{"alt":"stolen"}`},
		{"DELETE", "/api/igny8/writer/images/" + img, ``},
		{"POST", "/api/igny8/writer/images/" + img + "/regenerate", ``},
		{"POST", "/api/igny8/writer/tasks/generate", `{"ids":["` + task + `"]}`},
	} {
		for _, who := range []struct{ ws, role string }{{testapp.B, collections.RoleOwner}, {testapp.B, collections.RoleEditor}, {testapp.Outsider, ""}} {
			scenarios = append(scenarios, tests.ApiScenario{Name: who.ws + " " + who.role + " " + r.method + " " + r.path, Method: r.method, URL: r.path,
				Body: strings.NewReader(r.body), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}, NotExpectedContent: []string{`"alt"`, `"job"`},
				AfterTestFunc: unchanged})
			ws, roles = append(ws, who.ws), append(roles, who.role)
		}
	}
	runAll(t, scenarios, ws, roles)
}

// TestIsolationScheduleRun sends every actor at POST
// /api/igny8/schedules/{A's schedule}/run: anonymous 401, outsiders and B's
// members 404 (as for a missing schedule), A's viewers and editors 403, A's
// admins, owners and superusers queue the run (202). Only they ever queue a
// schedule.run job for A, and nobody else changes A's schedule.
func TestIsolationScheduleRun(t *testing.T) {
	t.Parallel()
	for _, act := range actors() {
		status := http.StatusNotFound
		switch {
		case act.kind == "anonymous":
			status = http.StatusUnauthorized
		case act.kind == "superuser", act.ws == testapp.A && tenancy.Rank(act.role) >= tenancy.Rank(collections.RoleAdmin):
			status = http.StatusAccepted
		case act.ws == testapp.A:
			status = http.StatusForbidden
		}
		s := &tests.ApiScenario{Name: act.name + " runs A's schedule now", Method: http.MethodPost,
			ExpectedStatus: status, ExpectedContent: []string{`"data":`}, TestAppFactory: testapp.Factory}
		if status == http.StatusAccepted {
			s.ExpectedContent = []string{`"created":true`}
		}
		var sched string
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			r, err := app.FindFirstRecordByFilter(collections.Schedules, "site = {:s}", dbx.Params{"s": testapp.SiteId(testapp.A)})
			if err != nil {
				t.Fatal(err)
			}
			sched = r.Id
			s.URL = "/api/igny8/schedules/" + sched + "/run"
			s.Headers = act.headers(t, app)
		}
		s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			n, _ := app.CountRecords(collections.Jobs, dbx.HashExp{"type": "schedule.run", "tenant": testapp.TenantId(testapp.A)})
			r, _ := app.FindRecordById(collections.Schedules, sched)
			if (n == 1) != (status == http.StatusAccepted) || (r.GetDateTime("last_run").IsZero()) != (status != http.StatusAccepted) {
				t.Fatalf("after %s (%d): %d schedule.run jobs for A, last_run %v", act.name, status, n, r.GetDateTime("last_run"))
			}
		}
		casesChecked.Add(1)
		s.Test(t)
	}
}

// TestIsolationMembersList sends every actor at GET
// /api/igny8/workspaces/{A}/members: anonymous 401, superusers 403 (like
// every /workspaces route), outsiders and B's members 404 with nothing of
// A's members in the answer, A's members 200.
func TestIsolationMembersList(t *testing.T) {
	t.Parallel()
	a := testapp.TenantId(testapp.A)
	for _, act := range actors() {
		status := http.StatusNotFound
		switch {
		case act.kind == "anonymous":
			status = http.StatusUnauthorized
		case act.kind == "superuser":
			status = http.StatusForbidden
		case act.ws == testapp.A:
			status = http.StatusOK
		}
		s := &tests.ApiScenario{Name: act.name + " lists A's members", Method: http.MethodGet, URL: "/api/igny8/workspaces/" + a + "/members",
			ExpectedStatus: status, ExpectedContent: []string{`"data":`}, TestAppFactory: testapp.Factory,
			NotExpectedContent: []string{testapp.UserId(testapp.A, collections.RoleOwner), testapp.MembershipId(testapp.A, collections.RoleOwner)}}
		if status == http.StatusOK {
			s.ExpectedContent, s.NotExpectedContent = []string{`"membership":"` + testapp.MembershipId(testapp.A, collections.RoleOwner) + `"`}, nil
		}
		s.BeforeTestFunc = withHeaders(act, s)
		casesChecked.Add(1)
		s.Test(t)
	}
}
