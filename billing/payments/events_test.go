package payments_test

import (
	"strings"
	"testing"

	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
)

// TestSubscriptionUpdatedBeforeCreated: Stripe delivered the update (Pro)
// first and the creation (Starter) second; the workspace ends on Pro and the
// older state is recorded as superseded.
func TestSubscriptionUpdatedBeforeCreated(t *testing.T) {
	e := newEnv(t)
	now := e.clock.Now().Unix()
	e.mustSend(e.event("customer.subscription.updated", now+10, subscription("sub_o", testapp.A, "cus_a", "active", "pro", nil)),
		collections.BillingEventProcessed)
	e.mustSend(e.event("customer.subscription.created", now, subscription("sub_o", testapp.A, "cus_a", "active", "starter", nil)),
		collections.BillingEventSuperseded)
	tn := e.tenant(testapp.A)
	if e.planCode(testapp.A) != "pro" || tn.GetString("stripe_subscription_id") != "sub_o" || tn.GetString("stripe_customer_id") != "cus_a" {
		t.Fatalf("plan %s, subscription %q, customer %q", e.planCode(testapp.A), tn.GetString("stripe_subscription_id"), tn.GetString("stripe_customer_id"))
	}
	// a deletion is final, and an older update after it changes nothing
	e.mustSend(e.event("customer.subscription.deleted", now+20, subscription("sub_o", testapp.A, "cus_a", "canceled", "pro", nil)),
		collections.BillingEventProcessed)
	e.mustSend(e.event("customer.subscription.updated", now+15, subscription("sub_o", testapp.A, "cus_a", "active", "agency", nil)),
		collections.BillingEventSuperseded)
	if e.planCode(testapp.A) != "trial" || e.tenant(testapp.A).GetString("stripe_subscription_id") != "" {
		t.Fatalf("after deletion: plan %s", e.planCode(testapp.A))
	}
	e.verify()
}

// TestDowngradeOverLimits: moving to Starter (3 users, 3 sites) with 5 seats
// deletes nothing, refuses a new invitation with what to remove, and the
// summary says it.
func TestDowngradeOverLimits(t *testing.T) {
	e := newEnv(t)
	a := testapp.TenantId(testapp.A)
	members, _ := e.app.CountRecords(collections.Memberships, dbxTenant(testapp.A))
	e.mustSend(e.event("customer.subscription.updated", e.clock.Now().Unix(), subscription("sub_d", testapp.A, "cus_a", "active", "starter", nil)),
		collections.BillingEventProcessed)
	if e.planCode(testapp.A) != "starter" {
		t.Fatalf("plan %s", e.planCode(testapp.A))
	}
	if n, _ := e.app.CountRecords(collections.Memberships, dbxTenant(testapp.A)); n != members {
		t.Fatalf("members %d -> %d: a downgrade deleted members", members, n)
	}
	status, body, _ := e.do("POST", "/api/igny8/workspaces/"+a+"/members", e.owner(testapp.A), `{"email":"late@example.com","role":"viewer"}`, nil)
	msg := toJSON(body)
	if status != 403 || !strings.Contains(msg, "igny8_plan_limit") || !strings.Contains(msg, "remove 3") || !strings.Contains(msg, "Agency") {
		t.Fatalf("invite over the limit: %d %s", status, msg)
	}
	_, body, _ = e.do("GET", "/api/igny8/billing/workspaces/"+a+"/summary", e.owner(testapp.A), ``, nil)
	fit := body["fit"].(map[string]any)
	if fit["overUsers"] != 2.0 || fit["fits"] != "pro" || !strings.Contains(fit["advice"].(string), "remove 2 members or pending invitations") {
		t.Fatalf("summary fit: %v", fit)
	}
	// sites are within Starter's limit: adding one still works
	status, body, _ = e.do("POST", "/api/collections/sites/records", e.owner(testapp.A), `{"tenant":"`+a+`","name":"Second","url":"https://second.example.com"}`, nil)
	if status != 200 {
		t.Fatalf("site within the limit: %d %v", status, body)
	}
	if n, _ := e.app.CountRecords(collections.AuditLog, dbxTenant(testapp.A), dbxAction("billing.subscription")); n != 1 {
		t.Fatalf("%d billing.subscription audit entries", n)
	}
	e.verify()
}

// TestCreditPackTopUp: a paid pack session adds the pack's top-up credits
// (from igny8's table, not the event) once; an unpaid one adds nothing yet.
func TestCreditPackTopUp(t *testing.T) {
	e := newEnv(t)
	a := testapp.TenantId(testapp.A)
	session := func(id, status string) map[string]any {
		return map[string]any{"id": id, "object": "checkout.session", "mode": "payment", "payment_status": status,
			"customer": "cus_a", "client_reference_id": a, "metadata": map[string]any{"igny8_tenant": a, "igny8_pack": "credits_500"}}
	}
	e.mustSend(e.event("checkout.session.completed", e.clock.Now().Unix(), session("cs_wait", "unpaid")), collections.BillingEventProcessed)
	if bal, _ := billing.GetBalance(e.app, a); bal.Topup != 0 {
		t.Fatalf("an unpaid session credited %d", bal.Topup)
	}
	paid := e.event("checkout.session.async_payment_succeeded", e.clock.Now().Unix(), session("cs_wait", "paid"))
	e.mustSend(paid, collections.BillingEventProcessed)
	e.mustSend(paid, collections.BillingEventProcessed)
	e.mustSend(e.event("checkout.session.completed", e.clock.Now().Unix(), session("cs_wait", "paid")), collections.BillingEventProcessed)
	if bal, _ := billing.GetBalance(e.app, a); bal.Topup != 500 {
		t.Fatalf("top-up credits %d, want 500 once", bal.Topup)
	}
	if e.tenant(testapp.A).GetString("stripe_customer_id") != "cus_a" {
		t.Fatal("the customer was not linked")
	}
	e.verify()
}

// TestPlanChangeReplacesSubscription: a plan change through Checkout makes a
// new subscription naming the one it replaces; once it is active the
// workspace moves to it and igny8 cancels the old one at Stripe; later events
// of the old subscription change nothing.
func TestPlanChangeReplacesSubscription(t *testing.T) {
	e := newEnv(t)
	e.set(testapp.A, map[string]any{"stripe_customer_id": "cus_a", "stripe_subscription_id": "sub_old"})
	now := e.clock.Now().Unix()
	e.mustSend(e.event("customer.subscription.created", now, subscription("sub_new", testapp.A, "cus_a", "active", "pro",
		map[string]string{"igny8_replaces": "sub_old"})), collections.BillingEventProcessed)
	if e.planCode(testapp.A) != "pro" || e.tenant(testapp.A).GetString("stripe_subscription_id") != "sub_new" {
		t.Fatalf("plan %s, subscription %s", e.planCode(testapp.A), e.tenant(testapp.A).GetString("stripe_subscription_id"))
	}
	if c := find(e.rec.take(), "DELETE", "/v1/subscriptions/sub_old"); len(c) != 1 || c[0].Form.Get("prorate") != "true" {
		t.Fatalf("the replaced subscription was not canceled: %+v", c)
	}
	e.mustSend(e.event("customer.subscription.updated", now+5, subscription("sub_old", testapp.A, "cus_a", "active", "starter", nil)),
		collections.BillingEventSuperseded)
	e.mustSend(e.event("customer.subscription.deleted", now+6, subscription("sub_old", testapp.A, "cus_a", "canceled", "starter", nil)),
		collections.BillingEventSuperseded)
	if e.planCode(testapp.A) != "pro" {
		t.Fatalf("the old subscription's events moved the plan to %s", e.planCode(testapp.A))
	}
	e.verify()
}
