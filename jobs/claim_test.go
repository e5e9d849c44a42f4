package jobs_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// A pick is only a hint: the claim is a guarded save that writes nothing if
// the row changed in any way since it was read — claimed by another engine,
// edited, or canceled.
func TestClaimGuardStalePick(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		change func(t *testing.T, app core.App, id string)
		status string
	}{
		{"claimed by another engine", func(t *testing.T, app core.App, id string) {
			if ran, err := jobs.NewEngine(app, jobs.Options{}).RunOnce(); !ran || err != nil {
				t.Fatalf("other engine ran=%v err=%v", ran, err)
			}
		}, collections.JobSucceeded},
		{"edited since read", func(t *testing.T, app core.App, id string) {
			rec := reload(t, app, id)
			rec.Set("priority", 9)
			if err := app.Save(rec); err != nil {
				t.Fatal(err)
			}
		}, collections.JobQueued},
		{"canceled since read", func(t *testing.T, app core.App, id string) {
			if err := jobs.Cancel(app, id); err != nil {
				t.Fatal(err)
			}
		}, collections.JobCanceled},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			app, _ := newApp(t)
			jobs.Handle(app, "t.x", noop, jobs.HandlerOptions{})
			rec := mustEnqueue(t, app, jobs.EnqueueParams{Tenant: tenantA, Type: "t.x"})
			e := jobs.NewEngine(app, jobs.Options{})
			picks, err := e.PickForTest(1)
			if err != nil || len(picks) != 1 {
				t.Fatalf("picks %d (%v), want 1", len(picks), err)
			}
			tc.change(t, app, rec.Id)
			if n, err := e.ClaimPicksForTest(picks); n != 0 || err != nil {
				t.Fatalf("stale claim got %d (%v), want 0", n, err)
			}
			got := reload(t, app, rec.Id)
			if got.GetString("status") != tc.status || got.GetString("lease_owner") == e.Owner() || got.GetInt("attempts") > 1 {
				t.Fatalf("job = %v owner %s", got.PublicExport(), got.GetString("lease_owner"))
			}
			if tc.status == collections.JobQueued { // the engine reads it afresh and claims it
				if ran, err := e.RunOnce(); !ran || err != nil {
					t.Fatalf("fresh claim ran=%v err=%v", ran, err)
				}
				if got := reload(t, app, rec.Id); got.GetString("status") != collections.JobSucceeded || got.GetInt("priority") != 9 {
					t.Fatalf("after fresh claim: %v", got.PublicExport())
				}
			}
		})
	}
}

// A job queued again by a retry without backoff is claimed again by the pool
// at once, although the engine's candidate cache had already handed it out.
func TestPoolRetriesFromCache(t *testing.T) {
	t.Parallel()
	app, _ := newApp(t)
	var mu sync.Mutex
	calls := 0
	jobs.Handle(app, "t.flaky0", func(ctx context.Context, job *jobs.Job) error {
		mu.Lock()
		defer mu.Unlock()
		calls++
		if calls == 1 {
			return errors.New("try again")
		}
		return nil
	}, jobs.HandlerOptions{MaxAttempts: 2, Backoff: func(int) time.Duration { return 0 }})
	rec := mustEnqueue(t, app, jobs.EnqueueParams{Tenant: tenantA, Type: "t.flaky0"})
	// a long poll: only the engine's own bookkeeping can bring the retry back quickly
	e, _ := jobs.Start(app, jobs.Options{Workers: 2, Poll: time.Hour})
	defer e.Stop()
	testapp.WaitFor(t, waitLimit, func() bool { return reload(t, app, rec.Id).GetString("status") == collections.JobSucceeded },
		"the retry was not claimed (it waits for the hour-long poll)")
	if got := reload(t, app, rec.Id); got.GetInt("attempts") != 2 {
		t.Fatalf("job = %v", got.PublicExport())
	}
}

// Three pools racing over one queue run every job exactly once.
func TestRacingEnginesRunEachJobOnce(t *testing.T) {
	t.Parallel()
	app, _ := newApp(t)
	var mu sync.Mutex
	runs := map[string]int{}
	jobs.Handle(app, "t.count", func(ctx context.Context, job *jobs.Job) error {
		mu.Lock()
		runs[job.Id()]++
		mu.Unlock()
		return nil
	}, jobs.HandlerOptions{})
	const n = 120
	ids := make([]string, 0, n)
	for i := 0; i < n; i++ {
		tenant := tenantA
		if i%3 == 0 {
			tenant = tenantB
		}
		ids = append(ids, mustEnqueue(t, app, jobs.EnqueueParams{Tenant: tenant, Type: "t.count", Credits: 1, Payload: i}).Id)
	}
	var engines []*jobs.Engine
	for i := 0; i < 3; i++ {
		e, _ := jobs.Start(app, jobs.Options{Workers: 4, Poll: 2 * time.Millisecond})
		engines = append(engines, e)
	}
	testapp.WaitFor(t, waitLimit, func() bool {
		c, err := app.CountRecords(collections.Jobs, dbx.HashExp{"status": collections.JobSucceeded})
		return err == nil && c == n
	}, "not all %d jobs succeeded", n)
	for _, e := range engines {
		e.Stop()
	}
	for _, id := range ids {
		if got := reload(t, app, id); runs[id] != 1 || got.GetInt("attempts") != 1 || got.GetString("credits_state") != collections.CreditsCommitted {
			t.Fatalf("job %s ran %d times, attempts %d, credits %s", id, runs[id], got.GetInt("attempts"), got.GetString("credits_state"))
		}
	}
	verifyLedger(t, app)
}
