package billing_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/workspaces"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

var tenantA = testapp.TenantId(testapp.A)

func mustVerify(t testing.TB, app core.App) {
	t.Helper()
	bad, err := billing.Verify(app)
	if err != nil || len(bad) > 0 {
		t.Fatalf("verify: %v %v", bad, err)
	}
}

func TestFixturesBalance(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	mustVerify(t, app)
	b, _ := billing.GetBalance(app, tenantA)
	if b.Plan != 2000 || b.Topup != 0 {
		t.Fatalf("fixture balance %+v", b)
	}
}

func TestNewWorkspaceGetsPlanCredits(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	ten, err := workspaces.CreateTenant(app, "Fresh Co", "starter", collections.TenantActive)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := billing.GetBalance(app, ten.Id)
	if b.Plan != 200 || b.Topup != 0 {
		t.Fatalf("starter balance %+v, want 200 plan credits", b)
	}
	entries, _ := app.FindRecordsByFilter(collections.CreditLedger, "tenant = {:t}", "", 0, 0, dbx.Params{"t": ten.Id})
	if len(entries) != 1 || entries[0].GetString("kind") != collections.LedgerGrant || entries[0].GetInt("balance_after") != 200 {
		t.Fatalf("ledger %v", entries)
	}
	reset, _ := app.FindRecordById(collections.Tenants, ten.Id)
	if reset.GetDateTime("credits_reset_at").IsZero() {
		t.Fatal("no credits_reset_at")
	}
	mustVerify(t, app)
}

func TestReserveRefundBuckets(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	if _, err := billing.Topup(app, tenantA, 10, "pay_1", "test"); err != nil {
		t.Fatal(err)
	}
	// a replayed payment is applied once
	if applied, err := billing.Topup(app, tenantA, 10, "pay_1", "test"); err != nil || applied {
		t.Fatalf("replayed top-up applied=%v err=%v", applied, err)
	}
	fromPlan, err := billing.Reserve(app, tenantA, "job1", 2005)
	if err != nil || fromPlan != 2000 {
		t.Fatalf("reserve: fromPlan %d err %v", fromPlan, err)
	}
	if b, _ := billing.GetBalance(app, tenantA); b.Plan != 0 || b.Topup != 5 {
		t.Fatalf("after reserve %+v", b)
	}
	if _, err := billing.Reserve(app, tenantA, "job2", 6); !errors.Is(err, billing.ErrInsufficientCredits) {
		t.Fatalf("over-reserve: %v", err)
	}
	if err := billing.Refund(app, tenantA, "job1", 2005, fromPlan, "failed"); err != nil {
		t.Fatal(err)
	}
	if err := billing.Refund(app, tenantA, "job1", 2005, fromPlan, "failed"); err != nil {
		t.Fatal(err)
	}
	if b, _ := billing.GetBalance(app, tenantA); b.Plan != 2000 || b.Topup != 10 {
		t.Fatalf("after (double) refund %+v", b)
	}
	mustVerify(t, app)
}

func TestMonthlyReset(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	ten, _ := workspaces.CreateTenant(app, "Monthly", "pro", collections.TenantActive)
	if _, err := billing.Topup(app, ten.Id, 50, "p", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := billing.Reserve(app, ten.Id, "j", 580); err != nil {
		t.Fatal(err)
	}
	due := time.Now().AddDate(0, 1, 1)
	ids, _ := billing.DueForReset(app, due)
	found := false
	for _, id := range ids {
		found = found || id == ten.Id
	}
	if !found {
		t.Fatalf("tenant not due for reset: %v", ids)
	}
	for i := 0; i < 2; i++ { // twice: the second is a no-op
		if _, err := billing.ResetPlanCredits(app, ten.Id, due); err != nil {
			t.Fatal(err)
		}
	}
	b, _ := billing.GetBalance(app, ten.Id)
	if b.Plan != 600 || b.Topup != 50 {
		t.Fatalf("after reset %+v, want plan 600 and top-ups untouched", b)
	}
	n, _ := app.CountRecords(collections.CreditLedger, dbx.HashExp{"tenant": ten.Id, "kind": collections.LedgerGrant})
	if n != 2 {
		t.Fatalf("%d grant entries, want opening + one reset", n)
	}
	mustVerify(t, app)
}

func TestVerifyCommandFindsMismatch(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	cmd := billing.NewCreditsCommand(app)
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetArgs([]string{"verify"})
	if err := cmd.Execute(); err != nil || !strings.Contains(out.String(), "OK:") {
		t.Fatalf("clean verify: %v %s", err, out.String())
	}
	// a balance changed behind the ledger's back
	if _, err := app.NonconcurrentDB().NewQuery("UPDATE tenants SET topup_credits = 7 WHERE id = {:id}").
		Bind(dbx.Params{"id": tenantA}).Execute(); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	cmd = billing.NewCreditsCommand(app)
	cmd.SetOut(&out)
	cmd.SetArgs([]string{"verify"})
	if err := cmd.Execute(); !errors.Is(err, billing.ErrLedgerMismatch) || !strings.Contains(out.String(), "MISMATCH tenant "+tenantA) {
		t.Fatalf("mismatch verify: %v %s", err, out.String())
	}
}
