package jobs_test

import (
	"context"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
)

// A job whose worker died (its engine never finishes or renews it) is queued
// again once the lease expires, and the next engine runs it.
func TestLeaseExpiryRecovery(t *testing.T) {
	t.Parallel()
	app, clock := newApp(t)
	started := make(chan struct{})
	block := make(chan struct{})
	jobs.Handle(app, "t.hang", func(ctx context.Context, job *jobs.Job) error {
		if job.Attempt() == 1 {
			close(started)
			<-block // a worker that froze: no heartbeat, no result
			return nil
		}
		return nil
	}, jobs.HandlerOptions{})
	rec := mustEnqueue(t, app, jobs.EnqueueParams{Tenant: tenantA, Type: "t.hang", Credits: 1})
	dead := jobs.NewEngine(app, jobs.Options{Lease: time.Minute})
	done := make(chan struct{})
	go func() { _, _ = dead.RunOnce(); close(done) }()
	<-started

	other := jobs.NewEngine(app, jobs.Options{Lease: time.Minute})
	if n, err := other.Sweep(); err != nil || n != 0 {
		t.Fatalf("sweep before expiry recovered %d (%v)", n, err)
	}
	clock.Add(61 * time.Second)
	if n, err := other.Sweep(); err != nil || n != 1 {
		t.Fatalf("sweep after expiry recovered %d (%v), want 1", n, err)
	}
	got := reload(t, app, rec.Id)
	var hist []jobs.AttemptError
	_ = got.UnmarshalJSONField("errors", &hist)
	if got.GetString("status") != collections.JobQueued || len(hist) != 1 || got.GetString("credits_state") != collections.CreditsReserved {
		t.Fatalf("after recovery: %v", got.PublicExport())
	}
	if ran, err := other.RunOnce(); err != nil || !ran {
		t.Fatalf("second engine: ran=%v err=%v", ran, err)
	}
	// the frozen worker wakes up late: its result must be discarded
	close(block)
	<-done
	got = reload(t, app, rec.Id)
	if got.GetString("status") != collections.JobSucceeded || got.GetInt("attempts") != 2 || got.GetString("lease_owner") != other.Owner() {
		t.Fatalf("final: %v owner %s", got.PublicExport(), got.GetString("lease_owner"))
	}
	verifyLedger(t, app)
}

// Heartbeats keep a long job's lease ahead of the clock, so the sweep leaves it alone.
func TestHeartbeatExtendsLease(t *testing.T) {
	t.Parallel()
	app, clock := newApp(t)
	started, release := make(chan struct{}), make(chan struct{})
	jobs.Handle(app, "t.long", func(ctx context.Context, job *jobs.Job) error {
		close(started)
		<-release
		return nil
	}, jobs.HandlerOptions{})
	rec := mustEnqueue(t, app, jobs.EnqueueParams{Tenant: tenantA, Type: "t.long"})
	e := jobs.NewEngine(app, jobs.Options{Lease: time.Minute})
	done := make(chan struct{})
	go func() { _, _ = e.RunOnce(); close(done) }()
	<-started
	for i := 0; i < 5; i++ {
		clock.Add(40 * time.Second)
		if err := e.Heartbeat(); err != nil {
			t.Fatal(err)
		}
		if n, err := e.Sweep(); err != nil || n != 0 {
			t.Fatalf("sweep took a live job (%d, %v)", n, err)
		}
	}
	close(release)
	<-done
	if got := reload(t, app, rec.Id); got.GetString("status") != collections.JobSucceeded || got.GetInt("attempts") != 1 {
		t.Fatalf("job = %v", got.PublicExport())
	}
}

func TestLeaseExpiryOnLastAttemptFailsAndRefunds(t *testing.T) {
	t.Parallel()
	app, clock := newApp(t)
	jobs.Handle(app, "t.x", noop, jobs.HandlerOptions{})
	before := balance(t, app, tenantA)
	rec := mustEnqueue(t, app, jobs.EnqueueParams{Tenant: tenantA, Type: "t.x", Credits: 2, MaxAttempts: 1})
	// simulate a claim by a process that then died
	if _, err := app.NonconcurrentDB().NewQuery("UPDATE jobs SET status='running', attempts=1, lease_owner='dead', lease_until={:l} WHERE id={:id}").
		Bind(map[string]any{"l": clock.Now().Add(time.Second).Format("2006-01-02 15:04:05.000Z"), "id": rec.Id}).Execute(); err != nil {
		t.Fatal(err)
	}
	clock.Add(time.Minute)
	if n, err := jobs.NewEngine(app, jobs.Options{}).Sweep(); err != nil || n != 1 {
		t.Fatalf("sweep = %d, %v", n, err)
	}
	got := reload(t, app, rec.Id)
	if got.GetString("status") != collections.JobFailed || got.GetString("credits_state") != collections.CreditsRefunded {
		t.Fatalf("job = %v", got.PublicExport())
	}
	if b := balance(t, app, tenantA); b != before {
		t.Fatalf("balance %+v, want %+v", b, before)
	}
	verifyLedger(t, app)
}
