package tenancy_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/tests"
)

// TestIsolationLinkerRoutes sends every actor at the Linker's routes on A's
// content and A's fixture link (and at the move-in's hand-over on A's site): anonymous 401, outsiders and B's members 404
// (as for a missing record), A's members below the route's role 403, the others and
// superusers get the route's answer; a refused call leaves A's link a
// suggestion and queues nothing.
func TestIsolationLinkerRoutes(t *testing.T) {
	t.Parallel()
	link, content := testapp.RecordId(collections.InternalLinks, testapp.A), testapp.RecordId(collections.Contents, testapp.A)
	routes := []struct {
		path string
		ok   int
		min  string
	}{
		{"/api/igny8/linker/contents/" + content + "/suggest", http.StatusAccepted, collections.RoleEditor},
		{"/api/igny8/linker/links/" + link + "/approve", http.StatusAccepted, collections.RoleEditor},
		{"/api/igny8/linker/links/" + link + "/reject", http.StatusOK, collections.RoleEditor},
		{"/api/igny8/linker/links/" + link + "/remove", http.StatusConflict, collections.RoleEditor}, // a suggestion is not in the text
		// the move-in's hand-over: the fixture site has no Bridge plugin (409)
		{"/api/igny8/sites/" + testapp.SiteId(testapp.A) + "/import-wp/handover", http.StatusConflict, collections.RoleAdmin},
	}
	for _, r := range routes {
		for _, act := range actors() {
			status := http.StatusNotFound
			switch {
			case act.kind == "anonymous":
				status = http.StatusUnauthorized
			case act.kind == "superuser", act.ws == testapp.A && tenancy.Rank(act.role) >= tenancy.Rank(r.min):
				status = r.ok
			case act.ws == testapp.A:
				status = http.StatusForbidden
			}
			s := tests.ApiScenario{Name: act.name + " POST " + r.path, Method: http.MethodPost, URL: r.path,
				ExpectedStatus: status, ExpectedContent: []string{`"`}, TestAppFactory: testapp.Factory}
			s.BeforeTestFunc = withHeaders(act, &s)
			refused := status != r.ok
			s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				if !refused {
					return
				}
				rec, err := app.FindRecordById(collections.InternalLinks, link)
				if err != nil || rec.GetString("status") != collections.LinkSuggested {
					t.Fatalf("A's link after %s: %v", act.name, err)
				}
				jobs, err := app.FindRecordsByFilter(collections.Jobs, "type ~ 'linker.'", "", 0, 0)
				if err != nil || len(jobs) != 0 {
					t.Fatalf("%s queued %d linker jobs (%v)", act.name, len(jobs), err)
				}
			}
			casesChecked.Add(1)
			s.Test(t)
		}
	}
}

// TestIsolationLinkerBulk sends every actor at the bulk route naming A's
// fixture link in A's workspace (anonymous 401, outsiders and B's members 404,
// A's viewers 403, A's editors and above and superusers 200 with the link
// rejected), and B's owner naming it in B's workspace: 200 with the link not
// found, and A's link still a suggestion.
func TestIsolationLinkerBulk(t *testing.T) {
	t.Parallel()
	link := testapp.RecordId(collections.InternalLinks, testapp.A)
	in := func(ws string) string {
		return `{"tenant":"` + testapp.TenantId(ws) + `","action":"reject","ids":["` + link + `"]}`
	}
	for _, act := range actors() {
		status := http.StatusNotFound
		switch {
		case act.kind == "anonymous":
			status = http.StatusUnauthorized
		case act.kind == "superuser", act.ws == testapp.A && tenancy.Rank(act.role) >= tenancy.Rank(collections.RoleEditor):
			status = http.StatusOK
		case act.ws == testapp.A:
			status = http.StatusForbidden
		}
		want := []string{`"`}
		if status == http.StatusOK {
			want = []string{`"done":{"` + link + `":"rejected"}`}
		}
		s := tests.ApiScenario{Name: act.name + " bulk on A", Method: http.MethodPost, URL: "/api/igny8/linker/links/bulk", Body: strings.NewReader(in(testapp.A)),
			ExpectedStatus: status, ExpectedContent: want, TestAppFactory: testapp.Factory}
		s.BeforeTestFunc = withHeaders(act, &s)
		refused := status != http.StatusOK
		s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			rec, err := app.FindRecordById(collections.InternalLinks, link)
			if err != nil || refused != (rec.GetString("status") == collections.LinkSuggested) {
				t.Fatalf("A's link after %s: %v %v", act.name, rec, err)
			}
		}
		casesChecked.Add(1)
		s.Test(t)
	}
	owner := actor{name: "owner-" + testapp.B, kind: "member", ws: testapp.B, role: collections.RoleOwner}
	s := tests.ApiScenario{Name: "B's owner names A's link in B", Method: http.MethodPost, URL: "/api/igny8/linker/links/bulk", Body: strings.NewReader(in(testapp.B)),
		ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"done":{}`, `"skipped":[{"id":"` + link + `","reason":"Not found."}]`}, TestAppFactory: testapp.Factory}
	s.BeforeTestFunc = withHeaders(owner, &s)
	s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, _ *http.Response) {
		if rec, err := app.FindRecordById(collections.InternalLinks, link); err != nil || rec.GetString("status") != collections.LinkSuggested {
			t.Fatalf("A's link after B's bulk: %v", err)
		}
	}
	casesChecked.Add(1)
	s.Test(t)
}
