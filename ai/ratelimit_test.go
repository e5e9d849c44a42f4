package ai_test

import (
	"context"
	"errors"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/ai/aitest"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/testapp"
)

// TestRateLimitHoldsUnderConcurrency runs 8 concurrent callers (half for a
// workspace with its own key) against one model limited to 600 requests/min
// on a clock that stands still, and reads the pacing off the waits the
// limiter asks for: each key's 16 requests get the slots 0, 100 ms, …,
// 1.5 s, so every key keeps to 10 a second on its own (one limiter for both
// keys would hand out waits up to 3.1 s; no limiter, no waits at all). The
// fake server still sees all 32 requests, each with its key.
func TestRateLimitHoldsUnderConcurrency(t *testing.T) {
	t.Parallel()
	app, srv := setup(t)
	cfg := srv.Config()
	cfg.RPMOverride = 0
	still := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	cfg.Now = func() time.Time { return still }
	var mu sync.Mutex
	var waits []time.Duration
	cfg.Sleep = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		waits = append(waits, d)
		mu.Unlock()
		return ctx.Err()
	}
	ai.Configure(app, cfg)
	setModel(t, app, "gpt-5.4", map[string]any{"rpm": 600})
	setKey(t, app, testapp.A, "sk-tenant-a")

	const callers, each = 8, 4
	var wg sync.WaitGroup
	errs := make(chan error, callers*each)
	for i := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tenant := ""
			if i%2 == 0 {
				tenant = testapp.TenantId(testapp.A)
			}
			for range each {
				_, _, err := ai.Text(context.Background(), app, ai.Request{Task: ai.TaskContent, Tenant: tenant, Messages: user("x")})
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	calls := srv.Calls()
	if len(calls) != callers*each {
		t.Fatalf("server saw %d calls, want %d", len(calls), callers*each)
	}
	perKey := map[string]int{}
	for _, c := range calls {
		perKey[c.Auth]++
	}
	if perKey["Bearer sk-tenant-a"] != callers*each/2 || perKey["Bearer sk-test-instance"] != callers*each/2 {
		t.Fatalf("keys used: %v", perKey)
	}
	var want []time.Duration
	for slot := 1; slot < callers*each/2; slot++ {
		want = append(want, time.Duration(slot)*100*time.Millisecond, time.Duration(slot)*100*time.Millisecond)
	}
	sort.Slice(waits, func(i, j int) bool { return waits[i] < waits[j] })
	if len(waits) != len(want) {
		t.Fatalf("the limiter asked for %d waits %v, want %d (two keys × 15 slots after the first)", len(waits), waits, len(want))
	}
	for i := range want {
		if waits[i] != want[i] {
			t.Fatalf("waits %v, want %v: each key paced at 10/s on its own", waits, want)
		}
	}
}

// TestRateLimitPerKey: limits belong to the provider key and follow what the
// provider says. A's own key is exhausted (x-ratelimit-remaining-requests: 0)
// — A's next call is refused without a request, for the reset the provider
// named, while B (its own key) and the instance key carry on; the instance
// key exhausted stops every workspace without a key of its own (B once its
// key is removed, and platform calls) but not a workspace with one; a 429 with a long Retry-After pauses its
// key alone; the configured rpm stays a ceiling however much the provider
// allows; and a job whose call is rate limited snoozes (attempt not
// counted) instead of holding a worker.
func TestRateLimitPerKey(t *testing.T) {
	t.Parallel()
	app, srv := setup(t)
	setKey(t, app, testapp.A, "sk-tenant-a-own")
	setKey(t, app, testapp.B, "sk-tenant-b-own")
	tenantA, tenantB := testapp.TenantId(testapp.A), testapp.TenantId(testapp.B)
	ctx := context.Background()
	call := func(tenant string) error {
		_, _, err := ai.Text(ctx, app, ai.Request{Task: ai.TaskContent, Tenant: tenant, Messages: user("x"), Model: "gpt-5.4"})
		return err
	}
	sent := func(key string) int {
		n := 0
		for _, c := range srv.Calls() {
			if c.Auth == "Bearer "+key {
				n++
			}
		}
		return n
	}
	limited := func(err error, wantAbout time.Duration) {
		t.Helper()
		var s interface{ SnoozeFor() time.Duration }
		if !errors.Is(err, ai.ErrRateLimited) || !errors.As(err, &s) || s.SnoozeFor() <= wantAbout-5*time.Second || s.SnoozeFor() > wantAbout {
			t.Fatalf("err %v, want a rate limit of about %s", err, wantAbout)
		}
	}

	// A's key: the provider says nothing is left for 40 s
	srv.Enqueue(aitest.Remaining(0, 40*time.Second, aitest.Text("last one")))
	if err := call(tenantA); err != nil {
		t.Fatal(err)
	}
	limited(call(tenantA), 40*time.Second)
	if n := sent("sk-tenant-a-own"); n != 1 {
		t.Fatalf("A's key sent %d requests, want 1 (the second waits)", n)
	}
	for _, tenant := range []string{tenantB, ""} {
		if err := call(tenant); err != nil {
			t.Fatalf("tenant %q shares A's limit: %v", tenant, err)
		}
	}

	// the instance key: exhausted for everyone who uses it (B without a key
	// of its own, platform calls), nobody else
	setKey(t, app, testapp.B, "")
	srv.Enqueue(aitest.Remaining(0, 30*time.Second, aitest.Text("ok")))
	if err := call(""); err != nil {
		t.Fatal(err)
	}
	before := sent("sk-test-instance")
	limited(call(tenantB), 30*time.Second)
	limited(call(""), 30*time.Second)
	if sent("sk-test-instance") != before {
		t.Fatal("a request was sent on the exhausted instance key")
	}
	setKey(t, app, testapp.B, "sk-tenant-b-own")
	if err := call(tenantB); err != nil {
		t.Fatalf("B's own key stopped by the instance key: %v", err)
	}

	// a 429 with a long Retry-After: that key waits (no retry in place, no
	// fallback to a weaker model), the others do not
	srv.Enqueue(aitest.RateLimited(90))
	limited(call(tenantB), 90*time.Second)
	n := sent("sk-tenant-b-own")
	limited(call(tenantB), 90*time.Second)
	if sent("sk-tenant-b-own") != n {
		t.Fatal("B's paused key sent again")
	}

	// the configured rpm is a ceiling, whatever the provider allows
	setModel(t, app, "gpt-5.4-mini", map[string]any{"rpm": 1})
	cfg := srv.Config()
	cfg.RPMOverride = 0
	ai.Configure(app, cfg)
	mini := func() error {
		_, _, err := ai.Text(ctx, app, ai.Request{Task: ai.TaskContent, Tenant: tenantA, Messages: user("x"), Model: "gpt-5.4-mini"})
		return err
	}
	srv.Enqueue(aitest.Remaining(9999, time.Second, aitest.Text("ok")))
	if err := mini(); err != nil {
		t.Fatal(err)
	}
	limited(mini(), time.Minute)

	// a job rate limited on A's key snoozes instead of waiting in a worker
	jobs.SetClock(app, testapp.NewClock(time.Now()))
	jobs.Handle(app, "t.ai", func(ctx context.Context, job *jobs.Job) error {
		_, _, err := ai.Text(ctx, app, ai.Request{Task: ai.TaskContent, Tenant: job.Tenant(), Messages: user("x"), Model: "gpt-5.4"})
		return err
	}, jobs.HandlerOptions{MaxAttempts: 1})
	rec, err := jobs.Enqueue(app, jobs.EnqueueParams{Tenant: tenantA, Type: "t.ai", Credits: 1})
	if err != nil {
		t.Fatal(err)
	}
	if ran, err := jobs.NewEngine(app, jobs.Options{}).RunOnce(); err != nil || !ran {
		t.Fatalf("ran=%v err=%v", ran, err)
	}
	got, _ := app.FindRecordById(collections.Jobs, rec.Id)
	if got.GetString("status") != collections.JobQueued || got.GetInt("attempts") != 0 || got.GetString("credits_state") != collections.CreditsReserved {
		t.Fatalf("rate-limited job: %v", got.PublicExport())
	}
}
