package workspaces_test

import (
	"net/http"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// TestUsersNotListedToAnonymous: a user with no membership (the outsider
// fixture, like an ex-member or a removed invitee) is invisible to anonymous
// callers, in lists and by id, and still visible to themselves.
func TestUsersNotListedToAnonymous(t *testing.T) {
	t.Parallel()
	outsider := "outsider0000000"
	users := "/api/collections/users/records"
	scenarios := []tests.ApiScenario{
		{Name: "anonymous list", Method: http.MethodGet, URL: users + "?perPage=500", ExpectedStatus: 200,
			ExpectedContent: []string{`"totalItems":0`}, NotExpectedContent: []string{outsider, testapp.OutsiderEmail}},
		{Name: "anonymous filter by email", Method: http.MethodGet, URL: users + "?filter=" + `email~"outsider"`, ExpectedStatus: 200,
			ExpectedContent: []string{`"totalItems":0`}, NotExpectedContent: []string{outsider}},
		{Name: "anonymous view", Method: http.MethodGet, URL: users + "/" + outsider, ExpectedStatus: 404,
			ExpectedContent: []string{`"data":`}, NotExpectedContent: []string{outsider}},
		{Name: "the user sees themselves", Method: http.MethodGet, URL: users + "/" + outsider, ExpectedStatus: 200,
			ExpectedContent: []string{`"id":"` + outsider + `"`}},
		{Name: "a member of another workspace does not", Method: http.MethodGet, URL: users + "/" + outsider, ExpectedStatus: 404,
			ExpectedContent: []string{`"data":`}},
	}
	who := []string{testapp.Anonymous, testapp.Anonymous, testapp.Anonymous, testapp.Outsider, testapp.A}
	for i := range scenarios {
		s := &scenarios[i]
		w := who[i]
		s.TestAppFactory = testapp.Factory
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			if h := testapp.Authorization(t, app, w, collections.RoleViewer); h != "" {
				s.Headers = map[string]string{"Authorization": h}
			}
		}
		s.Test(t)
	}
}
