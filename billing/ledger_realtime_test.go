package billing_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
)

// Ledger entries move balances with SQL; the tenant's normal realtime update
// event follows, with the committed balance, to those who may view the tenant.
func TestBalanceChangesEmitTenantUpdate(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	testapp.BindRealtime(t, app)
	tenantA, tenantB := testapp.TenantId(testapp.A), testapp.TenantId(testapp.B)
	owner := func(ws string) *testapp.Listener {
		u, err := app.FindAuthRecordByEmail(collections.Users, testapp.Email(ws, collections.RoleOwner))
		if err != nil {
			t.Fatal(err)
		}
		return testapp.Listen(app, u, collections.Tenants+"/"+tenantA, collections.Tenants+"/"+tenantB)
	}
	la, lb := owner(testapp.A), owner(testapp.B)
	before, err := billing.GetBalance(app, tenantA)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := billing.Topup(app, tenantA, 7, "realtime-test-a", "test"); err != nil {
		t.Fatal(err)
	}
	check := func(l *testapp.Listener, tenant string, topup float64) {
		t.Helper()
		m := l.NextMessage(t, 10*time.Second)
		var ev struct {
			Action string         `json:"action"`
			Record map[string]any `json:"record"`
		}
		json.Unmarshal(m.Data, &ev)
		if m.Name != collections.Tenants+"/"+tenant || ev.Action != "update" || ev.Record["id"] != tenant || ev.Record["topup_credits"] != topup {
			t.Fatalf("got %s: %s, want %s's update with topup %v", m.Name, m.Data, tenant, topup)
		}
	}
	check(la, tenantA, float64(before.Topup+7))
	// B's owner hears B's change and nothing of A's before it
	bBefore, _ := billing.GetBalance(app, tenantB)
	if _, err := billing.Topup(app, tenantB, 3, "realtime-test-b", "test"); err != nil {
		t.Fatal(err)
	}
	check(lb, tenantB, float64(bBefore.Topup+3))
}
