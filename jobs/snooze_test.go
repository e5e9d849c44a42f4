package jobs_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/testapp"
)

// rateLimited stands for another package's error that asks for a snooze
// without importing jobs (the ai layer's rate-limit error).
type rateLimited struct{ wait time.Duration }

func (r rateLimited) Error() string            { return "rate limited" }
func (r rateLimited) SnoozeFor() time.Duration { return r.wait }

// TestSnooze: a handler that returns jobs.Snooze (or any error wrapping a
// Snoozer) puts its job back to queued until the wait is over; the attempt is
// not counted (a job with one attempt snoozes three times and still
// succeeds), no error is recorded, the credits stay reserved until the run
// that succeeds commits them, and a realtime subscriber sees queued again.
func TestSnooze(t *testing.T) {
	t.Parallel()
	app, clock := newApp(t)
	testapp.BindRealtime(t, app)
	viewerA, err := app.FindAuthRecordByEmail(collections.Users, testapp.Email(testapp.A, "viewer"))
	if err != nil {
		t.Fatal(err)
	}
	events := listenJobs(t, app, viewerA)
	waits := []error{jobs.Snooze(10 * time.Minute), fmt.Errorf("section 2: %w", rateLimited{30 * time.Second}), jobs.Snooze(-time.Second)}
	runs := 0
	jobs.Handle(app, "t.snooze", func(ctx context.Context, job *jobs.Job) error {
		runs++
		if runs <= len(waits) {
			return waits[runs-1]
		}
		return nil
	}, jobs.HandlerOptions{MaxAttempts: 1})
	before := balance(t, app, tenantA)
	rec := mustEnqueue(t, app, jobs.EnqueueParams{Tenant: tenantA, Type: "t.snooze", Credits: 2})
	e := jobs.NewEngine(app, jobs.Options{})

	for i, wait := range []time.Duration{10 * time.Minute, 30 * time.Second, 0} {
		start := clock.Now()
		if ran, err := e.RunOnce(); err != nil || !ran {
			t.Fatalf("run %d: ran=%v err=%v", i+1, ran, err)
		}
		got := reload(t, app, rec.Id)
		if got.GetString("status") != collections.JobQueued || got.GetInt("attempts") != 0 ||
			got.GetString("credits_state") != collections.CreditsReserved || got.GetString("error") != "" {
			t.Fatalf("after snooze %d: %v", i+1, got.PublicExport())
		}
		if hist := got.GetString("errors"); hist != "" && hist != "null" && hist != "[]" {
			t.Fatalf("a snooze recorded an error: %s", hist)
		}
		if d := got.GetDateTime("run_after").Time().Sub(start); d != wait {
			t.Fatalf("snooze %d moved run_after by %s, want %s", i+1, d, wait)
		}
		if b := balance(t, app, tenantA); b.Total() != before.Total()-2 {
			t.Fatalf("balance %d while snoozed, want %d (reserved)", b.Total(), before.Total()-2)
		}
		if wait > 0 {
			if ran, _ := e.RunOnce(); ran {
				t.Fatalf("snooze %d: the job ran before its time", i+1)
			}
			clock.Add(wait)
		}
	}
	if ran, err := e.RunOnce(); err != nil || !ran {
		t.Fatalf("last run: ran=%v err=%v", ran, err)
	}
	got := reload(t, app, rec.Id)
	if got.GetString("status") != collections.JobSucceeded || got.GetInt("attempts") != 1 || got.GetString("credits_state") != collections.CreditsCommitted || runs != 4 {
		t.Fatalf("after the wait: runs %d, %v", runs, got.PublicExport())
	}
	verifyLedger(t, app)

	// realtime: create, then running → queued three times, then running → succeeded
	want := []string{"create queued", "update queued", "update queued", "update queued",
		"update running", "update running", "update running", "update running", "update succeeded"}
	var seen []string
	for len(seen) < len(want) {
		select {
		case ev := <-events:
			seen = append(seen, ev.Action+" "+ev.Status)
		case <-time.After(10 * time.Second):
			t.Fatalf("realtime so far: %v", seen)
		}
	}
	if slices.Sort(seen); !slices.Equal(seen, want) {
		t.Fatalf("realtime events %v, want %v", seen, want)
	}

	// a permanent error never snoozes, whatever it wraps
	jobs.Handle(app, "t.snoozeperm", func(ctx context.Context, job *jobs.Job) error {
		return jobs.Permanent(errors.Join(errors.New("bad input"), jobs.Snooze(time.Minute)))
	}, jobs.HandlerOptions{})
	perm := mustEnqueue(t, app, jobs.EnqueueParams{Tenant: tenantA, Type: "t.snoozeperm", Credits: 1})
	if _, err := e.RunOnce(); err != nil {
		t.Fatal(err)
	}
	if got := reload(t, app, perm.Id); got.GetString("status") != collections.JobFailed || got.GetString("credits_state") != collections.CreditsRefunded {
		t.Fatalf("permanent: %v", got.PublicExport())
	}
}
