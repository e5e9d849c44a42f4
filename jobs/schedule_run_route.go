package jobs

import (
	"fmt"
	"net/http"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// ManualWindow is the window a "run now" names in its job's payload and
// result, where the scheduler names the due window's time.
const ManualWindow = "manual"

// bindScheduleRoutes mounts "run now" for a site's schedule (admins and up of
// its workspace, who also enable and tune schedules).
func bindScheduleRoutes(se *core.ServeEvent) {
	g := se.Router.Group("/api/igny8/schedules").Bind(apis.RequireAuth(collections.Users, core.CollectionNameSuperusers))
	g.POST("/{schedule}/run", runScheduleRoute)
}

// runScheduleRoute queues one run of a schedule now (202 {job, status,
// created}), enabled or not, through the same schedule.run job the scheduler
// queues for a due window, so the module's function, the batch size and the
// recorded last_result are the scheduler's own. It leaves next_run alone (the
// cadence goes on). A second click while that run is queued or running
// answers the same job (created false) and queues nothing: the job's active
// key is the schedule's. The global clean-up schedule is not a workspace's:
// 404 like a missing one.
func runScheduleRoute(e *core.RequestEvent) error {
	s, err := tenancy.RequireRecordWrite(e, collections.Schedules, e.Request.PathValue("schedule"), collections.RoleAdmin)
	if err != nil {
		return err
	}
	if s.GetString("site") == "" || s.GetString("tenant") == "" {
		return tenancy.APIError(tenancy.ErrNotFound)
	}
	job, created, err := RunScheduleNow(e.App, s, tenancy.AuthId(e))
	if err != nil {
		return tenancy.APIError(err)
	}
	return e.JSON(http.StatusAccepted, map[string]any{"job": job.Id, "status": job.GetString("status"), "created": created})
}

// RunScheduleNow queues a schedule.run job for s now, or returns the one a
// previous "run now" of s has queued and not finished (created false). When
// it queues one, s's last_run and last_result say so (the job's handler
// overwrites last_result with what it enqueued).
func RunScheduleNow(app core.App, s *core.Record, createdBy string) (*core.Record, bool, error) {
	params := EnqueueParams{Tenant: s.GetString("tenant"), Site: s.GetString("site"), Type: TypeScheduleRun,
		TargetCollection: collections.Schedules, Target: s.Id,
		Payload:   map[string]any{"schedule": s.Id, "window": ManualWindow},
		ActiveKey: ActiveKey(TypeScheduleRun, s.Id), CreatedBy: createdBy}
	job, created, err := enqueue(app, params)
	if err != nil {
		return nil, false, fmt.Errorf("run schedule %s now: %w", s.Id, err)
	}
	if !created {
		return job, false, nil
	}
	now := registryOf(app).now()
	s.Set("last_run", now)
	s.Set("last_result", map[string]any{"at": dateString(now), "window": ManualWindow, "job": job.Id})
	if err := app.Save(s); err != nil {
		return job, true, fmt.Errorf("record the run of schedule %s: %w", s.Id, err)
	}
	return job, true, nil
}
