package jobs_test

import (
	"testing"
	"time"

	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

func TestMain(m *testing.M) {
	testapp.Main(m)
}

func newClock() *testapp.Clock { return testapp.NewClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)) }

// newApp returns a fixture app with a fake clock.
func newApp(t testing.TB) (*tests.TestApp, *testapp.Clock) {
	t.Helper()
	app := testapp.New(t)
	clock := newClock()
	jobs.SetClock(app, clock)
	return app, clock
}

var (
	tenantA = testapp.TenantId(testapp.A)
	tenantB = testapp.TenantId(testapp.B)
	siteA   = testapp.SiteId(testapp.A)
	siteB   = testapp.SiteId(testapp.B)
)

func mustEnqueue(t testing.TB, app core.App, p jobs.EnqueueParams) *core.Record {
	t.Helper()
	rec, err := jobs.Enqueue(app, p)
	if err != nil {
		t.Fatalf("enqueue %+v: %v", p, err)
	}
	return rec
}

func reload(t testing.TB, app core.App, id string) *core.Record {
	t.Helper()
	rec, err := app.FindRecordById(collections.Jobs, id)
	if err != nil {
		t.Fatalf("job %s: %v", id, err)
	}
	return rec
}

func balance(t testing.TB, app core.App, tenant string) billing.Balance {
	t.Helper()
	b, err := billing.GetBalance(app, tenant)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func verifyLedger(t testing.TB, app core.App) {
	t.Helper()
	bad, err := billing.Verify(app)
	if err != nil {
		t.Fatal(err)
	}
	if len(bad) > 0 {
		t.Fatalf("ledger mismatch: %v", bad)
	}
}

func setBalance(t testing.TB, app core.App, tenant string, plan, topup int) {
	t.Helper()
	b := balance(t, app, tenant)
	if _, err := billing.Append(app, billing.Entry{Tenant: tenant, Kind: collections.LedgerAdjust,
		PlanDelta: plan - b.Plan, TopupDelta: topup - b.Topup, Note: "test", Key: "test-set:" + t.Name() + time.Now().String()}); err != nil {
		t.Fatal(err)
	}
}

func runAll(t testing.TB, e *jobs.Engine) int {
	t.Helper()
	n := 0
	for {
		ran, err := e.RunOnce()
		if err != nil {
			t.Fatal(err)
		}
		if !ran {
			return n
		}
		n++
	}
}
