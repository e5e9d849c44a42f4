package jobs

import (
	"net/http"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

func bindRoutes(se *core.ServeEvent) {
	se.Router.GET("/api/igny8/system/queue", queueRoute).
		Bind(apis.RequireAuth(collections.Users, core.CollectionNameSuperusers))
	bindJobRoutes(se)
	bindScheduleRoutes(se)
	if testHandlersEnabled() {
		bindTestRoutes(se)
	}
}

// QueueStats is the answer of GET /api/igny8/system/queue.
type QueueStats struct {
	Tenant   string                    `json:"tenant"` // "" = every workspace (superusers)
	ByStatus map[string]int            `json:"byStatus"`
	ByType   map[string]map[string]int `json:"byType"`
	LastHour struct {
		Succeeded     int     `json:"succeeded"`
		Failed        int     `json:"failed"`
		Canceled      int     `json:"canceled"`
		PerMinute     float64 `json:"perMinute"`
		FailureRate   float64 `json:"failureRate"`
		AvgRunSeconds float64 `json:"avgRunSeconds"`
	} `json:"lastHour"`
	OldestQueued string `json:"oldestQueued"`
}

// queueRoute answers counts by status and type plus the last hour's
// throughput. A member sees one workspace (?tenant= picks it when they have
// several); a superuser sees every workspace unless ?tenant= narrows it.
func queueRoute(e *core.RequestEvent) error {
	tenant := e.Request.URL.Query().Get("tenant")
	if !e.HasSuperuserAuth() {
		if tenant == "" {
			ids, err := tenancy.TenantsOf(e.App, e.Auth.Id)
			if err != nil {
				return err
			}
			switch len(ids) {
			case 0:
				return apis.NewNotFoundError("Not found.", nil)
			case 1:
				tenant = ids[0]
			default:
				return apis.NewBadRequestError("You belong to several workspaces; pass ?tenant=<id>.", nil)
			}
		}
		if _, err := tenancy.RequireAPI(e, tenant, collections.RoleViewer); err != nil {
			return err
		}
	}
	stats, err := Stats(e.App, tenant, registryOf(e.App).now())
	if err != nil {
		return err
	}
	return e.JSON(http.StatusOK, stats)
}

// Stats computes the queue figures for tenant ("" = all) as of now.
func Stats(app core.App, tenant string, now time.Time) (*QueueStats, error) {
	where := dbx.NewExp("1=1")
	if tenant != "" {
		where = dbx.HashExp{"tenant": tenant}
	}
	s := &QueueStats{Tenant: tenant, ByStatus: map[string]int{}, ByType: map[string]map[string]int{}}
	for _, st := range collections.JobStatuses {
		s.ByStatus[st] = 0
	}
	var rows []struct {
		Type   string `db:"type"`
		Status string `db:"status"`
		N      int    `db:"n"`
	}
	if err := app.DB().Select("type", "status", "COUNT(*) AS n").From(collections.Jobs).Where(where).
		GroupBy("type", "status").All(&rows); err != nil {
		return nil, err
	}
	for _, r := range rows {
		s.ByStatus[r.Status] += r.N
		if s.ByType[r.Type] == nil {
			s.ByType[r.Type] = map[string]int{}
		}
		s.ByType[r.Type][r.Status] = r.N
	}
	hourAgo := dateString(now.Add(-time.Hour))
	var hour []struct {
		Status string  `db:"status"`
		N      int     `db:"n"`
		Avg    float64 `db:"avg"`
	}
	if err := app.DB().Select("status", "COUNT(*) AS n",
		"COALESCE(AVG((julianday(finished) - julianday(started)) * 86400.0), 0) AS avg").
		From(collections.Jobs).Where(where).
		AndWhere(dbx.NewExp("finished != '' AND finished >= {:since}", dbx.Params{"since": hourAgo})).
		GroupBy("status").All(&hour); err != nil {
		return nil, err
	}
	var runSum float64
	for _, h := range hour {
		switch h.Status {
		case collections.JobSucceeded:
			s.LastHour.Succeeded = h.N
			runSum = h.Avg
		case collections.JobFailed:
			s.LastHour.Failed = h.N
		case collections.JobCanceled:
			s.LastHour.Canceled = h.N
		}
	}
	done := s.LastHour.Succeeded + s.LastHour.Failed
	s.LastHour.PerMinute = float64(done) / 60
	if done > 0 {
		s.LastHour.FailureRate = float64(s.LastHour.Failed) / float64(done)
	}
	s.LastHour.AvgRunSeconds = runSum
	var oldest string
	_ = app.DB().Select("COALESCE(MIN(created), '')").From(collections.Jobs).Where(where).
		AndWhere(dbx.HashExp{"status": collections.JobQueued}).Row(&oldest)
	s.OldestQueued = oldest
	return s, nil
}
