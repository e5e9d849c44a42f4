package payments_test

import (
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/tenancy"
	"github.com/igny8/igny8/testapp"
)

// TestInvoicePaidGrantsAndResets: the paid invoice sets plan credits to the
// plan's monthly credits (unused ones lapse), leaves top-ups alone, is one
// ledger entry keyed by the invoice, and the scheduler's reset skips the
// subscribed workspace; an older period's invoice arriving late changes nothing.
func TestInvoicePaidGrantsAndResets(t *testing.T) {
	e := newEnv(t)
	e.set(testapp.A, map[string]any{"stripe_customer_id": "cus_a"})
	if _, err := billing.Append(e.app, billing.Entry{Tenant: testapp.TenantId(testapp.A), Kind: collections.LedgerTopup,
		TopupDelta: 70, PlanDelta: -1950, Key: "test:setup", Note: "spent most plan credits, bought 70"}); err != nil {
		t.Fatal(err)
	}
	now := e.clock.Now()
	e.mustSend(e.event("customer.subscription.created", now.Unix(), subscription("sub_p", testapp.A, "cus_a", "active", "pro", nil)),
		collections.BillingEventProcessed)
	end := now.AddDate(0, 1, 0)
	e.mustSend(e.event("invoice.paid", now.Unix(), invoice("in_p1", testapp.A, "cus_a", "sub_p", "pro", end)), collections.BillingEventProcessed)
	bal, _ := billing.GetBalance(e.app, testapp.TenantId(testapp.A))
	if bal.Plan != 600 || bal.Topup != 70 {
		t.Fatalf("balance after invoice.paid: %+v, want plan 600 (Pro), top-up 70", bal)
	}
	entry, err := e.app.FindFirstRecordByData(collections.CreditLedger, "idempotency_key", "invoice:in_p1")
	if err != nil || entry.GetInt("plan_delta") != 600-50 {
		t.Fatalf("ledger entry: %v %v", entry, err)
	}
	if n, _ := e.app.CountRecords(collections.AuditLog, dbxTenant(testapp.A), dbxAction("billing.invoice_paid")); n != 1 {
		t.Fatalf("%d billing.invoice_paid audit entries", n)
	}
	// the period ends: the scheduler does not reset a subscribed workspace
	e.clock.Add(32 * 24 * time.Hour)
	due, err := billing.DueForReset(e.app, e.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range due {
		if id == testapp.TenantId(testapp.A) {
			t.Fatal("the scheduler's reset would reset a subscribed workspace")
		}
	}
	if _, err := jobs.Tick(e.app); err != nil {
		t.Fatal(err)
	}
	if bal, _ := billing.GetBalance(e.app, testapp.TenantId(testapp.A)); bal.Plan != 600 {
		t.Fatalf("the scheduler changed plan credits: %+v", bal)
	}
	// the next invoice resets again; the first one redelivered late is a no-op
	if _, err := billing.Append(e.app, billing.Entry{Tenant: testapp.TenantId(testapp.A), Kind: collections.LedgerAdjust,
		PlanDelta: -100, Key: "test:spend", Note: "spent 100"}); err != nil {
		t.Fatal(err)
	}
	e.mustSend(e.event("invoice.paid", e.clock.Now().Unix(), invoice("in_p2", testapp.A, "cus_a", "sub_p", "pro", end.AddDate(0, 1, 0))),
		collections.BillingEventProcessed)
	e.mustSend(e.event("invoice.paid", now.Unix()+1, invoice("in_p0", testapp.A, "cus_a", "sub_p", "pro", end)),
		collections.BillingEventSuperseded)
	if bal, _ := billing.GetBalance(e.app, testapp.TenantId(testapp.A)); bal.Plan != 600 || bal.Topup != 70 {
		t.Fatalf("after the second period: %+v", bal)
	}
	e.verify()
}

// TestPaymentFailedSuspendsThenPaidRestores walks the policy: a failed
// payment makes the workspace past_due (writes work, with the warning);
// once the clock passes the grace period the scheduler suspends it (every
// write refused through the one write policy, reads and paying allowed);
// invoice.paid makes it active again.
func TestPaymentFailedSuspendsThenPaidRestores(t *testing.T) {
	e := newEnv(t)
	e.set(testapp.A, map[string]any{"stripe_customer_id": "cus_a", "stripe_subscription_id": "sub_f"})
	a, owner := testapp.TenantId(testapp.A), e.owner(testapp.A)
	now := e.clock.Now()
	failed := invoice("in_f", testapp.A, "cus_a", "sub_f", "agency", now.AddDate(0, 1, 0))
	failed["status"] = "open"
	e.mustSend(e.event("invoice.payment_failed", now.Unix(), failed), collections.BillingEventProcessed)
	if s := e.tenant(testapp.A).GetString("status"); s != collections.TenantPastDue {
		t.Fatalf("after payment_failed: %s", s)
	}
	keyword := `{"site":"` + testapp.SiteId(testapp.A) + `","keywords":["grace period keyword"]}`
	status, _, h := e.do("POST", "/api/igny8/planner/keywords", owner, keyword, nil)
	if status != 200 || h.Get(tenancy.HeaderWarning) != tenancy.CodePastDue {
		t.Fatalf("past due write: %d, warning %q", status, h.Get(tenancy.HeaderWarning))
	}
	status, body, _ := e.do("GET", "/api/igny8/billing/workspaces/"+a+"/summary", owner, ``, nil)
	if status != 200 || body["suspendsAt"] != now.Add(billing.DefaultGrace).Format(time.RFC3339) {
		t.Fatalf("summary while past due: %v", body)
	}

	e.clock.Add(billing.DefaultGrace - time.Minute)
	if res, err := jobs.Tick(e.app); err != nil || res.Suspended != 0 {
		t.Fatalf("tick inside the grace period: %+v %v", res, err)
	}
	e.clock.Add(2 * time.Minute)
	if res, err := jobs.Tick(e.app); err != nil || res.Suspended != 1 {
		t.Fatalf("tick after the grace period: %+v %v", res, err)
	}
	if s := e.tenant(testapp.A).GetString("status"); s != collections.TenantSuspended {
		t.Fatalf("after the grace period: %s", s)
	}
	writes := []struct{ method, path, body string }{
		{"POST", "/api/igny8/planner/keywords", keyword},
		{"POST", "/api/collections/keywords/records", `{"tenant":"` + a + `","site":"` + testapp.SiteId(testapp.A) + `","keyword":"x","normalized":"x"}`},
		{"PATCH", "/api/collections/ideas/records/" + testapp.RecordId(collections.Ideas, testapp.A), `{"title":"changed"}`},
		{"DELETE", "/api/collections/tasks/records/" + testapp.RecordId(collections.Tasks, testapp.A), ``},
		{"POST", "/api/igny8/writer/tasks/" + testapp.RecordId(collections.Tasks, testapp.A) + "/generate", ``},
	}
	for _, w := range writes {
		status, body, _ := e.do(w.method, w.path, owner, w.body, nil)
		if status != 403 || !strings.Contains(toJSON(body), tenancy.CodeSuspended) {
			t.Errorf("suspended %s %s: %d %v", w.method, w.path, status, body)
		}
	}
	for _, r := range []string{"/api/collections/keywords/records", "/api/collections/contents/records/" + testapp.RecordId(collections.Contents, testapp.A),
		"/api/igny8/billing/workspaces/" + a + "/summary"} {
		if status, body, _ := e.do("GET", r, owner, ``, nil); status != 200 {
			t.Errorf("suspended read %s: %d %v", r, status, body)
		}
	}
	if status, body, _ := e.do("POST", "/api/igny8/billing/workspaces/"+a+"/portal", owner, ``, nil); status != 200 {
		t.Fatalf("a suspended workspace must reach the portal to pay: %d %v", status, body)
	}

	e.mustSend(e.event("invoice.paid", e.clock.Now().Unix(), invoice("in_f", testapp.A, "cus_a", "sub_f", "agency", now.AddDate(0, 1, 0))),
		collections.BillingEventProcessed)
	tn := e.tenant(testapp.A)
	if tn.GetString("status") != collections.TenantActive || !tn.GetDateTime("past_due_since").IsZero() {
		t.Fatalf("after invoice.paid: %s since %v", tn.GetString("status"), tn.GetDateTime("past_due_since"))
	}
	if status, _, h := e.do("POST", "/api/igny8/planner/keywords", owner, keyword, nil); status != 200 || h.Get(tenancy.HeaderWarning) != "" {
		t.Fatalf("write after paying: %d %q", status, h.Get(tenancy.HeaderWarning))
	}
	// the failure redelivered after the payment changes nothing
	e.mustSend(e.event("invoice.payment_failed", now.Unix(), failed), collections.BillingEventSuperseded)
	if s := e.tenant(testapp.A).GetString("status"); s != collections.TenantActive {
		t.Fatalf("a late failure moved the workspace to %s", s)
	}
	for _, action := range []string{"billing.payment_failed", "billing.suspended", "billing.invoice_paid"} {
		if n, _ := e.app.CountRecords(collections.AuditLog, dbxTenant(testapp.A), dbxAction(action)); n != 1 {
			t.Errorf("%d %s audit entries", n, action)
		}
	}
	e.verify()
}
