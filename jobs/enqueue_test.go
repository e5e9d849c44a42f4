package jobs_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/pocketbase/dbx"
)

func noop(ctx context.Context, job *jobs.Job) error { return nil }

func countJobs(t testing.TB, app interface {
	CountRecords(any, ...dbx.Expression) (int64, error)
}, tenant string) int64 {
	t.Helper()
	n, err := app.CountRecords(collections.Jobs, dbx.HashExp{"tenant": tenant})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestEnqueueInsufficientCreditsQueuesNothing(t *testing.T) {
	t.Parallel()
	app, _ := newApp(t)
	jobs.Handle(app, "t.paid", noop, jobs.HandlerOptions{})
	setBalance(t, app, tenantA, 2, 1)
	before := countJobs(t, app, tenantA)
	_, err := jobs.Enqueue(app, jobs.EnqueueParams{Tenant: tenantA, Type: "t.paid", Credits: 4})
	if !errors.Is(err, billing.ErrInsufficientCredits) {
		t.Fatalf("err = %v, want ErrInsufficientCredits", err)
	}
	if err.Error() != "not enough credits: this needs 4 credits and the workspace has 3" {
		t.Fatalf("message = %q", err.Error())
	}
	if n := countJobs(t, app, tenantA); n != before {
		t.Fatalf("jobs %d -> %d: something was queued", before, n)
	}
	if b := balance(t, app, tenantA); b.Plan != 2 || b.Topup != 1 {
		t.Fatalf("balance changed to %+v", b)
	}
	// exactly the balance is enough
	mustEnqueue(t, app, jobs.EnqueueParams{Tenant: tenantA, Type: "t.paid", Credits: 3})
	if b := balance(t, app, tenantA); b.Total() != 0 {
		t.Fatalf("balance = %+v, want 0", b)
	}
	verifyLedger(t, app)
}

func TestEnqueueIdempotentUnderConcurrency(t *testing.T) {
	t.Parallel()
	app, _ := newApp(t)
	jobs.Handle(app, "t.once", noop, jobs.HandlerOptions{})
	before := balance(t, app, tenantA)
	const n = 16
	ids := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			rec, err := jobs.Enqueue(app, jobs.EnqueueParams{Tenant: tenantA, Type: "t.once", Credits: 2, IdempotencyKey: "same-key"})
			errs[i] = err
			if rec != nil {
				ids[i] = rec.Id
			}
		}(i)
	}
	wg.Wait()
	for i := range ids {
		if errs[i] != nil || ids[i] == "" || ids[i] != ids[0] {
			t.Fatalf("call %d: id %q (first %q) err %v", i, ids[i], ids[0], errs[i])
		}
	}
	if n, _ := app.CountRecords(collections.Jobs, dbx.HashExp{"idempotency_key": "same-key"}); n != 1 {
		t.Fatalf("%d jobs with the key, want 1", n)
	}
	if b := balance(t, app, tenantA); b.Total() != before.Total()-2 {
		t.Fatalf("reserved %d credits, want 2 once", before.Total()-b.Total())
	}
	verifyLedger(t, app)
}

func TestEnqueueRejectsBadInput(t *testing.T) {
	t.Parallel()
	app, _ := newApp(t)
	jobs.Handle(app, "t.x", noop, jobs.HandlerOptions{})
	suspended := "suspended"
	cases := []struct {
		name string
		p    jobs.EnqueueParams
		want error
	}{
		{"unknown type", jobs.EnqueueParams{Tenant: tenantA, Type: "nope"}, jobs.ErrUnknownType},
		{"no tenant", jobs.EnqueueParams{Type: "t.x"}, jobs.ErrInvalidJob},
		{"negative credits", jobs.EnqueueParams{Tenant: tenantA, Type: "t.x", Credits: -1}, jobs.ErrInvalidJob},
		{"site of another workspace", jobs.EnqueueParams{Tenant: tenantA, Site: siteB, Type: "t.x"}, jobs.ErrInvalidJob},
		{"missing workspace", jobs.EnqueueParams{Tenant: "nope", Type: "t.x"}, jobs.ErrInvalidJob},
		{"suspended workspace", jobs.EnqueueParams{Tenant: tenantB, Type: "t.x"}, jobs.ErrWorkspaceSuspended},
	}
	tb, _ := app.FindRecordById(collections.Tenants, tenantB)
	tb.Set("status", suspended)
	if err := app.Save(tb); err != nil {
		t.Fatal(err)
	}
	beforeA, beforeB := countJobs(t, app, tenantA), countJobs(t, app, tenantB)
	for _, tc := range cases {
		if _, err := jobs.Enqueue(app, tc.p); !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.want)
		}
	}
	if countJobs(t, app, tenantA) != beforeA || countJobs(t, app, tenantB) != beforeB {
		t.Fatal("a rejected enqueue queued a job")
	}
}

func TestCancel(t *testing.T) {
	t.Parallel()
	t.Run("queued", func(t *testing.T) {
		t.Parallel()
		app, _ := newApp(t)
		jobs.Handle(app, "t.x", noop, jobs.HandlerOptions{})
		before := balance(t, app, tenantA)
		rec := mustEnqueue(t, app, jobs.EnqueueParams{Tenant: tenantA, Type: "t.x", Credits: 3})
		if err := jobs.Cancel(app, rec.Id); err != nil {
			t.Fatal(err)
		}
		if ran, _ := jobs.NewEngine(app, jobs.Options{}).RunOnce(); ran {
			t.Fatal("a canceled job ran")
		}
		got := reload(t, app, rec.Id)
		if got.GetString("status") != collections.JobCanceled || got.GetString("credits_state") != collections.CreditsRefunded {
			t.Fatalf("job = %v", got.PublicExport())
		}
		if b := balance(t, app, tenantA); b != before {
			t.Fatalf("balance %+v, want %+v", b, before)
		}
		if err := jobs.Cancel(app, rec.Id); !errors.Is(err, jobs.ErrNotCancelable) {
			t.Fatalf("second cancel: %v", err)
		}
		verifyLedger(t, app)
	})
	t.Run("running", func(t *testing.T) {
		t.Parallel()
		app, _ := newApp(t)
		started := make(chan struct{})
		sawCancel := make(chan error, 1)
		jobs.Handle(app, "t.wait", func(ctx context.Context, job *jobs.Job) error {
			close(started)
			<-ctx.Done()
			sawCancel <- ctx.Err()
			job.SetResult("should be discarded")
			return nil // pretends success after cancel: must not count
		}, jobs.HandlerOptions{})
		before := balance(t, app, tenantA)
		rec := mustEnqueue(t, app, jobs.EnqueueParams{Tenant: tenantA, Type: "t.wait", Credits: 3})
		e := jobs.NewEngine(app, jobs.Options{})
		done := make(chan struct{})
		go func() { _, _ = e.RunOnce(); close(done) }()
		<-started
		if err := jobs.Cancel(app, rec.Id); err != nil {
			t.Fatal(err)
		}
		if err := <-sawCancel; !errors.Is(err, context.Canceled) {
			t.Fatalf("handler context: %v", err)
		}
		<-done
		got := reload(t, app, rec.Id)
		if got.GetString("status") != collections.JobCanceled || got.GetString("result") != "null" && got.GetString("result") != "" {
			t.Fatalf("job = %v", got.PublicExport())
		}
		if b := balance(t, app, tenantA); b != before {
			t.Fatalf("balance %+v, want %+v", b, before)
		}
		verifyLedger(t, app)
	})
}
