//go:build igny8test

package jobs

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/igny8/igny8/billing"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// This file is compiled only with `-tags igny8test` (testapp.Binary builds the
// process-test binary that way); the release build gets test_handlers_off.go,
// so no binary anyone deploys has a superuser credit top-up route, whatever its
// environment says.

// TypeTestSlow is the test-only job type registered when IGNY8_TEST_HANDLERS=1.
// It sleeps, counts every execution in _igny8_test_runs and applies its effect
// (a row in _igny8_test_effects) in the job's success transaction, so the
// kill -9 tests can prove each job's effect was applied exactly once.
const TypeTestSlow = "test.slow"

func testHandlersEnabled() bool { return os.Getenv(EnvTestHandlers) == "1" }

const testTables = `CREATE TABLE IF NOT EXISTS _igny8_test_runs (job_id TEXT NOT NULL, attempt INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS _igny8_test_effects (job_id TEXT NOT NULL)`

func registerTestHandlers(app core.App) {
	Handle(app, TypeTestSlow, func(ctx context.Context, job *Job) error {
		var p struct {
			SleepMs int  `json:"sleep_ms"`
			Fail    bool `json:"fail"`
		}
		if err := job.Payload(&p); err != nil {
			return err
		}
		if _, err := app.NonconcurrentDB().NewQuery(testTables).Execute(); err != nil {
			return err
		}
		if _, err := app.NonconcurrentDB().Insert("_igny8_test_runs", map[string]any{"job_id": job.Id(), "attempt": job.Attempt()}).Execute(); err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(p.SleepMs) * time.Millisecond):
		}
		if p.Fail {
			return Permanent(fmt.Errorf("asked to fail"))
		}
		job.OnCommit(func(tx core.App) error {
			_, err := tx.DB().Insert("_igny8_test_effects", map[string]any{"job_id": job.Id()}).Execute()
			return err
		})
		return nil
	}, HandlerOptions{MaxAttempts: 20, Timeout: time.Minute})
}

// bindTestRoutes mounts the test-only routes (superusers only):
// POST /api/igny8/test/jobs {tenant, count, credits, sleep_ms, topup} and
// GET /api/igny8/test/jobs/summary.
func bindTestRoutes(se *core.ServeEvent) {
	g := se.Router.Group("/api/igny8/test").Bind(apis.RequireSuperuserAuth())
	g.POST("/jobs", func(e *core.RequestEvent) error {
		var body struct {
			Tenant  string `json:"tenant"`
			Count   int    `json:"count"`
			Credits int    `json:"credits"`
			SleepMs int    `json:"sleep_ms"`
			Topup   int    `json:"topup"`
			Key     string `json:"key"`
		}
		if err := e.BindBody(&body); err != nil {
			return apis.NewBadRequestError("invalid body", err)
		}
		if body.Topup > 0 {
			if _, err := billing.Topup(e.App, body.Tenant, body.Topup, "test-"+body.Key, "test top-up"); err != nil {
				return err
			}
		}
		// One transaction for the whole batch, so no job starts before the
		// last is queued: on a loaded machine enqueueing one by one let the
		// workers finish the batch before the caller (TestKillRestart) got
		// the answer, and its kills landed on an idle queue.
		ids := make([]string, 0, body.Count)
		err := e.App.RunInTransaction(func(tx core.App) error {
			for i := 0; i < body.Count; i++ {
				rec, err := Enqueue(tx, EnqueueParams{Tenant: body.Tenant, Type: TypeTestSlow, Credits: body.Credits,
					Payload: map[string]any{"sleep_ms": body.SleepMs}, IdempotencyKey: fmt.Sprintf("test:%s:%d", body.Key, i)})
				if err != nil {
					return err
				}
				ids = append(ids, rec.Id)
			}
			return nil
		})
		if err != nil {
			return err
		}
		return e.JSON(http.StatusOK, map[string]any{"ids": ids})
	})
	g.GET("/jobs/summary", func(e *core.RequestEvent) error {
		if _, err := e.App.NonconcurrentDB().NewQuery(testTables).Execute(); err != nil {
			return err
		}
		var out struct {
			Runs       int `db:"runs" json:"runs"`
			Effects    int `db:"effects" json:"effects"`
			Duplicates int `db:"dups" json:"duplicates"`
			Distinct   int `db:"distinct_effects" json:"distinctEffects"`
		}
		err := e.App.DB().NewQuery(`SELECT (SELECT COUNT(*) FROM _igny8_test_runs) AS runs,
			(SELECT COUNT(*) FROM _igny8_test_effects) AS effects,
			(SELECT COUNT(DISTINCT job_id) FROM _igny8_test_effects) AS distinct_effects,
			(SELECT COUNT(*) FROM (SELECT job_id FROM _igny8_test_effects GROUP BY job_id HAVING COUNT(*) > 1)) AS dups`).One(&out)
		if err != nil {
			return err
		}
		stats, err := Stats(e.App, "", registryOf(e.App).now())
		if err != nil {
			return err
		}
		return e.JSON(http.StatusOK, map[string]any{"summary": out, "queue": stats})
	})
}
