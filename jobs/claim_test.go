package jobs_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/pocketbase/dbx"
)

// Two engines read the same queued job; only the first guarded save claims
// it, the second engine's stale pick writes nothing.
func TestClaimGuardStalePick(t *testing.T) {
	t.Parallel()
	app, _ := newApp(t)
	jobs.Handle(app, "t.x", noop, jobs.HandlerOptions{})
	rec := mustEnqueue(t, app, jobs.EnqueueParams{Tenant: tenantA, Type: "t.x"})
	e1 := jobs.NewEngine(app, jobs.Options{})
	e2 := jobs.NewEngine(app, jobs.Options{})
	p1, err1 := e1.PickForTest(1)
	p2, err2 := e2.PickForTest(1)
	if err1 != nil || err2 != nil || len(p1) != 1 || len(p2) != 1 {
		t.Fatalf("picks %d %d (%v, %v), want one each", len(p1), len(p2), err1, err2)
	}
	if n, err := e1.ClaimPicksForTest(p1); n != 1 || err != nil {
		t.Fatalf("first claim got %d (%v), want 1", n, err)
	}
	if n, err := e2.ClaimPicksForTest(p2); n != 0 || err != nil {
		t.Fatalf("stale claim got %d (%v), want 0", n, err)
	}
	got := reload(t, app, rec.Id)
	if got.GetString("status") != collections.JobRunning || got.GetInt("attempts") != 1 || got.GetString("lease_owner") != e1.Owner() {
		t.Fatalf("job = %v owner %s, want running attempt 1 of %s", got.PublicExport(), got.GetString("lease_owner"), e1.Owner())
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
	waitFor(t, func() bool {
		c, err := app.CountRecords(collections.Jobs, dbx.HashExp{"status": collections.JobSucceeded})
		return err == nil && c == n
	})
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
