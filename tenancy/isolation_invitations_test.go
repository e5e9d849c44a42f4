package tenancy_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/tests"
)

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
