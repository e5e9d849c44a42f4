package workspaces

import (
	"fmt"
	"net/http"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// DashboardDays is how many days the dashboard's daily series cover (today included).
const DashboardDays = 30

// Dashboard is what GET /api/igny8/workspaces/{tenant}/dashboard answers: the
// figures the app's first page shows, aggregated by the database in one
// request, so the browser never lists a collection to count it.
type Dashboard struct {
	Tenant  string           `json:"tenant"`
	Credits DashboardCredits `json:"credits"`
	Jobs    DashboardJobs    `json:"jobs"`
	Sites   []DashboardSite  `json:"sites"`
	Days    []DashboardDay   `json:"days"`
}

// DashboardCredits is the balance against the plan: plan credits left of the
// monthly allowance, top-ups beside them, and when the plan credits reset.
type DashboardCredits struct {
	Plan     int    `json:"plan"`
	Topup    int    `json:"topup"`
	Total    int    `json:"total"`
	Monthly  int    `json:"monthly"`
	ResetAt  string `json:"resetAt"`
	PlanName string `json:"planName"`
	PlanCode string `json:"planCode"`
}

// DashboardJobs counts the workspace's jobs by state; Failed counts the failed
// jobs still kept (finished jobs are removed after the retention), FailedDay
// those that failed in the last 24 hours.
type DashboardJobs struct {
	Queued    int `json:"queued"`
	Running   int `json:"running"`
	Failed    int `json:"failed"`
	FailedDay int `json:"failedLast24h"`
}

// DashboardSite is one site's pipeline: how many records each stage holds.
// Articles counts contents; Published those whose post is live on WordPress.
type DashboardSite struct {
	Id        string `json:"id"`
	Name      string `json:"name"`
	URL       string `json:"url"`
	Status    string `json:"status"`
	Keywords  int    `json:"keywords"`
	Clusters  int    `json:"clusters"`
	Ideas     int    `json:"ideas"`
	Tasks     int    `json:"tasks"`
	Articles  int    `json:"articles"`
	Published int    `json:"published"`
}

// DashboardDay is one UTC day of the series: credits spent (reservations net
// of refunds, so a failed job's credits that came back do not count) and
// articles published.
type DashboardDay struct {
	Date         string `json:"date"`
	CreditsSpent int    `json:"creditsSpent"`
	Published    int    `json:"published"`
}

// dashboardRoute answers any member of the workspace, viewers included; a
// workspace the caller does not belong to is 404 like a missing one.
func dashboardRoute(e *core.RequestEvent) error {
	tenantId := e.Request.PathValue("tenant")
	if _, err := tenancy.RequireAPI(e, tenantId, collections.RoleViewer); err != nil {
		return err
	}
	d, err := BuildDashboard(e.App, tenantId, time.Now().UTC())
	if err != nil {
		return tenancy.APIError(err)
	}
	return e.JSON(http.StatusOK, d)
}

// BuildDashboard aggregates tenantId's figures as of now: a few grouped
// queries on indexed columns, whatever the number of records.
func BuildDashboard(app core.App, tenantId string, now time.Time) (*Dashboard, error) {
	t, err := app.FindRecordById(collections.Tenants, tenantId)
	if err != nil {
		return nil, fmt.Errorf("%w: workspace %q", tenancy.ErrNotFound, tenantId)
	}
	d := &Dashboard{Tenant: t.Id, Sites: []DashboardSite{}}
	d.Credits = DashboardCredits{Plan: t.GetInt("plan_credits"), Topup: t.GetInt("topup_credits"), ResetAt: t.GetString("credits_reset_at")}
	d.Credits.Total = d.Credits.Plan + d.Credits.Topup
	if p, err := app.FindRecordById(collections.Plans, t.GetString("plan")); err == nil {
		d.Credits.Monthly, d.Credits.PlanName, d.Credits.PlanCode = p.GetInt("monthly_credits"), p.GetString("name"), p.GetString("code")
	}
	if err := dashboardJobs(app, tenantId, now, &d.Jobs); err != nil {
		return nil, err
	}
	if d.Sites, err = dashboardSites(app, tenantId); err != nil {
		return nil, err
	}
	if d.Days, err = dashboardDays(app, tenantId, now); err != nil {
		return nil, err
	}
	return d, nil
}

func dashboardJobs(app core.App, tenantId string, now time.Time, out *DashboardJobs) error {
	var rows []struct {
		Status string `db:"status"`
		N      int    `db:"n"`
	}
	err := app.DB().Select("status", "COUNT(*) AS n").From(collections.Jobs).
		Where(dbx.HashExp{"tenant": tenantId}).
		AndWhere(dbx.In("status", collections.JobQueued, collections.JobRunning, collections.JobFailed)).
		GroupBy("status").All(&rows)
	if err != nil {
		return fmt.Errorf("dashboard jobs: %w", err)
	}
	for _, r := range rows {
		switch r.Status {
		case collections.JobQueued:
			out.Queued = r.N
		case collections.JobRunning:
			out.Running = r.N
		case collections.JobFailed:
			out.Failed = r.N
		}
	}
	since, _ := types.ParseDateTime(now.Add(-24 * time.Hour))
	err = app.DB().Select("COUNT(*)").From(collections.Jobs).
		Where(dbx.HashExp{"tenant": tenantId, "status": collections.JobFailed}).
		AndWhere(dbx.NewExp("[[finished]] >= {:since}", dbx.Params{"since": since.String()})).Row(&out.FailedDay)
	if err != nil {
		return fmt.Errorf("dashboard failed jobs: %w", err)
	}
	return nil
}

// dashboardSites counts each stage per site, one grouped query per
// collection (every one has a tenant index).
func dashboardSites(app core.App, tenantId string) ([]DashboardSite, error) {
	sites, err := app.FindRecordsByFilter(collections.Sites, "tenant = {:t}", "created", 0, 0, dbx.Params{"t": tenantId})
	if err != nil {
		return nil, fmt.Errorf("dashboard sites: %w", err)
	}
	out := make([]DashboardSite, len(sites))
	at := map[string]*DashboardSite{}
	for i, s := range sites {
		out[i] = DashboardSite{Id: s.Id, Name: s.GetString("name"), URL: s.GetString("url"), Status: s.GetString("status")}
		at[s.Id] = &out[i]
	}
	counts := []struct {
		collection string
		where      dbx.Expression
		set        func(*DashboardSite, int)
	}{
		{collections.Keywords, nil, func(s *DashboardSite, n int) { s.Keywords = n }},
		{collections.Clusters, dbx.HashExp{"status": "active"}, func(s *DashboardSite, n int) { s.Clusters = n }},
		{collections.Ideas, dbx.NewExp("[[status]] != 'rejected'"), func(s *DashboardSite, n int) { s.Ideas = n }},
		{collections.Tasks, nil, func(s *DashboardSite, n int) { s.Tasks = n }},
		{collections.Contents, nil, func(s *DashboardSite, n int) { s.Articles = n }},
		{collections.Contents, dbx.HashExp{"publish_status": collections.PublishPublished}, func(s *DashboardSite, n int) { s.Published = n }},
	}
	for _, c := range counts {
		var rows []struct {
			Site string `db:"site"`
			N    int    `db:"n"`
		}
		q := app.DB().Select("site", "COUNT(*) AS n").From(c.collection).Where(dbx.HashExp{"tenant": tenantId})
		if c.where != nil {
			q = q.AndWhere(c.where)
		}
		if err := q.GroupBy("site").All(&rows); err != nil {
			return nil, fmt.Errorf("dashboard %s: %w", c.collection, err)
		}
		for _, r := range rows {
			if s := at[r.Site]; s != nil {
				c.set(s, r.N)
			}
		}
	}
	return out, nil
}

// dashboardDays fills the DashboardDays days ending today (UTC), oldest first,
// every day present (zero when nothing happened).
func dashboardDays(app core.App, tenantId string, now time.Time) ([]DashboardDay, error) {
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	first := today.AddDate(0, 0, -(DashboardDays - 1))
	from, _ := types.ParseDateTime(first)
	days := make([]DashboardDay, DashboardDays)
	at := map[string]*DashboardDay{}
	for i := range days {
		days[i].Date = first.AddDate(0, 0, i).Format(time.DateOnly)
		at[days[i].Date] = &days[i]
	}
	var spent []struct {
		Day string `db:"day"`
		N   int    `db:"n"`
	}
	err := app.DB().Select("substr([[created]], 1, 10) AS day", "-SUM([[delta]]) AS n").From(collections.CreditLedger).
		Where(dbx.HashExp{"tenant": tenantId}).
		AndWhere(dbx.In("kind", collections.LedgerReserve, collections.LedgerRefund, collections.LedgerCommit)).
		AndWhere(dbx.NewExp("[[created]] >= {:from}", dbx.Params{"from": from.String()})).
		GroupBy("day").All(&spent)
	if err != nil {
		return nil, fmt.Errorf("dashboard credits: %w", err)
	}
	for _, r := range spent {
		if d := at[r.Day]; d != nil {
			d.CreditsSpent = max(r.N, 0)
		}
	}
	var published []struct {
		Day string `db:"day"`
		N   int    `db:"n"`
	}
	err = app.DB().Select("substr([[published_at]], 1, 10) AS day", "COUNT(*) AS n").From(collections.Contents).
		Where(dbx.HashExp{"tenant": tenantId, "publish_status": collections.PublishPublished}).
		AndWhere(dbx.NewExp("[[published_at]] >= {:from}", dbx.Params{"from": from.String()})).
		GroupBy("day").All(&published)
	if err != nil {
		return nil, fmt.Errorf("dashboard published: %w", err)
	}
	for _, r := range published {
		if d := at[r.Day]; d != nil {
			d.Published = r.N
		}
	}
	return days, nil
}
