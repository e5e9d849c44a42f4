package tenancy_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/tests"
)

// TestIsolationBulkKeywords sends every actor at the bulk keyword routes for
// workspace A's fixture keyword: anonymous 401, outsiders and B's members 404
// (A's workspace is as missing to them), A's viewers 403 on the writes and
// the figures on the estimate, A's editors and up and superusers act. A
// member of B who names A's keyword id inside B's own workspace changes
// nothing (0 keywords). Only allowed actors ever change A's keyword.
func TestIsolationBulkKeywords(t *testing.T) {
	t.Parallel()
	a, b := testapp.TenantId(testapp.A), testapp.TenantId(testapp.B)
	kwA := testapp.RecordId(collections.Keywords, testapp.A)
	routes := []struct {
		action, body string
		write        bool
		changed      func(status string) bool
	}{
		{"estimate", `{"tenant":"` + a + `","ids":["` + kwA + `"]}`, false, nil},
		{"archive", `{"tenant":"` + a + `","ids":["` + kwA + `"]}`, true, func(s string) bool { return s == "archived" }},
		{"delete", `{"tenant":"` + a + `","filter":{}}`, true, func(s string) bool { return s == "gone" }},
		{"move", `{"tenant":"` + a + `","filter":{"cluster":"` + testapp.RecordId(collections.Clusters, testapp.A) + `"},"cluster":""}`, true,
			func(s string) bool { return s == "new" }},
	}
	for _, r := range routes {
		for _, act := range actors() {
			status := http.StatusNotFound
			switch {
			case act.kind == "anonymous":
				status = http.StatusUnauthorized
			case act.kind == "superuser":
				status = http.StatusOK
			case act.ws == testapp.A && r.write && tenancy.Rank(act.role) < tenancy.Rank(collections.RoleEditor):
				status = http.StatusForbidden
			case act.ws == testapp.A:
				status = http.StatusOK
			}
			s := tests.ApiScenario{Name: act.name + " " + r.action + "s A's keywords", Method: http.MethodPost,
				URL: "/api/igny8/planner/keywords/" + r.action, Body: strings.NewReader(r.body),
				ExpectedStatus: status, ExpectedContent: []string{`"keywords":`}, TestAppFactory: testapp.Factory}
			if status != http.StatusOK {
				s.ExpectedContent = []string{`"data":`}
				s.NotExpectedContent = []string{`"keywords":`}
			}
			s.BeforeTestFunc = withHeaders(act, &s)
			r := r
			s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				state := "gone"
				if k, err := app.FindRecordById(collections.Keywords, kwA); err == nil {
					state = k.GetString("status")
				}
				if r.changed != nil && r.changed(state) != (status == http.StatusOK) {
					t.Fatalf("A's keyword is %s after %s's %s (status %d)", state, act.name, r.action, status)
				}
			}
			casesChecked.Add(1)
			s.Test(t)
		}
	}
	// B's owner names A's keyword (and A's cluster) inside B's own workspace
	for _, action := range []string{"archive", "delete", "cluster"} {
		s := tests.ApiScenario{Name: "B " + action + "s A's keyword id in B", Method: http.MethodPost, URL: "/api/igny8/planner/keywords/" + action,
			Body: strings.NewReader(`{"tenant":"` + b + `","ids":["` + kwA + `"]}`), TestAppFactory: testapp.Factory,
			ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"keywords":0`}}
		if action == "cluster" {
			s.ExpectedStatus, s.ExpectedContent = http.StatusBadRequest, []string{`igny8_nothing_to_cluster`}
		}
		s.BeforeTestFunc = withHeaders(actor{kind: "member", ws: testapp.B, role: collections.RoleOwner}, &s)
		s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			k, err := app.FindRecordById(collections.Keywords, kwA)
			if err != nil || k.GetString("status") != "clustered" {
				t.Fatalf("A's keyword changed through B: %v", err)
			}
			if n, _ := app.CountRecords(collections.Jobs, dbx.HashExp{"tenant": a, "type": "planner.cluster"}); n != 0 {
				t.Fatalf("%d cluster jobs in A", n)
			}
		}
		casesChecked.Add(1)
		s.Test(t)
	}
}

// TestIsolationDashboard: A's dashboard answers A's members of every role
// (and nobody else: anonymous 401, superusers 403 as on every workspace
// route, outsiders and B's members 404) and carries no B record.
func TestIsolationDashboard(t *testing.T) {
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
		s := tests.ApiScenario{Name: act.name + " reads A's dashboard", Method: http.MethodGet, URL: "/api/igny8/workspaces/" + a + "/dashboard",
			ExpectedStatus: status, NotExpectedContent: bIds(), TestAppFactory: testapp.Factory}
		if status == http.StatusOK {
			s.ExpectedContent = []string{testapp.SiteId(testapp.A), `"keywords":1`}
		} else {
			s.ExpectedContent = []string{`"data":`}
			s.NotExpectedContent = append(s.NotExpectedContent, testapp.SiteId(testapp.A), `"credits"`)
		}
		s.BeforeTestFunc = withHeaders(act, &s)
		casesChecked.Add(1)
		s.Test(t)
	}
}
