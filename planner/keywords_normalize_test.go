package planner_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// Keywords created or edited through the standard collections API (the JS
// SDK, the admin UI) get the same normalized identity the import gives them,
// without the client sending it.
func TestKeywordNormalizedDerivedThroughCollectionsAPI(t *testing.T) {
	t.Parallel()
	create := "/api/collections/" + collections.Keywords + "/records"
	fixture := "/api/collections/" + collections.Keywords + "/records/" + testapp.RecordId(collections.Keywords, testapp.A)
	site, tenant := testapp.SiteId(testapp.A), testapp.TenantId(testapp.A)
	body := func(extra string) string {
		return `{"tenant":"` + tenant + `","site":"` + site + `"` + extra + `}`
	}
	cases := []struct {
		name, who, role, method, url, body string
		status                             int
		content, notContent                []string
		after                              func(testing.TB, *tests.TestApp)
	}{
		{name: "editor creates without normalized", who: testapp.A, role: "editor", method: http.MethodPost, url: create,
			body: body(`,"keyword":"  Best   Espresso Machine! "`), status: 200,
			content: []string{`"keyword":"Best Espresso Machine!"`, `"normalized":"best espresso machine"`},
			after: func(t testing.TB, app *tests.TestApp) {
				if _, ok := siteKeywords(t, app, site)["best espresso machine"]; !ok {
					t.Fatalf("keyword not stored under its normalized identity")
				}
			}},
		{name: "a client's own normalized is replaced", who: testapp.A, role: "owner", method: http.MethodPost, url: create,
			body: body(`,"keyword":"Cold Brew","normalized":"something else"`), status: 200,
			content: []string{`"normalized":"cold brew"`}, notContent: []string{"something else"}},
		{name: "superuser (admin UI) creates without normalized", who: testapp.Superuser, method: http.MethodPost, url: create,
			body: body(`,"keyword":"Moka Pot"`), status: 200, content: []string{`"normalized":"moka pot"`}},
		{name: "same identity as an existing keyword is a duplicate", who: testapp.A, role: "editor", method: http.MethodPost, url: create,
			body: body(`,"keyword":"KEYWORD  a."`), status: 400, content: []string{`"normalized":{"code":"validation_not_unique"`}},
		{name: "punctuation only is refused on keyword", who: testapp.A, role: "editor", method: http.MethodPost, url: create,
			body: body(`,"keyword":"?!."`), status: 400, content: []string{`"keyword":{"code":"igny8_invalid_keyword"`, "no letters or digits"}},
		{name: "blank keyword is the field's required error", who: testapp.A, role: "editor", method: http.MethodPost, url: create,
			body: body(`,"keyword":"   "`), status: 400, content: []string{`"keyword":{"code":"validation_required"`}},
		{name: "editing the text moves the identity", who: testapp.A, role: "editor", method: http.MethodPatch, url: fixture,
			body: `{"keyword":"French Press"}`, status: 200, content: []string{`"normalized":"french press"`},
			after: func(t testing.TB, app *tests.TestApp) {
				kws := siteKeywords(t, app, site)
				if _, ok := kws["keyword a"]; ok {
					t.Fatalf("old identity still stored")
				}
				if _, ok := kws["french press"]; !ok {
					t.Fatalf("new identity not stored")
				}
			}},
		{name: "other workspace still cannot create here", who: testapp.B, role: "owner", method: http.MethodPost, url: create,
			body: body(`,"keyword":"Aeropress"`), status: 400, notContent: []string{`"normalized":"aeropress"`}},
	}
	for _, tc := range cases {
		tc := tc
		s := &tests.ApiScenario{
			Name: tc.name, Method: tc.method, URL: tc.url, Body: strings.NewReader(tc.body),
			ExpectedStatus: tc.status, ExpectedContent: tc.content, NotExpectedContent: tc.notContent,
			TestAppFactory: testapp.Factory,
		}
		if len(s.ExpectedContent) == 0 {
			s.ExpectedContent = []string{`"data"`}
		}
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			s.Headers = map[string]string{"Authorization": testapp.Authorization(t, app, tc.who, tc.role)}
		}
		if tc.after != nil {
			s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, res *http.Response) { tc.after(t, app) }
		}
		if tc.status == 200 {
			s.ExpectedEvents = map[string]int{"OnRecordCreateRequest": 1}
			if tc.method == http.MethodPatch {
				s.ExpectedEvents = map[string]int{"OnRecordUpdateRequest": 1}
			}
		}
		s.Test(t)
	}
}
