package tenancy_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/planner"
	"github.com/igny8/igny8/tenancy"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/subscriptions"
)

func bIds() []string {
	return []string{testapp.TenantId(testapp.B), testapp.SiteId(testapp.B), testapp.RecordId(collections.Keywords, testapp.B),
		testapp.RecordId(collections.Clusters, testapp.B), testapp.UserId(testapp.B, collections.RoleOwner)}
}

// signed returns a BeforeTestFunc that signs s's request as ws/role.
func signed(s *tests.ApiScenario, ws, role string) func(testing.TB, *tests.TestApp, *core.ServeEvent) {
	return func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
		s.Headers = map[string]string{"Authorization": testapp.Token(t, app, ws, role)}
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

func TestIsolationProtectedFiles(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	file := testapp.ImageFile(app, testapp.A)
	if file == "" {
		t.Fatal("fixture image has no file")
	}
	path := fmt.Sprintf("/api/files/%s/%s/%s", collections.ImagesId, testapp.RecordId(collections.Images, testapp.A), file)
	cases := []struct {
		name, ws, role, thumb string
		status                int
	}{
		{"A viewer with file token", testapp.A, collections.RoleViewer, "", 200},
		{"A viewer thumb", testapp.A, collections.RoleViewer, "160x90", 200},
		{"B owner with its own file token", testapp.B, collections.RoleOwner, "", 404},
		{"B owner thumb", testapp.B, collections.RoleOwner, "160x90", 404},
		{"outsider", "outsider", "", "", 404},
		{"anonymous without token", "", "", "", 404},
	}
	for _, c := range cases {
		c := c
		s := tests.ApiScenario{Name: c.name, Method: "GET", ExpectedStatus: c.status, TestAppFactory: testapp.Factory}
		if c.status != 200 {
			s.ExpectedContent = []string{`"data":`}
		} else {
			s.ExpectedContent = []string{"PNG"}
		}
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			token := ""
			switch c.ws {
			case "":
			case "outsider":
				token = fileToken(t, app, testapp.OutsiderEmail)
			default:
				token = fileToken(t, app, testapp.Email(c.ws, c.role))
			}
			s.URL = path + "?token=" + token
			if c.thumb != "" {
				s.URL += "&thumb=" + c.thumb
			}
		}
		casesChecked.Add(1)
		s.Test(t)
	}
}

// fileToken mints the protected-file token /api/files/token would return for email's user.
func fileToken(t testing.TB, app core.App, email string) string {
	t.Helper()
	u, err := app.FindAuthRecordByEmail(collections.Users, email)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := u.NewFileToken()
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestIsolationRealtime(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	testapp.BindRealtime(t, app)
	user := func(email string) *core.Record {
		r, err := app.FindAuthRecordByEmail(collections.Users, email)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	// internal_links: the web app's Links tab and Links page follow them live
	scoped := append([]string{collections.Sites, collections.Prompts, collections.AuditLog, collections.Jobs, collections.Personas, collections.Strategies, collections.InternalLinks}, testapp.Pipeline...)
	for _, col := range scoped {
		idA, idB := testapp.RecordId(col, testapp.A), testapp.RecordId(col, testapp.B)
		if col == collections.Sites {
			idA, idB = testapp.SiteId(testapp.A), testapp.SiteId(testapp.B)
		}
		// audit entries are readable by admins only
		readerA, readerB := user(testapp.Email(testapp.A, collections.RoleAdmin)), user(testapp.Email(testapp.B, collections.RoleOwner))
		viewerB := user(testapp.Email(testapp.B, collections.RoleViewer))
		la := testapp.Listen(app, readerA, col+"/*", col+"/"+idB)
		lb := testapp.Listen(app, readerB, col+"/*", col+"/"+idA)
		lout := testapp.Listen(app, user(testapp.OutsiderEmail), col+"/*", col+"/"+idA, col+"/"+idB, "plans/*")
		touch := func(id string) {
			rec, err := app.FindRecordById(col, id)
			if err != nil {
				t.Fatal(err)
			}
			if err := app.SaveNoValidate(rec); err != nil {
				t.Fatal(err)
			}
		}
		touch(idA)
		touch(idB)
		touch(idA)
		wait := 5 * time.Second
		for _, want := range []string{idA, idA} {
			if _, got := la.Next(t, wait); got != want {
				t.Fatalf("%s: A's listener got %s, want %s (a B record leaked?)", col, got, want)
			}
		}
		if _, got := lb.Next(t, wait); got != idB {
			t.Fatalf("%s: B's listener got %s, want %s", col, got, idB)
		}
		// the outsider sees nothing of either workspace; the plans update is the sentinel
		plan, _ := app.FindFirstRecordByData(collections.Plans, "code", "trial")
		if err := app.SaveNoValidate(plan); err != nil {
			t.Fatal(err)
		}
		if topic, got := lout.Next(t, wait); got != plan.Id {
			t.Fatalf("%s: outsider got %s on %s, want only the plan sentinel", col, got, topic)
		}
		_ = viewerB
		casesChecked.Add(3)
	}
}

// TestIsolationInvitations runs the invitation routes as every actor against
// workspace A: only A's admins invite or withdraw, only the
// addressee answers (nobody holds A's fixture invitee address, so every answer
// is the same 404), and nobody else sees A's invitations.
func TestIsolationInvitations(t *testing.T) {
	t.Parallel()
	a := testapp.TenantId(testapp.A)
	invA := testapp.RecordId(collections.Invitations, testapp.A)
	aRecords := aIds()
	for _, act := range actors() {
		canAdmin := act.kind == "member" && memberOfA(collections.RoleAdmin)(act)
		invite := tests.ApiScenario{Name: act.name + " invites into A", Method: "POST", URL: "/api/igny8/workspaces/" + a + "/members",
			Body: strings.NewReader(`{"email":"matrix@example.com","role":"viewer"}`)}
		revoke := tests.ApiScenario{Name: act.name + " withdraws A's invitation", Method: "DELETE", URL: "/api/igny8/workspaces/" + a + "/invitations/" + invA}
		switch {
		case canAdmin:
			invite.ExpectedStatus, invite.ExpectedContent = 200, []string{`"status":"pending"`}
			revoke.ExpectedStatus = 204
		case act.kind == "anonymous":
			invite.ExpectedStatus, revoke.ExpectedStatus = 401, 401
		case act.ws == testapp.A, act.kind == "superuser": // operators use the admin UI; the routes are for users
			invite.ExpectedStatus, revoke.ExpectedStatus = 403, 403
		default:
			invite.ExpectedStatus, revoke.ExpectedStatus = 404, 404
		}
		if !canAdmin {
			invite.AfterTestFunc = invitationCount(1)
			revoke.AfterTestFunc = invitationStatus(invA, collections.InvitePending)
		}
		scenarios := []tests.ApiScenario{invite, revoke}
		for _, action := range []string{"accept", "decline"} {
			s := tests.ApiScenario{Name: act.name + " " + action + "s A's invitation", Method: "POST",
				URL: "/api/igny8/invitations/" + invA + "/" + action, Body: strings.NewReader(`{}`),
				ExpectedStatus: 404, AfterTestFunc: invitationStatus(invA, collections.InvitePending)}
			if act.kind == "anonymous" {
				s.ExpectedStatus = 401
			} else if act.kind == "superuser" {
				s.ExpectedStatus = 403 // the routes are for users only
			}
			scenarios = append(scenarios, s)
		}
		if act.kind != "anonymous" {
			scenarios = append(scenarios, tests.ApiScenario{Name: act.name + " lists own invitations", Method: "GET",
				URL: "/api/igny8/invitations", ExpectedStatus: 200, ExpectedContent: []string{`"items":[`}, NotExpectedContent: []string{invA}})
			if act.kind == "superuser" {
				scenarios[len(scenarios)-1].ExpectedStatus, scenarios[len(scenarios)-1].ExpectedContent = 403, []string{`"data":`}
			}
		}
		for i := range scenarios {
			s := &scenarios[i]
			s.TestAppFactory = testapp.Factory
			s.BeforeTestFunc = withHeaders(act, s)
			if len(s.ExpectedContent) == 0 {
				s.ExpectedContent = []string{""}
			}
			if !act.inA() {
				s.NotExpectedContent = append(s.NotExpectedContent, aRecords...)
			}
			casesChecked.Add(1)
			s.Test(t)
		}
	}
}

func invitationCount(want int64) func(testing.TB, *tests.TestApp, *http.Response) {
	return func(t testing.TB, app *tests.TestApp, res *http.Response) {
		if n, _ := app.CountRecords(collections.Invitations, dbx.HashExp{"tenant": testapp.TenantId(testapp.A)}); n != want {
			t.Fatalf("want %d invitations in A, got %d", want, n)
		}
	}
}

func invitationStatus(id, want string) func(testing.TB, *tests.TestApp, *http.Response) {
	return func(t testing.TB, app *tests.TestApp, res *http.Response) {
		r, err := app.FindRecordById(collections.Invitations, id)
		if err != nil || r.GetString("status") != want {
			t.Fatalf("invitation %s: want %s (%v)", id, want, err)
		}
		if n, _ := app.CountRecords(collections.Memberships); n != 8 {
			t.Fatalf("memberships changed to %d", n)
		}
	}
}

// The per-workspace keywords topic (planner.KeywordsTopic) is a custom topic:
// PocketBase's record rules do not guard it, so subscribing is checked by
// igny8 (members of that workspace and superusers only; sending is checked
// again per receiver, see planner's TestBulkKeywordWritesEmitRealtimeEvents).
func TestIsolationKeywordsTopic(t *testing.T) {
	t.Parallel()
	topicA := planner.KeywordsTopic(testapp.TenantId(testapp.A))
	topicB := planner.KeywordsTopic(testapp.TenantId(testapp.B))
	cases := []struct {
		name, who, role, topic string
		status                 int
	}{
		{"A viewer subscribes to A", testapp.A, collections.RoleViewer, topicA, 204},
		{"A owner subscribes to A with options", testapp.A, collections.RoleOwner, topicA + `?options={"query":{"x":"1"}}`, 204},
		{"B owner cannot subscribe to A", testapp.B, collections.RoleOwner, topicA, 403},
		{"B owner cannot subscribe to A with options", testapp.B, collections.RoleOwner, topicA + `?options={"query":{"x":"1"}}`, 403},
		{"B owner cannot add A to B", testapp.B, collections.RoleOwner, topicB + `","` + topicA, 403},
		{"B owner subscribes to B", testapp.B, collections.RoleOwner, topicB, 204},
		{"outsider cannot subscribe to A", testapp.Outsider, "", topicA, 403},
		{"anonymous cannot subscribe to A", testapp.Anonymous, "", topicA, 403},
		{"anonymous cannot subscribe to a made-up tenant", testapp.Anonymous, "", planner.KeywordsTopicPrefix + "nosuchtenant000", 403},
		{"superuser subscribes to A", testapp.Superuser, "", topicA, 204},
	}
	for _, c := range cases {
		c := c
		s := &tests.ApiScenario{Name: c.name, Method: http.MethodPost, URL: "/api/realtime", ExpectedStatus: c.status, TestAppFactory: testapp.Factory}
		if c.status != 204 {
			s.ExpectedContent = []string{`"status":403`}
		}
		var client *subscriptions.DefaultClient
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			client = subscriptions.NewDefaultClient()
			app.SubscriptionsBroker().Register(client)
			s.Body = strings.NewReader(`{"clientId":"` + client.Id() + `","subscriptions":["` + strings.ReplaceAll(c.topic, `"`, `\"`) + `"]}`)
			if strings.Contains(c.topic, `","`) {
				s.Body = strings.NewReader(`{"clientId":"` + client.Id() + `","subscriptions":["` + c.topic + `"]}`)
			}
			s.Headers = map[string]string{"Authorization": testapp.Authorization(t, app, c.who, c.role)}
		}
		s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, res *http.Response) {
			subscribed := len(client.Subscriptions(topicA+"?")) > 0
			if subscribed != (c.status == 204 && strings.HasPrefix(c.topic, topicA)) {
				t.Fatalf("subscribed to A's topic: %v", subscribed)
			}
		}
		casesChecked.Add(1)
		s.Test(t)
	}
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
		for _, who := range []struct{ ws, role string }{{testapp.B, collections.RoleOwner}, {testapp.B, collections.RoleEditor}, {"outsider", ""}} {
			scenarios = append(scenarios, tests.ApiScenario{Name: who.ws + " " + who.role + " " + r.method + " " + r.path, Method: r.method, URL: r.path,
				Body: strings.NewReader(r.body), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}, NotExpectedContent: []string{`"alt"`, `"job"`},
				AfterTestFunc: unchanged})
			if who.ws == "outsider" {
				ws, roles = append(ws, ""), append(roles, "")
				continue
			}
			ws, roles = append(ws, who.ws), append(roles, who.role)
		}
	}
	for i := range scenarios {
		if ws[i] == "" {
			s := &scenarios[i]
			s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
				s.Headers = map[string]string{"Authorization": testapp.OutsiderToken(t, app)}
			}
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

// TestIsolationRealtimeOwnRecords: a notification's realtime events reach its
// user only (not another admin of the same workspace), and an export's reach
// the workspace's admins (not its viewers, not another workspace).
func TestIsolationRealtimeOwnRecords(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	testapp.BindRealtime(t, app)
	user := func(ws, role string) *core.Record {
		r, err := app.FindAuthRecordByEmail(collections.Users, testapp.Email(ws, role))
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	touch := func(col, id string) {
		rec, err := app.FindRecordById(col, id)
		if err != nil {
			t.Fatal(err)
		}
		if err := app.SaveNoValidate(rec); err != nil {
			t.Fatal(err)
		}
	}
	sentinel := func() string {
		plan, _ := app.FindFirstRecordByData(collections.Plans, "code", "trial")
		if err := app.SaveNoValidate(plan); err != nil {
			t.Fatal(err)
		}
		return plan.Id
	}
	wait := 5 * time.Second
	for _, c := range []struct {
		col            string
		allowed, other *core.Record
	}{
		{collections.Notifications, user(testapp.A, collections.RoleOwner), user(testapp.A, collections.RoleAdmin)},
		{collections.Exports, user(testapp.A, collections.RoleAdmin), user(testapp.A, collections.RoleViewer)},
		{collections.Exports, user(testapp.A, collections.RoleOwner), user(testapp.B, collections.RoleOwner)},
	} {
		idA := testapp.RecordId(c.col, testapp.A)
		in := testapp.Listen(app, c.allowed, c.col+"/*", c.col+"/"+idA)
		out := testapp.Listen(app, c.other, c.col+"/*", c.col+"/"+idA, "plans/*")
		touch(c.col, idA)
		if _, got := in.Next(t, wait); got != idA {
			t.Fatalf("%s: %s got %s, want %s", c.col, c.allowed.Email(), got, idA)
		}
		plan := sentinel()
		if topic, got := out.Next(t, wait); got != plan {
			t.Fatalf("%s: %s got %s on %s, want only the plan sentinel", c.col, c.other.Email(), got, topic)
		}
		casesChecked.Add(2)
	}
}
