package workspaces_test

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/workspaces"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// seedDashboard gives workspace A a day of activity: ledger entries today and
// yesterday (a reservation partly refunded), one published article, and jobs
// in every state the dashboard counts. Workspace B gets the same kind of
// records, which must never show in A's figures.
func seedDashboard(t testing.TB, app core.App) {
	now := time.Now().UTC()
	for _, ws := range testapp.Workspaces {
		tenant, site := testapp.TenantId(ws), testapp.SiteId(ws)
		ledger := []struct {
			kind  string
			delta int
			at    time.Time
		}{
			{collections.LedgerReserve, -5, now}, {collections.LedgerRefund, 2, now}, {collections.LedgerCommit, 0, now},
			{collections.LedgerReserve, -4, now.AddDate(0, 0, -1)}, {collections.LedgerGrant, 100, now},
			{collections.LedgerReserve, -50, now.AddDate(0, 0, -40)},
		}
		col, _ := app.FindCollectionByNameOrId(collections.CreditLedger)
		for i, l := range ledger {
			r := core.NewRecord(col)
			r.Load(map[string]any{"tenant": tenant, "kind": l.kind, "delta": l.delta, "plan_delta": l.delta,
				"idempotency_key": "dash-" + ws + "-" + string(rune('a'+i)), "created": l.at})
			if err := app.SaveNoValidate(r); err != nil {
				t.Fatal(err)
			}
			// created is autodate: set the day explicitly afterwards
			if _, err := app.DB().NewQuery("UPDATE credit_ledger SET created = {:c} WHERE id = {:id}").
				Bind(map[string]any{"c": l.at.Format("2006-01-02 15:04:05.000Z"), "id": r.Id}).Execute(); err != nil {
				t.Fatal(err)
			}
		}
		c, _ := app.FindRecordById(collections.Contents, testapp.RecordId(collections.Contents, ws))
		c.Set("publish_status", collections.PublishPublished)
		c.Set("published_at", now)
		if err := app.SaveNoValidate(c); err != nil {
			t.Fatal(err)
		}
		jcol, _ := app.FindCollectionByNameOrId(collections.Jobs)
		for i, st := range []string{collections.JobQueued, collections.JobQueued, collections.JobRunning, collections.JobFailed} {
			j := core.NewRecord(jcol)
			j.Load(map[string]any{"tenant": tenant, "site": site, "type": "fixture", "status": st, "finished": now,
				"idempotency_key": "dash-job-" + ws + "-" + string(rune('a'+i))})
			if err := app.Save(j); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestDashboardRoute: a member of any role gets the workspace's figures —
// balance and plan, job counts, the pipeline per site and 30 days of credits
// spent (reservations net of refunds; grants and older days left out) and
// articles published; an outsider and a member of B get 404 for A's.
func TestDashboardRoute(t *testing.T) {
	t.Parallel()
	a := testapp.TenantId(testapp.A)
	url := "/api/igny8/workspaces/" + a + "/dashboard"
	check := func(t testing.TB, app *tests.TestApp, res *http.Response) {
		var d workspaces.Dashboard
		body, _ := io.ReadAll(res.Body)
		if err := json.Unmarshal(body, &d); err != nil {
			t.Fatal(err)
		}
		if d.Tenant != a || d.Credits.Total != 2000 || d.Credits.Monthly != 2000 || d.Credits.PlanCode != "agency" {
			t.Fatalf("credits %+v", d.Credits)
		}
		if d.Jobs != (workspaces.DashboardJobs{Queued: 2, Running: 1, Failed: 1, FailedDay: 1}) {
			t.Fatalf("jobs %+v", d.Jobs)
		}
		want := workspaces.DashboardSite{Id: testapp.SiteId(testapp.A), Name: "Site a", URL: "http://127.0.0.1:9/a", Status: "connected",
			Keywords: 1, Clusters: 1, Ideas: 1, Tasks: 1, Articles: 1, Published: 1}
		if len(d.Sites) != 1 || d.Sites[0] != want {
			t.Fatalf("sites %+v", d.Sites)
		}
		if len(d.Days) != workspaces.DashboardDays {
			t.Fatalf("%d days", len(d.Days))
		}
		today, yesterday := d.Days[len(d.Days)-1], d.Days[len(d.Days)-2]
		if today.Date != time.Now().UTC().Format(time.DateOnly) || today.CreditsSpent != 3 || today.Published != 1 || yesterday.CreditsSpent != 4 {
			t.Fatalf("today %+v yesterday %+v", today, yesterday)
		}
		total := 0
		for _, day := range d.Days {
			total += day.CreditsSpent
		}
		if total != 7 {
			t.Fatalf("30 days spent %d, want 7", total)
		}
	}
	for _, c := range []struct {
		name, ws, role string
		status         int
	}{
		{"viewer", testapp.A, collections.RoleViewer, 200},
		{"owner", testapp.A, collections.RoleOwner, 200},
		{"member of B", testapp.B, collections.RoleOwner, 404},
	} {
		s := &tests.ApiScenario{Name: c.name, Method: http.MethodGet, URL: url, ExpectedStatus: c.status, TestAppFactory: testapp.Factory}
		if c.status == 200 {
			s.ExpectedContent = []string{`"sites"`}
			s.AfterTestFunc = check
		} else {
			s.ExpectedContent = []string{`"data":{}`}
			s.NotExpectedContent = []string{`"sites"`, `"credits"`}
		}
		ws, role := c.ws, c.role
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			seedDashboard(t, app)
			s.Headers = map[string]string{"Authorization": testapp.Token(t, app, ws, role)}
		}
		s.Test(t)
	}
	anon := tests.ApiScenario{Name: "anonymous", Method: http.MethodGet, URL: url, ExpectedStatus: 401,
		ExpectedContent: []string{`"data":{}`}, TestAppFactory: testapp.Factory}
	anon.Test(t)
}
