package tenancy_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// casesChecked counts every request the isolation matrix made; TestMain prints it.
var casesChecked atomic.Int64

func TestMain(m *testing.M) {
	testapp.Main(m, func() { fmt.Printf("isolation matrix: %d cases checked\n", casesChecked.Load()) })
}

// actor is one identity the matrix sends requests as.
type actor struct {
	name string
	kind string // member, outsider, anonymous, superuser
	ws   string
	role string
}

func actors() []actor {
	out := []actor{{name: "anonymous", kind: "anonymous"}, {name: "outsider", kind: "outsider"}, {name: "superuser", kind: "superuser"}}
	for _, ws := range testapp.Workspaces {
		for _, role := range collections.Roles {
			out = append(out, actor{name: role + "-" + ws, kind: "member", ws: ws, role: role})
		}
	}
	return out
}

func (a actor) headers(t testing.TB, app core.App) map[string]string {
	who := a.ws
	switch a.kind {
	case "anonymous":
		return nil
	case "outsider":
		who = testapp.Outsider
	case "superuser":
		who = testapp.Superuser
	}
	return map[string]string{"Authorization": testapp.Authorization(t, app, who, a.role)}
}

// inA reports whether the actor belongs to workspace A (or operates the platform).
func (a actor) inA() bool { return a.kind == "superuser" || a.ws == testapp.A }

// access decides whether an actor may perform one action on workspace A's record.
type access func(a actor) bool

func memberOfA(min string) access {
	return func(a actor) bool {
		return a.kind == "superuser" || a.kind == "member" && a.ws == testapp.A && tenancy.Rank(a.role) >= tenancy.Rank(min)
	}
}

func superuserOnly(a actor) bool { return a.kind == "superuser" }
func signedIn(a actor) bool      { return a.kind != "anonymous" }

// subject is workspace A's fixture record of one collection and who may do what with it.
type subject struct {
	global                 bool // a platform-wide record, not workspace A's
	collection             string
	id                     string
	read, create, update   access
	del                    access
	createBody, updateBody string
	field, newValue        string // the field updateBody changes, to check denied updates changed nothing
}

// firstId returns the id of a record of collection in workspace A (or any, for
// platform-wide collections) from the fixtures, for records that hooks create
// with generated ids (ledger grants, default schedules, first versions).
func firstId(t testing.TB, app core.App, collection, filter string) string {
	t.Helper()
	recs, err := app.FindRecordsByFilter(collection, filter, "created", 1, 0)
	if err != nil || len(recs) == 0 {
		t.Fatalf("no fixture %s matching %s: %v", collection, filter, err)
	}
	return recs[0].Id
}

func subjects(t testing.TB, app core.App) []subject {
	trial, err := app.FindFirstRecordByData(collections.Plans, "code", "trial")
	if err != nil {
		t.Fatal(err)
	}
	trialPlan := trial.Id
	inA := fmt.Sprintf("tenant = %q", testapp.TenantId(testapp.A))
	a, site := testapp.TenantId(testapp.A), testapp.SiteId(testapp.A)
	scoped := func(extra string) string {
		return fmt.Sprintf(`{"tenant":%q,"site":%q,%s}`, a, site, extra)
	}
	pipeline := func(col, createExtra, field string) subject {
		return subject{collection: col, id: testapp.RecordId(col, testapp.A),
			read: memberOfA(collections.RoleViewer), create: memberOfA(collections.RoleEditor),
			update: memberOfA(collections.RoleEditor), del: memberOfA(collections.RoleEditor),
			createBody: scoped(createExtra), updateBody: fmt.Sprintf(`{%q:"changed"}`, field), field: field, newValue: "changed"}
	}
	ownerOfA := func(x actor) bool {
		return x.kind == "superuser" || x.ws == testapp.A && x.role == collections.RoleOwner
	}
	return []subject{
		{global: true, collection: collections.Plans, id: trialPlan, read: signedIn, create: superuserOnly, update: superuserOnly, del: superuserOnly,
			createBody: `{"code":"forged","name":"Forged"}`, updateBody: `{"name":"changed"}`, field: "name", newValue: "changed"},
		{collection: collections.Tenants, id: a, read: memberOfA(collections.RoleViewer), create: superuserOnly,
			update: memberOfA(collections.RoleOwner), del: memberOfA(collections.RoleOwner),
			createBody: fmt.Sprintf(`{"name":"Forged","slug":"forged","plan":%q,"status":"active"}`, trialPlan),
			updateBody: `{"name":"changed"}`, field: "name", newValue: "changed"},
		{collection: collections.Users, id: testapp.UserId(testapp.A, collections.RoleOwner), read: memberOfA(collections.RoleViewer),
			create: superuserOnly, update: ownerOfA, del: superuserOnly,
			createBody: `{"email":"forged@example.com","password":"long-enough-1","passwordConfirm":"long-enough-1"}`,
			updateBody: `{"name":"changed"}`, field: "name", newValue: "changed"},
		{collection: collections.Memberships, id: testapp.MembershipId(testapp.A, collections.RoleViewer), read: memberOfA(collections.RoleViewer),
			create: superuserOnly, update: superuserOnly, del: superuserOnly,
			createBody: fmt.Sprintf(`{"user":%q,"tenant":%q,"role":"owner"}`, "outsider0000000", a),
			updateBody: `{"role":"owner"}`, field: "role", newValue: "owner"},
		{collection: collections.Invitations, id: testapp.RecordId(collections.Invitations, testapp.A), read: memberOfA(collections.RoleAdmin),
			create: superuserOnly, update: superuserOnly, del: superuserOnly,
			createBody: fmt.Sprintf(`{"tenant":%q,"email":"forged@example.com","role":"owner","status":"pending","expires":"2099-01-01 00:00:00.000Z"}`, a),
			updateBody: `{"role":"owner"}`, field: "role", newValue: "owner"},
		{collection: collections.Sites, id: site, read: memberOfA(collections.RoleViewer), create: memberOfA(collections.RoleAdmin),
			update: memberOfA(collections.RoleAdmin), del: memberOfA(collections.RoleAdmin),
			createBody: fmt.Sprintf(`{"tenant":%q,"name":"New","url":"https://new.example.com"}`, a),
			updateBody: `{"name":"changed"}`, field: "name", newValue: "changed"},
		pipeline(collections.Clusters, `"name":"New cluster"`, "name"),
		pipeline(collections.Keywords, `"keyword":"new kw","normalized":"new kw"`, "keyword"),
		pipeline(collections.Ideas, `"title":"New idea"`, "title"),
		pipeline(collections.Tasks, `"title":"New task"`, "title"),
		pipeline(collections.Contents, `"title":"New content"`, "title"),
		pipeline(collections.Images, fmt.Sprintf(`"content":%q,"kind":"in_article"`, testapp.RecordId(collections.Contents, testapp.A)), "alt"),
		{collection: collections.Prompts, id: testapp.RecordId(collections.Prompts, testapp.A), read: memberOfA(collections.RoleViewer),
			create: memberOfA(collections.RoleAdmin), update: memberOfA(collections.RoleAdmin), del: memberOfA(collections.RoleAdmin),
			createBody: fmt.Sprintf(`{"tenant":%q,"type":"ideas","name":"New","template":"T"}`, a),
			updateBody: `{"name":"changed"}`, field: "name", newValue: "changed"},
		{collection: collections.AuditLog, id: testapp.RecordId(collections.AuditLog, testapp.A), read: memberOfA(collections.RoleAdmin),
			create: superuserOnly, update: superuserOnly, del: superuserOnly,
			createBody: fmt.Sprintf(`{"tenant":%q,"action":"forged"}`, a),
			updateBody: `{"action":"changed"}`, field: "action", newValue: "changed"},
		{collection: collections.Jobs, id: testapp.RecordId(collections.Jobs, testapp.A), read: memberOfA(collections.RoleViewer),
			create: superuserOnly, update: superuserOnly, del: superuserOnly,
			createBody: fmt.Sprintf(`{"tenant":%q,"type":"forged","status":"queued","idempotency_key":"forged"}`, a),
			updateBody: `{"status":"queued"}`, field: "status", newValue: "queued"},
		{collection: collections.CreditLedger, id: firstId(t, app, collections.CreditLedger, inA), read: memberOfA(collections.RoleViewer),
			create: superuserOnly, update: superuserOnly, del: superuserOnly,
			createBody: fmt.Sprintf(`{"tenant":%q,"delta":1000,"kind":"adjust","idempotency_key":"forged"}`, a),
			updateBody: `{"note":"changed"}`, field: "note", newValue: "changed"},
		{collection: collections.Schedules, id: firstId(t, app, collections.Schedules, inA), read: memberOfA(collections.RoleViewer),
			create: superuserOnly, update: memberOfA(collections.RoleAdmin), del: superuserOnly,
			createBody: fmt.Sprintf(`{"tenant":%q,"site":%q,"type":"forged","spec":"@every 1m"}`, a, site),
			updateBody: `{"batch_size":77}`, field: "batch_size", newValue: "77"},
		{global: true, collection: collections.AIModels, id: firstId(t, app, collections.AIModels, ""), read: signedIn,
			create: superuserOnly, update: superuserOnly, del: superuserOnly,
			createBody: `{"name":"forged","provider":"openai","kind":"text"}`,
			updateBody: `{"name":"changed"}`, field: "name", newValue: "changed"},
		{collection: collections.ContentVersions, id: firstId(t, app, collections.ContentVersions, inA), read: memberOfA(collections.RoleViewer),
			create: superuserOnly, update: superuserOnly, del: superuserOnly,
			createBody: fmt.Sprintf(`{"tenant":%q,"site":%q,"content":%q,"version":9}`, a, site, testapp.RecordId(collections.Contents, testapp.A)),
			updateBody: `{"title":"changed"}`, field: "title", newValue: "changed"},
		{collection: collections.KeywordMetrics, id: testapp.RecordId(collections.KeywordMetrics, testapp.A), read: memberOfA(collections.RoleViewer),
			create: superuserOnly, update: superuserOnly, del: superuserOnly,
			createBody: scoped(fmt.Sprintf(`"keyword":%q,"source":"forged","period":"2026-02-01..2026-02-28","period_start":"2026-02-01 00:00:00.000Z","period_end":"2026-02-28 00:00:00.000Z","clicks":1000`,
				testapp.RecordId(collections.Keywords, testapp.A))),
			updateBody: `{"source":"changed"}`, field: "source", newValue: "changed"},
		{collection: collections.PageMetrics, id: testapp.RecordId(collections.PageMetrics, testapp.A), read: memberOfA(collections.RoleViewer),
			create: superuserOnly, update: superuserOnly, del: superuserOnly,
			createBody: scoped(`"url":"https://forged.example.com/","source":"forged","period":"2026-02-01..2026-02-28","period_start":"2026-02-01 00:00:00.000Z","period_end":"2026-02-28 00:00:00.000Z"`),
			updateBody: `{"source":"changed"}`, field: "source", newValue: "changed"},
		{collection: collections.Variations, id: testapp.RecordId(collections.Variations, testapp.A), read: memberOfA(collections.RoleViewer),
			create: superuserOnly, update: superuserOnly, del: superuserOnly,
			createBody: scoped(`"wp_post_id":99,"inputs_hash":"forged","html":"<p>forged</p>"`),
			updateBody: `{"html":"changed"}`, field: "html", newValue: "changed"},
		{collection: collections.SitePages, id: testapp.RecordId(collections.SitePages, testapp.A), read: memberOfA(collections.RoleViewer),
			create: superuserOnly, update: superuserOnly, del: superuserOnly,
			createBody: scoped(`"url":"https://forged.example.com/","kind":"post","wp_id":99`),
			updateBody: `{"title":"changed"}`, field: "title", newValue: "changed"},
		{collection: collections.Overlaps, id: testapp.RecordId(collections.Overlaps, testapp.A), read: memberOfA(collections.RoleViewer),
			create: superuserOnly, update: superuserOnly, del: superuserOnly,
			createBody: scoped(`"url":"https://forged.example.com/","status":"go_ahead"`),
			updateBody: `{"status":"go_ahead"}`, field: "status", newValue: "go_ahead"},
		{collection: collections.Refreshes, id: testapp.RecordId(collections.Refreshes, testapp.A), read: memberOfA(collections.RoleViewer),
			create: superuserOnly, update: superuserOnly, del: superuserOnly,
			createBody: scoped(`"url":"https://forged.example.com/","status":"review"`),
			updateBody: `{"status":"published"}`, field: "status", newValue: "published"},
		{collection: collections.Personas, id: testapp.RecordId(collections.Personas, testapp.A), read: memberOfA(collections.RoleViewer),
			create: memberOfA(collections.RoleEditor), update: memberOfA(collections.RoleEditor), del: memberOfA(collections.RoleEditor),
			createBody: fmt.Sprintf(`{"tenant":%q,"name":"New"}`, a), updateBody: `{"name":"changed"}`, field: "name", newValue: "changed"},
		{collection: collections.Strategies, id: testapp.RecordId(collections.Strategies, testapp.A), read: memberOfA(collections.RoleViewer),
			create: memberOfA(collections.RoleEditor), update: memberOfA(collections.RoleEditor), del: memberOfA(collections.RoleEditor),
			createBody: fmt.Sprintf(`{"tenant":%q,"site":%q,"name":"New"}`, a, site), updateBody: `{"name":"changed"}`, field: "name", newValue: "changed"},
		{collection: collections.BillingEvents, id: testapp.RecordId(collections.BillingEvents, testapp.A), read: superuserOnly,
			create: superuserOnly, update: superuserOnly, del: superuserOnly,
			createBody: fmt.Sprintf(`{"tenant":%q,"event_id":"evt_forged","type":"invoice.paid","status":"processed"}`, a),
			updateBody: `{"note":"changed"}`, field: "note", newValue: "changed"},
		{collection: collections.AISpend, id: testapp.RecordId(collections.AISpend, testapp.A), read: superuserOnly,
			create: superuserOnly, update: superuserOnly, del: superuserOnly,
			createBody: fmt.Sprintf(`{"tenant":%q,"day":"2026-02-02","cost_usd":0}`, a),
			updateBody: `{"calls":77}`, field: "calls", newValue: "77"},
		{collection: collections.ImportBatches, id: testapp.RecordId(collections.ImportBatches, testapp.A), read: memberOfA(collections.RoleAdmin),
			create: superuserOnly, update: superuserOnly, del: superuserOnly,
			createBody: fmt.Sprintf(`{"tenant":%q,"site":%q,"status":"succeeded"}`, a, site), updateBody: `{"status":"rolled_back"}`, field: "status", newValue: "rolled_back"},
		{collection: collections.ImportRecords, id: testapp.RecordId(collections.ImportRecords, testapp.A), read: memberOfA(collections.RoleAdmin),
			create: superuserOnly, update: superuserOnly, del: superuserOnly,
			createBody: fmt.Sprintf(`{"tenant":%q,"site":%q,"batch":%q,"kind":"keywords","legacy_id":"x","collection":"keywords","record":"x","action":"created"}`, a, site, testapp.RecordId(collections.ImportBatches, testapp.A)),
			updateBody: `{"action":"updated"}`, field: "action", newValue: "updated"},
		{collection: collections.InternalLinks, id: testapp.RecordId(collections.InternalLinks, testapp.A), read: memberOfA(collections.RoleViewer),
			create: superuserOnly, update: superuserOnly, del: superuserOnly,
			createBody: scoped(fmt.Sprintf(`"source_content":%q,"source_key":"forged","target_key":"forged","anchor":"a","link_type":"upward","priority":"high","status":"inserted","origin":"outbound"`,
				testapp.RecordId(collections.Contents, testapp.A))),
			updateBody: `{"status":"removed"}`, field: "status", newValue: "removed"},
		// only the autopilot routes write a site's policy (TestIsolationAutopilotRoutes)
		{collection: collections.Autopilots, id: testapp.RecordId(collections.Autopilots, testapp.A), read: memberOfA(collections.RoleViewer),
			create: superuserOnly, update: superuserOnly, del: superuserOnly,
			createBody: fmt.Sprintf(`{"tenant":%q,"site":%q}`, testapp.TenantId(testapp.B), testapp.SiteId(testapp.B)), updateBody: `{"paused":true}`, field: "paused", newValue: "true"},
		{collection: collections.Exports, id: testapp.RecordId(collections.Exports, testapp.A), read: memberOfA(collections.RoleAdmin),
			create: superuserOnly, update: superuserOnly, del: superuserOnly,
			createBody: fmt.Sprintf(`{"tenant":%q,"status":"ready"}`, a), updateBody: `{"status":"failed"}`, field: "status", newValue: "failed"},
		// a notification is its user's alone: other members of A, even admins, see nothing
		{collection: collections.Notifications, id: testapp.RecordId(collections.Notifications, testapp.A), read: ownerOfA,
			create: superuserOnly, update: superuserOnly, del: ownerOfA,
			createBody: fmt.Sprintf(`{"tenant":%q,"user":%q,"kind":"credits_low","text":"forged","key":"forged"}`, a, testapp.UserId(testapp.A, collections.RoleOwner)),
			updateBody: `{"text":"changed"}`, field: "text", newValue: "changed"},
	}
}

// aIds lists every fixture id of workspace A; none may appear in a response to
// someone outside A.
func aIds() []string {
	ids := []string{testapp.TenantId(testapp.A), testapp.SiteId(testapp.A)}
	for _, role := range collections.Roles {
		ids = append(ids, testapp.UserId(testapp.A, role), testapp.MembershipId(testapp.A, role))
	}
	for _, col := range append(testapp.Pipeline, collections.Prompts, collections.AuditLog) {
		ids = append(ids, testapp.RecordId(col, testapp.A))
	}
	return ids
}

// deniedStatus is what PocketBase answers when a rule rejects action: 403 for
// superuser-only (nil) rules, 400 for a failed create rule, 404 otherwise.
func deniedStatus(rule *string, action string) int {
	switch {
	case rule == nil:
		return http.StatusForbidden
	case action == "create":
		return http.StatusBadRequest
	}
	return http.StatusNotFound
}

func TestIsolationMatrix(t *testing.T) {
	t.Parallel()
	probe := testapp.New(t)
	all := subjects(t, probe)
	aRecords := aIds()
	for _, s := range all {
		if !s.global {
			aRecords = append(aRecords, s.id)
		}
	}
	for _, s := range all {
		col, err := probe.FindCollectionByNameOrId(s.collection)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(s.collection, func(t *testing.T) {
			t.Parallel()
			for _, a := range actors() {
				scenarios := matrixScenarios(s, col, a, aRecords)
				for i := range scenarios {
					casesChecked.Add(1)
					scenarios[i].Test(t)
				}
			}
		})
	}
}

func matrixScenarios(s subject, col *core.Collection, a actor, aRecords []string) []tests.ApiScenario {
	base := "/api/collections/" + s.collection + "/records"
	name := func(action string) string { return a.name + " " + action }
	var out []tests.ApiScenario

	list := tests.ApiScenario{Name: name("list"), Method: http.MethodGet, URL: base + "?perPage=500", ExpectedStatus: 200}
	view := tests.ApiScenario{Name: name("view"), Method: http.MethodGet, URL: base + "/" + s.id}
	if s.read(a) {
		list.ExpectedContent = []string{`"id":"` + s.id + `"`}
		view.ExpectedStatus, view.ExpectedContent = 200, []string{`"id":"` + s.id + `"`}
	} else {
		list.NotExpectedContent = []string{s.id}
		if col.ListRule == nil { // superuser-only: PocketBase refuses the whole list
			list.ExpectedStatus = deniedStatus(nil, "list")
		}
		view.ExpectedStatus, view.NotExpectedContent = deniedStatus(col.ViewRule, "view"), []string{s.id}
	}
	out = append(out, list, view)

	create := tests.ApiScenario{Name: name("create"), Method: http.MethodPost, URL: base, Body: strings.NewReader(s.createBody)}
	before := int64(-1)
	create.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
		before, _ = app.CountRecords(s.collection)
	}
	if s.create(a) {
		create.ExpectedStatus, create.ExpectedContent = 200, []string{`"id":"`}
		create.AfterTestFunc = countIs(s.collection, &before, 1)
	} else {
		create.ExpectedStatus, create.ExpectedContent = deniedStatus(col.CreateRule, "create"), []string{`"data":`}
		create.AfterTestFunc = countIs(s.collection, &before, 0)
	}
	out = append(out, create)

	update := tests.ApiScenario{Name: name("update"), Method: http.MethodPatch, URL: base + "/" + s.id, Body: strings.NewReader(s.updateBody)}
	if s.update(a) {
		update.ExpectedStatus, update.ExpectedContent = 200, []string{`"id":"` + s.id + `"`}
		update.AfterTestFunc = fieldIs(s, true)
	} else {
		update.ExpectedStatus, update.NotExpectedContent = deniedStatus(col.UpdateRule, "update"), []string{s.id}
		update.AfterTestFunc = fieldIs(s, false)
	}
	out = append(out, update)

	del := tests.ApiScenario{Name: name("delete"), Method: http.MethodDelete, URL: base + "/" + s.id}
	if s.del(a) {
		del.ExpectedStatus = 204
		del.AfterTestFunc = exists(s, false)
	} else {
		del.ExpectedStatus, del.NotExpectedContent = deniedStatus(col.DeleteRule, "delete"), []string{s.id}
		del.AfterTestFunc = exists(s, true)
	}
	out = append(out, del)

	for i := range out {
		out[i].TestAppFactory = testapp.Factory
		out[i].BeforeTestFunc = chain(withHeaders(a, &out[i]), out[i].BeforeTestFunc)
		if !a.inA() {
			out[i].NotExpectedContent = append(out[i].NotExpectedContent, aRecords...)
		}
	}
	return out
}

// withHeaders signs the request as a once the per-test app exists (tokens are
// bound to the clone's auth secrets).
func withHeaders(a actor, s *tests.ApiScenario) func(testing.TB, *tests.TestApp, *core.ServeEvent) {
	return func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
		s.Headers = a.headers(t, app)
	}
}

func chain(fns ...func(testing.TB, *tests.TestApp, *core.ServeEvent)) func(testing.TB, *tests.TestApp, *core.ServeEvent) {
	return func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
		for _, fn := range fns {
			if fn != nil {
				fn(t, app, e)
			}
		}
	}
}

func countIs(collection string, before *int64, delta int64) func(testing.TB, *tests.TestApp, *http.Response) {
	return func(t testing.TB, app *tests.TestApp, res *http.Response) {
		n, err := app.CountRecords(collection)
		if err != nil || n != *before+delta {
			t.Fatalf("%s: want %d records, got %d (%v)", collection, *before+delta, n, err)
		}
	}
}

func fieldIs(s subject, changed bool) func(testing.TB, *tests.TestApp, *http.Response) {
	return func(t testing.TB, app *tests.TestApp, res *http.Response) {
		rec, err := app.FindRecordById(s.collection, s.id)
		if err != nil {
			t.Fatalf("%s %s vanished: %v", s.collection, s.id, err)
		}
		if got := rec.GetString(s.field) == s.newValue; got != changed {
			t.Fatalf("%s.%s = %q; changed=%v, want %v", s.collection, s.field, rec.GetString(s.field), got, changed)
		}
	}
}

func exists(s subject, want bool) func(testing.TB, *tests.TestApp, *http.Response) {
	return func(t testing.TB, app *tests.TestApp, res *http.Response) {
		_, err := app.FindRecordById(s.collection, s.id)
		if (err == nil) != want {
			t.Fatalf("%s %s exists=%v, want %v", s.collection, s.id, err == nil, want)
		}
	}
}
