package jobs_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/core"
)

// A workspace with 1,000 queued jobs delays another workspace's single job
// by at most one claim.
func TestFairAcrossWorkspaces(t *testing.T) {
	t.Parallel()
	app, clock := newApp(t)
	var mu sync.Mutex
	var order []string
	jobs.Handle(app, "t.rec", func(ctx context.Context, job *jobs.Job) error {
		mu.Lock()
		order = append(order, job.Tenant())
		mu.Unlock()
		return nil
	}, jobs.HandlerOptions{})
	err := app.RunInTransaction(func(tx core.App) error {
		for i := 0; i < 1000; i++ {
			if _, err := jobs.Enqueue(tx, jobs.EnqueueParams{Tenant: tenantA, Type: "t.rec", Priority: 5}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	e := jobs.NewEngine(app, jobs.Options{})
	for i := 0; i < 3; i++ { // A is being served when B's job arrives
		if _, err := e.RunOnce(); err != nil {
			t.Fatal(err)
		}
	}
	clock.Add(time.Second)
	b := mustEnqueue(t, app, jobs.EnqueueParams{Tenant: tenantB, Type: "t.rec"})
	for i := 0; i < 2; i++ {
		if _, err := e.RunOnce(); err != nil {
			t.Fatal(err)
		}
	}
	if got := reload(t, app, b.Id).GetString("status"); got != collections.JobSucceeded {
		t.Fatalf("B's job is %s after two claims; order %v", got, order)
	}
	if order[3] != tenantB {
		t.Fatalf("B's job waited behind A: order %v", order)
	}
}

// Per-workspace and per-type caps hold while the pool runs for real.
func TestConcurrencyLimits(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name        string
		tenantCap   int
		typeCap     int
		tenants     []string
		wantMaxPer  int
		wantMaxType int
	}{
		{"tenant cap", 2, 0, []string{tenantA}, 2, 2},
		{"type cap across tenants", 8, 3, []string{tenantA, tenantB}, 3, 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			app, _ := newApp(t)
			var mu sync.Mutex
			cur, maxType := 0, 0
			per, maxPer := map[string]int{}, 0
			jobs.Handle(app, "t.slow", func(ctx context.Context, job *jobs.Job) error {
				mu.Lock()
				cur++
				per[job.Tenant()]++
				maxType = max(maxType, cur)
				maxPer = max(maxPer, per[job.Tenant()])
				mu.Unlock()
				time.Sleep(20 * time.Millisecond)
				mu.Lock()
				cur--
				per[job.Tenant()]--
				mu.Unlock()
				return nil
			}, jobs.HandlerOptions{Concurrency: tc.typeCap})
			var ids []string
			for i := 0; i < 12; i++ {
				for _, tn := range tc.tenants {
					ids = append(ids, mustEnqueue(t, app, jobs.EnqueueParams{Tenant: tn, Type: "t.slow", Payload: fmt.Sprint(i)}).Id)
				}
			}
			e, _ := jobs.Start(app, jobs.Options{Workers: 8, TenantConcurrency: tc.tenantCap, Poll: 5 * time.Millisecond})
			testapp.WaitFor(t, waitLimit, func() bool {
				for _, id := range ids {
					if reload(t, app, id).GetString("status") != collections.JobSucceeded {
						return false
					}
				}
				return true
			}, "not every job succeeded")
			e.Stop()
			if maxPer > tc.wantMaxPer || maxType > tc.wantMaxType {
				t.Fatalf("max running per tenant %d (cap %d), per type %d (cap %d)", maxPer, tc.wantMaxPer, maxType, tc.wantMaxType)
			}
			if maxType < 2 {
				t.Fatalf("never ran two jobs at once (max %d): the pool did not run concurrently", maxType)
			}
		})
	}
}

// waitLimit bounds the tests' waits for a running engine: far more than
// any of them needs, so only a regression (a job never run) reaches it.
const waitLimit = 2 * time.Minute
