package billing_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
)

// Balances are not writable through the API, superusers included: a PATCH
// that changes one is refused (it used to pass and break `credits verify`),
// while a save that leaves them as they are (the admin UI sends every field) works.
func TestBalancesOnlyThroughTheLedger(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := testapp.NewClient(t, app)
	root := testapp.SuperuserToken(t, app)
	url := "/api/collections/tenants/records/" + testapp.TenantId(testapp.A)
	for _, body := range []string{`{"topup_credits":999999}`, `{"plan_credits":1}`} {
		r := c.Must("PATCH", url, root, body, 400)
		if !strings.Contains(fmt.Sprint(r), "igny8_ledger_only") {
			t.Fatalf("want the ledger-only error, got %v", r)
		}
	}
	c.Must("POST", "/api/batch", root, fmt.Sprintf(`{"requests":[{"method":"PATCH","url":%q,"body":{"topup_credits":5}}]}`, url), 400)
	before, _ := billing.GetBalance(app, testapp.TenantId(testapp.A))
	c.Must("PATCH", url, root, fmt.Sprintf(`{"name":"Renamed","plan_credits":%d,"topup_credits":%d}`, before.Plan, before.Topup), 200)
	if bad, err := billing.Verify(app); err != nil || len(bad) != 0 {
		t.Fatalf("ledger mismatch: %v %v", bad, err)
	}
}

func TestCreditsGrantCommand(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	run := func(args ...string) (string, error) {
		cmd := billing.NewCreditsCommand(app)
		var out bytes.Buffer
		cmd.SetOut(&out)
		cmd.SetErr(&out)
		cmd.SetArgs(args)
		err := cmd.Execute()
		return out.String(), err
	}
	a := testapp.TenantId(testapp.A)
	before, _ := billing.GetBalance(app, a)
	out, err := run("grant", "--tenant", "workspace-a", "--amount", "50", "--note", "goodwill after the outage", "--key", "outage-1")
	if err != nil || !strings.Contains(out, "OK: +50") {
		t.Fatalf("grant: %v\n%s", err, out)
	}
	after, _ := billing.GetBalance(app, a)
	if after.Topup != before.Topup+50 || after.Plan != before.Plan {
		t.Fatalf("balance %+v after granting 50 to %+v", after, before)
	}
	entry, err := app.FindFirstRecordByFilter(collections.CreditLedger, "tenant = {:t} && kind = 'topup' && note = {:n}", dbx.Params{"t": a, "n": "goodwill after the outage"})
	if err != nil || entry.GetInt("topup_delta") != 50 {
		t.Fatalf("no ledger entry for the grant: %v", err)
	}
	audit, err := app.FindFirstRecordByFilter(collections.AuditLog, "action = 'credits.grant' && target = {:e}", dbx.Params{"e": entry.Id})
	if err != nil || audit.GetString("tenant") != a || !strings.Contains(audit.GetString("changes"), `"amount":50`) {
		t.Fatalf("grant not audited: %v", err)
	}
	if _, err := run("grant", "--tenant", a, "--amount", "50", "--note", "again", "--key", "outage-1"); err == nil {
		t.Fatal("the same --key granted twice")
	}
	if _, err := run("grant", "--tenant", a, "--amount", fmt.Sprint(-(after.Topup + 1)), "--note", "too much"); err == nil {
		t.Fatal("took back more top-up credits than the workspace has")
	}
	if _, err := run("grant", "--tenant", "no-such-workspace", "--amount", "5", "--note", "x"); err == nil {
		t.Fatal("granted to a workspace that does not exist")
	}
	if _, err := run("grant", "--tenant", a, "--amount", "5"); err == nil {
		t.Fatal("granted without a note")
	}
	if bad, err := billing.Verify(app); err != nil || len(bad) != 0 {
		t.Fatalf("ledger mismatch after grants: %v %v", bad, err)
	}
}
