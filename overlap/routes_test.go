package overlap_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// TestDecideRoute: skip rejects the idea and is audited; a bad decision is
// a field error; the decision is recorded with who made it.
func TestDecideRoute(t *testing.T) {
	t.Parallel()
	id := testapp.RecordId(collections.Overlaps, testapp.A)
	for _, c := range []struct {
		name, body string
		status     int
		want       []string
		after      func(t testing.TB, app *tests.TestApp)
	}{
		{"bad decision", `{"decision":"maybe"}`, 400, []string{`"igny8_bad_decision"`}, nil},
		{"skip rejects the idea", `{"decision":"skip"}`, 200, []string{`"status":"skip"`, `"decided_by":"`}, func(t testing.TB, app *tests.TestApp) {
			idea, _ := app.FindRecordById(collections.Ideas, testapp.RecordId(collections.Ideas, testapp.A))
			if idea.GetString("status") != "rejected" {
				t.Fatalf("idea status %q after skip", idea.GetString("status"))
			}
			if n, _ := app.CountRecords(collections.AuditLog); n == 0 {
				t.Fatal("no audit entry")
			}
		}},
		{"merge makes a refresh of the existing post", `{"decision":"merge"}`, 200, []string{`"status":"merge"`, `"refresh":"`}, func(t testing.TB, app *tests.TestApp) {
			ov, _ := app.FindRecordById(collections.Overlaps, id)
			r, err := app.FindRecordById(collections.Refreshes, ov.GetString("refresh"))
			if err != nil || r.GetString("page") != testapp.RecordId(collections.SitePages, testapp.A) || r.GetString("status") != collections.RefreshSuggested ||
				r.GetString("overlap") != id || !strings.Contains(r.GetString("reasons"), `"code":"overlap"`) {
				t.Fatalf("refresh after merge: %v (%v)", r, err)
			}
		}},
		{"go ahead keeps the idea", `{"decision":"go_ahead"}`, 200, []string{`"status":"go_ahead"`}, func(t testing.TB, app *tests.TestApp) {
			idea, _ := app.FindRecordById(collections.Ideas, testapp.RecordId(collections.Ideas, testapp.A))
			if idea.GetString("status") != "new" {
				t.Fatalf("idea status %q after go ahead", idea.GetString("status"))
			}
		}},
	} {
		s := tests.ApiScenario{Name: c.name, Method: http.MethodPost, URL: "/api/igny8/overlaps/" + id + "/decide", Body: strings.NewReader(c.body),
			ExpectedStatus: c.status, ExpectedContent: c.want, TestAppFactory: testapp.Factory}
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
			s.Headers = map[string]string{"Content-Type": "application/json", "Authorization": testapp.Token(t, app, testapp.A, collections.RoleEditor)}
		}
		if c.after != nil {
			after := c.after
			s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, _ *http.Response) { after(t, app) }
		}
		s.Test(t)
	}
}
