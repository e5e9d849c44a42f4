package ai_test

import (
	"context"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
)

// TestRateLimitHoldsUnderConcurrency runs 8 concurrent callers (half for a
// workspace with its own key, so two provider clients) against one model
// limited to 600 requests/min and counts, at the fake server, the requests
// in every one-second window: never more than 10, plus the bucket's burst of
// 1, plus 1 for network jitter between the limiter's grant and the server's
// clock. Without the limiter all 32 requests arrive within milliseconds.
func TestRateLimitHoldsUnderConcurrency(t *testing.T) {
	t.Parallel()
	app, srv := setup(t)
	cfg := srv.Config()
	cfg.RPMOverride = 0
	ai.Configure(app, cfg)
	setModel(t, app, "gpt-5.4", map[string]any{"rpm": 600})
	tenantA, err := app.FindRecordById(collections.Tenants, testapp.TenantId(testapp.A))
	if err != nil {
		t.Fatal(err)
	}
	tenantA.Set("ai_api_key", "sk-tenant-a")
	if err := app.Save(tenantA); err != nil {
		t.Fatal(err)
	}

	const callers, each, perSecond = 8, 4, 10
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
	times := make([]time.Time, len(calls))
	keys := map[string]int{}
	for i, c := range calls {
		times[i] = c.Time
		keys[c.Auth]++
	}
	if keys["Bearer sk-tenant-a"] != callers*each/2 || keys["Bearer sk-test-instance"] != callers*each/2 {
		t.Fatalf("keys used: %v", keys)
	}
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	worst := 0
	for i := range times {
		n := 0
		for j := i; j < len(times) && times[j].Sub(times[i]) < time.Second; j++ {
			n++
		}
		worst = max(worst, n)
	}
	if worst > perSecond+2 {
		t.Fatalf("%d requests within one second; limit is %d/s (+1 burst, +1 jitter)", worst, perSecond)
	}
	t.Logf("max requests in any 1s window: %d (limit %d/s)", worst, perSecond)
}
