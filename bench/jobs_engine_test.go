package bench

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// BenchmarkJobsNoop pushes b.N no-op jobs (alternating workspaces A and B)
// through the whole engine: the real Enqueue, one call and transaction per
// job from one goroutine, then fair claim, run and the success transaction
// by a started 4-worker engine. It reports jobs/s end to end, enqueue
// included; the clock stops when every job is stored as succeeded.
func BenchmarkJobsNoop(b *testing.B) { benchNoop(b, 0) }

// BenchmarkJobsNoopPaid is BenchmarkJobsNoop with 1 credit per job: Enqueue
// also reserves it (ledger entry + balance) and success commits it.
func BenchmarkJobsNoopPaid(b *testing.B) { benchNoop(b, 1) }

func benchNoop(b *testing.B, credits int) {
	app := testapp.New(b)
	var done atomic.Int64
	jobs.Handle(app, "bench.noop", func(ctx context.Context, job *jobs.Job) error {
		done.Add(1)
		return nil
	}, jobs.HandlerOptions{})
	tenants := []string{testapp.TenantId(testapp.A), testapp.TenantId(testapp.B)}
	if credits > 0 {
		for _, t := range tenants {
			if _, err := billing.Topup(app, t, b.N*credits, "bench-"+t, "benchmark"); err != nil {
				b.Fatal(err)
			}
		}
	}
	e, _ := jobs.Start(app, jobs.Options{Workers: 4, Poll: 10 * time.Millisecond})
	defer e.Stop()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := jobs.Enqueue(app, jobs.EnqueueParams{Tenant: tenants[i%2], Type: "bench.noop", Credits: credits}); err != nil {
			b.Fatal(err)
		}
	}
	testapp.WaitForEvery(b, benchWait, time.Millisecond, func() bool { return done.Load() >= int64(b.N) }, "fewer than %d handlers returned", b.N)
	waitSucceeded(b, app, b.N)
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "jobs/s")
	b.StopTimer()
	if bad, err := billing.Verify(app); err != nil || len(bad) > 0 {
		b.Fatalf("ledger after the run: %v %v", bad, err)
	}
}

// BenchmarkJobsLatency2s runs 64 jobs that each wait 2 s (a slow AI call)
// on 32 workers: the ideal is 16 jobs/s; it reports jobs/s and efficiency.
// Run with -benchtime=1x (each iteration takes about 4 s).
func BenchmarkJobsLatency2s(b *testing.B) {
	const n, workers, latency = 64, 32, 2 * time.Second
	for i := 0; i < b.N; i++ {
		app := testapp.New(b)
		jobs.Handle(app, "bench.slow", func(ctx context.Context, job *jobs.Job) error {
			time.Sleep(latency)
			return nil
		}, jobs.HandlerOptions{})
		tenants := []string{testapp.TenantId(testapp.A), testapp.TenantId(testapp.B)}
		err := app.RunInTransaction(func(tx core.App) error {
			for j := 0; j < n; j++ {
				if _, err := jobs.Enqueue(tx, jobs.EnqueueParams{Tenant: tenants[j%2], Type: "bench.slow", Credits: 1}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		e, _ := jobs.Start(app, jobs.Options{Workers: workers, TenantConcurrency: workers, Poll: 10 * time.Millisecond})
		waitSucceeded(b, app, n)
		elapsed := time.Since(start)
		e.Stop()
		rate := float64(n) / elapsed.Seconds()
		ideal := float64(workers) / latency.Seconds()
		b.ReportMetric(rate, "jobs/s")
		b.ReportMetric(100*rate/ideal, "%ideal")
	}
}

// benchWait bounds a benchmark's wait for its jobs: a stalled engine fails
// the run with a message instead of hanging until the binary's -timeout.
const benchWait = 10 * time.Minute

func waitSucceeded(b *testing.B, app core.App, n int) {
	b.Helper()
	testapp.WaitFor(b, benchWait, func() bool {
		c, err := app.CountRecords(collections.Jobs, dbx.HashExp{"status": collections.JobSucceeded})
		if err != nil {
			b.Fatal(err)
		}
		return int(c) >= n
	}, "fewer than %d jobs succeeded", n)
}
