package tenancy_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// writeRoute is one custom route that writes, as workspace A's owner calls it.
type writeRoute struct {
	pattern string // "METHOD /path/{param}" exactly as registered
	path    string // the request path in workspace A
	body    func() (contentType string, body []byte)
	paid    bool // reserves credits: a workspace with 0 credits gets 402
	ok      int  // the status of a successful call
	// exempt names why the route is outside the workspace write policy
	exempt string
	// outsider signs the request as the fixture outsider (an invitee) instead of A's owner
	outsider bool
}

// invitationId is the pending invitation policySetup creates in workspace A
// for the fixture outsider.
const invitationId = "invitepolicy000"

// scheduleId is the schedule of workspace A's site policySetup creates.
const scheduleId = "schedpolicy0000"

// The queued and the failed (1-credit) job policySetup creates in workspace A.
const (
	queuedJobId = "jobpolicyqueued"
	failedJobId = "jobpolicyfailed"
)

func jsonBody(s string) func() (string, []byte) {
	return func() (string, []byte) { return "application/json", []byte(s) }
}

func importBody() (string, []byte) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("site", testapp.SiteId(testapp.A))
	f, _ := w.CreateFormFile("file", "keywords.csv")
	_, _ = f.Write([]byte("Keyword,Volume\ncold brew ratio,100\n"))
	_ = w.Close()
	return w.FormDataContentType(), buf.Bytes()
}

// writeRoutes lists EVERY custom route that is not a GET. TestRoutePolicy
// fails when the router has one that is missing here, so a new route gets
// its policy checked the day it is added.
func writeRoutes() []writeRoute {
	a, site := testapp.TenantId(testapp.A), testapp.SiteId(testapp.A)
	task, content := testapp.RecordId(collections.Tasks, testapp.A), testapp.RecordId(collections.Contents, testapp.A)
	idea, cluster := testapp.RecordId(collections.Ideas, testapp.A), testapp.RecordId(collections.Clusters, testapp.A)
	viewer := testapp.MembershipId(testapp.A, collections.RoleViewer)
	image := testapp.RecordId(collections.Images, testapp.A)
	return []writeRoute{
		{pattern: "POST /api/igny8/auth/signup", exempt: "creates a new workspace; no existing one is written"},
		{pattern: "POST /api/igny8/workspaces/{tenant}/members", path: "/api/igny8/workspaces/" + a + "/members",
			body: jsonBody(`{"email":"newcomer@example.com","role":"viewer"}`), ok: 200},
		{pattern: "PATCH /api/igny8/workspaces/{tenant}/members/{membership}", path: "/api/igny8/workspaces/" + a + "/members/" + viewer,
			body: jsonBody(`{"role":"editor"}`), ok: 200},
		{pattern: "DELETE /api/igny8/workspaces/{tenant}/members/{membership}", path: "/api/igny8/workspaces/" + a + "/members/" + viewer, ok: 204},
		{pattern: "DELETE /api/igny8/workspaces/{tenant}/invitations/{invitation}", path: "/api/igny8/workspaces/" + a + "/invitations/" + invitationId, ok: 204},
		{pattern: "POST /api/igny8/invitations/{invitation}/accept", path: "/api/igny8/invitations/" + invitationId + "/accept",
			body: jsonBody(`{}`), outsider: true, ok: 200},
		{pattern: "POST /api/igny8/invitations/{invitation}/decline", exempt: "the invitee's own answer: it only closes the offer and adds nothing to the workspace"},
		{pattern: "PUT /api/igny8/workspaces/{tenant}/ai-key", path: "/api/igny8/workspaces/" + a + "/ai-key",
			body: jsonBody(`{"key":"sk-policy-test"}`), ok: 200},
		{pattern: "POST /api/igny8/auth/sign-out-everywhere", exempt: "the signed-in user's own sessions: it refreshes their token key and writes no workspace"},
		{pattern: "PATCH /api/igny8/workspaces/{tenant}", path: "/api/igny8/workspaces/" + a, body: jsonBody(`{"name":"Renamed"}`), ok: 200},
		{pattern: "PUT /api/igny8/workspaces/{tenant}/models", path: "/api/igny8/workspaces/" + a + "/models",
			body: jsonBody(`{"models":{"content":"gpt-5.4-mini"}}`), ok: 200},
		{pattern: "POST /api/igny8/workspaces/{tenant}/delete", exempt: "leaving: a suspended or past-due workspace's owner may delete it (after the export); it stops jobs, cancels the subscription and writes nothing else"},
		{pattern: "PUT /api/igny8/sites/{site}/credentials", path: "/api/igny8/sites/" + site + "/credentials",
			body: jsonBody(`{"wp_username":"editor2"}`), ok: 200},
		{pattern: "PUT /api/igny8/thinker/workspaces/{tenant}/prompts/{type}", path: "/api/igny8/thinker/workspaces/" + a + "/prompts/content",
			body: jsonBody(`{"template":"Write about {{.Title}}"}`), ok: 200},
		{pattern: "DELETE /api/igny8/thinker/workspaces/{tenant}/prompts/{type}", path: "/api/igny8/thinker/workspaces/" + a + "/prompts/content", ok: 200},
		{pattern: "POST /api/igny8/thinker/playground", path: "/api/igny8/thinker/playground",
			body: jsonBody(`{"tenant":"` + a + `","type":"meta","vars":{"Title":"Coffee","Keyword":"coffee","Excerpt":""}}`), paid: true, ok: 200},
		{pattern: "POST /api/igny8/planner/import", path: "/api/igny8/planner/import", body: importBody, ok: 200},
		{pattern: "POST /api/igny8/planner/import/preview", path: "/api/igny8/planner/import/preview", body: importBody, ok: 200},
		{pattern: "POST /api/igny8/planner/keywords", path: "/api/igny8/planner/keywords",
			body: jsonBody(`{"site":"` + site + `","keywords":["french press grind"]}`), ok: 200},
		{pattern: "POST /api/igny8/planner/keywords/estimate", exempt: "reads only: counts a selection and prices clustering it (viewers and suspended workspaces get the figures)"},
		{pattern: "POST /api/igny8/planner/keywords/cluster", path: "/api/igny8/planner/keywords/cluster",
			body: jsonBody(`{"tenant":"` + a + `","filter":{"cluster":"none"}}`), paid: true, ok: 202},
		{pattern: "POST /api/igny8/planner/keywords/archive", path: "/api/igny8/planner/keywords/archive",
			body: jsonBody(`{"tenant":"` + a + `","filter":{"site":"` + site + `"}}`), ok: 200},
		{pattern: "POST /api/igny8/planner/keywords/restore", path: "/api/igny8/planner/keywords/restore",
			body: jsonBody(`{"tenant":"` + a + `","filter":{}}`), ok: 200},
		{pattern: "POST /api/igny8/planner/keywords/delete", path: "/api/igny8/planner/keywords/delete",
			body: jsonBody(`{"tenant":"` + a + `","filter":{"search":"aeropress"}}`), ok: 200},
		{pattern: "POST /api/igny8/planner/keywords/move", path: "/api/igny8/planner/keywords/move",
			body: jsonBody(`{"tenant":"` + a + `","filter":{"cluster":"none"},"cluster":"` + cluster + `"}`), ok: 200},
		{pattern: "POST /api/igny8/planner/cluster", path: "/api/igny8/planner/cluster", body: jsonBody(`{"site":"` + site + `"}`), paid: true, ok: 202},
		{pattern: "POST /api/igny8/planner/ideas", path: "/api/igny8/planner/ideas", body: jsonBody(`{"cluster":"` + cluster + `"}`), paid: true, ok: 202},
		// refused right after the policy (400): a cluster cannot merge into itself,
		// and the fixture cluster's one keyword cannot be split
		{pattern: "POST /api/igny8/planner/clusters/{id}/merge", path: "/api/igny8/planner/clusters/" + cluster + "/merge",
			body: jsonBody(`{"into":"` + cluster + `"}`), ok: 400},
		{pattern: "POST /api/igny8/planner/clusters/{id}/split", path: "/api/igny8/planner/clusters/" + cluster + "/split",
			body: jsonBody(`{}`), ok: 400},
		{pattern: "POST /api/igny8/planner/ideas/queue", path: "/api/igny8/planner/ideas/queue", body: jsonBody(`{"ids":["` + idea + `"]}`), ok: 200},
		{pattern: "POST /api/igny8/planner/ideas/{id}/queue", path: "/api/igny8/planner/ideas/" + idea + "/queue", ok: 200},
		{pattern: "POST /api/igny8/writer/tasks/{id}/generate", path: "/api/igny8/writer/tasks/" + task + "/generate", paid: true, ok: 202},
		{pattern: "POST /api/igny8/writer/contents/{id}/images", path: "/api/igny8/writer/contents/" + content + "/images",
			body: jsonBody(`{"featured":false,"count":1}`), paid: true, ok: 202},
		{pattern: "POST /api/igny8/writer/contents/{id}/reparse", path: "/api/igny8/writer/contents/" + content + "/reparse", paid: true, ok: 202},
		{pattern: "POST /api/igny8/writer/contents/{id}/versions/{v}/restore", path: "/api/igny8/writer/contents/" + content + "/versions/1/restore", ok: 200},
		{pattern: "POST /api/igny8/writer/contents/{id}/status", path: "/api/igny8/writer/contents/" + content + "/status",
			body: jsonBody(`{"status":"review"}`), ok: 200},
		{pattern: "POST /api/igny8/writer/tasks/generate", path: "/api/igny8/writer/tasks/generate", body: jsonBody(`{"ids":["` + task + `"]}`), paid: true, ok: 202},
		{pattern: "PATCH /api/igny8/writer/images/{id}", path: "/api/igny8/writer/images/" + image, body: jsonBody(`{"alt":"A cup of coffee"}`), ok: 200},
		{pattern: "DELETE /api/igny8/writer/images/{id}", path: "/api/igny8/writer/images/" + image, ok: 200},
		{pattern: "POST /api/igny8/writer/images/{id}/regenerate", path: "/api/igny8/writer/images/" + image + "/regenerate", paid: true, ok: 202},
		{pattern: "POST /api/igny8/jobs/{id}/cancel", path: "/api/igny8/jobs/" + queuedJobId + "/cancel", ok: 200},
		{pattern: "POST /api/igny8/jobs/{id}/retry", path: "/api/igny8/jobs/" + failedJobId + "/retry", paid: true, ok: 202},
		{pattern: "POST /api/igny8/schedules/{schedule}/run", path: "/api/igny8/schedules/" + scheduleId + "/run", ok: 202},
		{pattern: "POST /api/igny8/sites/{site}/check", path: "/api/igny8/sites/" + site + "/check", ok: 200},
		{pattern: "POST /api/igny8/sites/{site}/link", path: "/api/igny8/sites/" + site + "/link", ok: 200},
		// the fixture site has no WordPress behind it: a missing code is refused
		// right after the policy (400), before any call to the site
		{pattern: "POST /api/igny8/sites/{site}/link/confirm", path: "/api/igny8/sites/" + site + "/link/confirm", body: jsonBody(`{}`), ok: 400},
		{pattern: "POST /api/igny8/bridge/confirm", exempt: "the plugin's call back before it links: authenticated by the link token's signature, no user or workspace acts"},
		{pattern: "POST /api/igny8/bridge/post", exempt: "the plugin's webhook (a post changed in WordPress): signed with the site's bridge secret, no user acts; it applies the post to the content igny8 recorded for it"},
		// the fixture content has no conflict: refused right after the policy (400)
		{pattern: "POST /api/igny8/contents/{content}/conflict", path: "/api/igny8/contents/" + content + "/conflict", body: jsonBody(`{"keep":"igny8"}`), ok: 400},
		{pattern: "POST /api/igny8/bridge/notify", exempt: "the plugin's notice (deactivated, replaced): signed with the site's bridge secret, no user acts; it only marks the site disconnected"},
		{pattern: "POST /api/igny8/sites/{site}/sync", path: "/api/igny8/sites/" + site + "/sync", ok: 202},
		{pattern: "POST /api/igny8/sites/{site}/index", path: "/api/igny8/sites/" + site + "/index", ok: 202},
		{pattern: "POST /api/igny8/overlaps/{id}/decide", path: "/api/igny8/overlaps/" + testapp.RecordId(collections.Overlaps, testapp.A) + "/decide",
			body: jsonBody(`{"decision":"go_ahead"}`), ok: 200},
		{pattern: "POST /api/igny8/contents/{content}/overlap-check", path: "/api/igny8/contents/" + content + "/overlap-check", ok: 200},
		{pattern: "POST /api/igny8/sites/{site}/optimizer/scan", path: "/api/igny8/sites/" + site + "/optimizer/scan", ok: 202},
		{pattern: "POST /api/igny8/refreshes/{id}/run", path: "/api/igny8/refreshes/" + testapp.RecordId(collections.Refreshes, testapp.A) + "/run", paid: true, ok: 202},
		{pattern: "POST /api/igny8/refreshes/{id}/dismiss", path: "/api/igny8/refreshes/" + testapp.RecordId(collections.Refreshes, testapp.A) + "/dismiss", ok: 200},
		{pattern: "POST /api/igny8/contents/{content}/publish", path: "/api/igny8/contents/" + content + "/publish", ok: 202},
		// the fixture site has no WordPress behind it: a missing post id is refused
		// right after the policy (400), before any call that would time out
		{pattern: "POST /api/igny8/contents/{content}/adopt", path: "/api/igny8/contents/" + content + "/adopt",
			body: jsonBody(`{}`), ok: 400},
		{pattern: "POST /api/igny8/billing/webhook", exempt: "Stripe's signed call: it acts on whichever workspace the event is about, suspended ones included (a payment restores them)"},
		{pattern: "POST /api/igny8/billing/workspaces/{tenant}/checkout", exempt: "paying is how a suspended workspace resumes; it writes only at Stripe (and an audit entry)"},
		{pattern: "POST /api/igny8/notifications/read", exempt: "marks the caller's own notifications read; no workspace record is written (notify/notify_test.go TestReadRouteOwnOnly)"},
		{pattern: "POST /api/igny8/workspaces/{tenant}/export", exempt: "an export is a read: suspended workspaces export everything (it writes only its own export record and job; admins only, exports/export_route_test.go)"},
		{pattern: "POST /api/igny8/billing/workspaces/{tenant}/portal", exempt: "updating the card is how a suspended workspace resumes; it writes only at Stripe (and an audit entry)"},
		{pattern: "POST /api/igny8/contents/{content}/unpublish", path: "/api/igny8/contents/" + content + "/unpublish", ok: 202},
		// the legacy-plugin import: a missing database address is refused right
		// after the policy (400); the fixture batch rolls back (its one mapping
		// points at a record it did not write, which is kept)
		{pattern: "POST /api/igny8/sites/{site}/import-wp/check", path: "/api/igny8/sites/" + site + "/import-wp/check", body: jsonBody(`{}`), ok: 400},
		{pattern: "POST /api/igny8/sites/{site}/import-wp", path: "/api/igny8/sites/" + site + "/import-wp", body: jsonBody(`{}`), ok: 400},
		// the Linker: the fixture suggestion is approved (its insert is a job),
		// rejected, or refused removal (409: it is not in the text)
		{pattern: "POST /api/igny8/linker/contents/{content}/suggest", path: "/api/igny8/linker/contents/" + content + "/suggest", ok: 202},
		{pattern: "POST /api/igny8/linker/links/{link}/approve", path: "/api/igny8/linker/links/" + testapp.RecordId(collections.InternalLinks, testapp.A) + "/approve", ok: 202},
		{pattern: "POST /api/igny8/linker/links/{link}/reject", path: "/api/igny8/linker/links/" + testapp.RecordId(collections.InternalLinks, testapp.A) + "/reject", ok: 200},
		{pattern: "POST /api/igny8/linker/links/{link}/remove", path: "/api/igny8/linker/links/" + testapp.RecordId(collections.InternalLinks, testapp.A) + "/remove", ok: 409},
		{pattern: "POST /api/igny8/linker/links/bulk", path: "/api/igny8/linker/links/bulk", body: jsonBody(`{"tenant":"` + a + `","action":"reject","ids":["` + testapp.RecordId(collections.InternalLinks, testapp.A) + `"]}`), ok: 200},
		{pattern: "PATCH /api/igny8/autopilot/{site}", path: "/api/igny8/autopilot/" + site, body: jsonBody(`{"paused":true,"batch":{"writing":2}}`), ok: 200},
		// the fixture site is not linked to a Bridge plugin: refused after the policy (409)
		{pattern: "POST /api/igny8/sites/{site}/import-wp/handover", path: "/api/igny8/sites/" + site + "/import-wp/handover", body: jsonBody(`{"action":"manage"}`), ok: 409},
		{pattern: "POST /api/igny8/import-batches/{batch}/rollback", path: "/api/igny8/import-batches/" + testapp.RecordId(collections.ImportBatches, testapp.A) + "/rollback", ok: 200},
	}
}

// registeredWriteRoutes lists the app's custom routes that are not GETs, by
// walking the router PocketBase builds on serve.
func registeredWriteRoutes(t *testing.T) []string {
	app := testapp.New(t)
	r, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}
	se := &core.ServeEvent{App: app, Router: r}
	if err := app.OnServe().Trigger(se, func(*core.ServeEvent) error { return nil }); err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(prefix string, v reflect.Value)
	walk = func(prefix string, v reflect.Value) {
		for v.Kind() == reflect.Interface || v.Kind() == reflect.Pointer {
			v = v.Elem()
		}
		if p := v.FieldByName("Prefix"); p.IsValid() {
			children := v.FieldByName("children")
			for i := range children.Len() {
				walk(prefix+p.String(), children.Index(i))
			}
			return
		}
		method, path := v.FieldByName("Method").String(), prefix+v.FieldByName("Path").String()
		if strings.HasPrefix(path, "/api/igny8/") && method != http.MethodGet && method != "" {
			out = append(out, method+" "+path)
		}
	}
	walk("", reflect.ValueOf(r.RouterGroup))
	sort.Strings(out)
	if len(out) == 0 {
		t.Fatal("found no custom routes: did PocketBase's router change shape?")
	}
	return out
}

// policySetup makes every route of the table able to succeed in workspace A
// (an unclustered keyword, a checked site, a published content).
func policySetup(t testing.TB, app core.App) {
	site, _ := app.FindRecordById(collections.Sites, testapp.SiteId(testapp.A))
	site.Set("status", "connected")
	if err := app.Save(site); err != nil {
		t.Fatal(err)
	}
	col, _ := app.FindCollectionByNameOrId(collections.Keywords)
	k := core.NewRecord(col)
	k.Load(map[string]any{"tenant": testapp.TenantId(testapp.A), "site": site.Id, "keyword": "aeropress recipe", "normalized": "aeropress recipe", "status": "new"})
	if err := app.Save(k); err != nil {
		t.Fatal(err)
	}
	icol, _ := app.FindCollectionByNameOrId(collections.Invitations)
	inv := core.NewRecord(icol)
	inv.Id = invitationId
	inv.Load(map[string]any{"tenant": testapp.TenantId(testapp.A), "email": testapp.OutsiderEmail, "role": collections.RoleViewer,
		"status": collections.InvitePending, "expires": time.Now().Add(24 * time.Hour)})
	if err := app.Save(inv); err != nil {
		t.Fatal(err)
	}
	jcol, _ := app.FindCollectionByNameOrId(collections.Jobs)
	for id, status := range map[string]string{queuedJobId: collections.JobQueued, failedJobId: collections.JobFailed} {
		j := core.NewRecord(jcol)
		j.Id = id
		j.Load(map[string]any{"tenant": testapp.TenantId(testapp.A), "site": site.Id, "type": "fixture", "status": status,
			"credits": 1, "credits_state": collections.CreditsRefunded, "max_attempts": 1, "attempts": 1})
		if status == collections.JobQueued {
			j.Set("credits", 0)
			j.Set("credits_state", collections.CreditsNone)
		}
		if err := app.Save(j); err != nil {
			t.Fatal(err)
		}
	}
	scol, _ := app.FindCollectionByNameOrId(collections.Schedules)
	sched := core.NewRecord(scol)
	sched.Id = scheduleId
	sched.Load(map[string]any{"tenant": testapp.TenantId(testapp.A), "site": site.Id, "type": "fixture", "spec": "@every 6h", "batch_size": 1})
	if err := app.Save(sched); err != nil {
		t.Fatal(err)
	}
	c, _ := app.FindRecordById(collections.Contents, testapp.RecordId(collections.Contents, testapp.A))
	c.Set("wp_post_id", 7)
	if err := app.SaveNoValidate(c); err != nil {
		t.Fatal(err)
	}
}

// TestRoutePolicy runs every custom route that writes against workspace A
// suspended, with 0 credits, and past due: suspended answers 403
// igny8_workspace_suspended everywhere; with 0 credits a paid route answers
// 402 igny8_insufficient_credits and a free one works; past due works with
// the warning header. No 500 anywhere.
func TestRoutePolicy(t *testing.T) {
	t.Parallel()
	table := writeRoutes()
	var listed []string
	for _, r := range table {
		listed = append(listed, r.pattern)
	}
	for _, p := range registeredWriteRoutes(t) {
		if !slices.Contains(listed, p) {
			t.Errorf("route %s is not in writeRoutes: add it with its policy", p)
		}
	}
	states := []struct {
		name   string
		tenant map[string]any
		want   func(r writeRoute) (status int, code string)
	}{
		{"suspended", map[string]any{"status": collections.TenantSuspended},
			func(writeRoute) (int, string) { return 403, tenancy.CodeSuspended }},
		{"no credits", map[string]any{"plan_credits": 0, "topup_credits": 0}, func(r writeRoute) (int, string) {
			if r.paid {
				return 402, tenancy.CodeInsufficientCredits
			}
			return r.ok, ""
		}},
		{"past due", map[string]any{"status": collections.TenantPastDue},
			func(r writeRoute) (int, string) { return r.ok, tenancy.CodePastDue }},
	}
	for _, st := range states {
		for _, r := range table {
			if r.exempt != "" {
				continue
			}
			status, code := st.want(r)
			method, _, _ := strings.Cut(r.pattern, " ")
			s := &tests.ApiScenario{Name: st.name + ": " + r.pattern, Method: method, URL: r.path, ExpectedStatus: status,
				TestAppFactory: testapp.Factory}
			if code != "" && code != tenancy.CodePastDue {
				s.ExpectedContent = []string{`"code":"` + code + `"`}
			} else {
				s.NotExpectedContent = []string{`igny8_workspace_suspended`, `igny8_insufficient_credits`, `igny8_internal`}
			}
			headers := map[string]string{}
			if r.body != nil {
				ct, b := r.body()
				headers["Content-Type"] = ct
				s.Body = bytes.NewReader(b)
			}
			s.Headers = headers
			s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
				policySetup(t, app)
				setTenant(t, app, testapp.A, st.tenant)
				headers["Authorization"] = testapp.Token(t, app, testapp.A, collections.RoleOwner)
				if r.outsider {
					headers["Authorization"] = testapp.OutsiderToken(t, app)
				}
			}
			s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if got := res.Header.Get(tenancy.HeaderWarning); (code == tenancy.CodePastDue) != (got == tenancy.CodePastDue) {
					t.Fatalf("%s header %q", tenancy.HeaderWarning, got)
				}
			}
			s.Test(t)
		}
	}
}
