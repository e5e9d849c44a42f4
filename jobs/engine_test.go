package jobs_test

import (
	"context"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
)

// Stop lets running jobs finish; jobs cut off by the shutdown timeout are
// queued again without losing an attempt.
func TestGracefulStop(t *testing.T) {
	t.Parallel()
	app, _ := newApp(t)
	started := make(chan string, 2)
	jobs.Handle(app, "t.quick", func(ctx context.Context, job *jobs.Job) error {
		started <- "quick"
		time.Sleep(50 * time.Millisecond)
		return nil
	}, jobs.HandlerOptions{})
	jobs.Handle(app, "t.stuck", func(ctx context.Context, job *jobs.Job) error {
		started <- "stuck"
		<-ctx.Done()
		return ctx.Err()
	}, jobs.HandlerOptions{})
	q := mustEnqueue(t, app, jobs.EnqueueParams{Tenant: tenantA, Type: "t.quick"})
	s := mustEnqueue(t, app, jobs.EnqueueParams{Tenant: tenantB, Type: "t.stuck"})
	e, _ := jobs.Start(app, jobs.Options{Workers: 2, Poll: 5 * time.Millisecond, ShutdownTimeout: 300 * time.Millisecond})
	<-started
	<-started
	e.Stop()
	if got := reload(t, app, q.Id); got.GetString("status") != collections.JobSucceeded {
		t.Fatalf("quick job = %v", got.PublicExport())
	}
	got := reload(t, app, s.Id)
	if got.GetString("status") != collections.JobQueued || got.GetInt("attempts") != 0 {
		t.Fatalf("stuck job = %v", got.PublicExport())
	}
}
