package payments_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/metrics"
	"github.com/igny8/igny8/tenancy"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
	"github.com/stripe/stripe-go/v84/webhook"
)

// TestWebhookBadSignature: a wrong secret, a changed body and no header all
// answer 400, record nothing and change nothing; the refusals are counted
// where the Igny8StripeWebhookFailures alert looks.
func TestWebhookBadSignature(t *testing.T) {
	e := newEnv(t)
	before := e.tenant(testapp.A)
	events, _ := e.app.CountRecords(collections.BillingEvents)
	payload := e.event("invoice.paid", e.clock.Now().Unix(),
		invoice("in_bad", testapp.A, "cus_a", "sub_a", "pro", e.clock.Now().AddDate(0, 1, 0)))
	wrong := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: payload, Secret: "whsec_other", Timestamp: time.Now()})
	good := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: payload, Secret: webhookSecret, Timestamp: time.Now()})
	changed := strings.Replace(string(payload), "in_bad", "in_bad2", 1)
	for name, c := range map[string]struct{ body, sig string }{
		"wrong secret": {string(payload), wrong.Header}, "changed body": {changed, good.Header}, "no header": {string(payload), ""},
	} {
		status, body, _ := e.do(http.MethodPost, "/api/igny8/billing/webhook", "", c.body, map[string]string{"Stripe-Signature": c.sig})
		if status != http.StatusBadRequest {
			t.Errorf("%s: %d %v", name, status, body)
		}
	}
	if n, _ := e.app.CountRecords(collections.BillingEvents); n != events {
		t.Fatalf("%d billing events recorded from unsigned requests", n)
	}
	after := e.tenant(testapp.A)
	for _, f := range []string{"plan", "status", "plan_credits", "stripe_customer_id", "paid_through"} {
		if before.GetString(f) != after.GetString(f) {
			t.Errorf("%s changed: %q -> %q", f, before.GetString(f), after.GetString(f))
		}
	}
	if got := webhookAnswers(t, e, "4xx"); got != 3 {
		t.Fatalf("igny8_http_request_duration_seconds_count{route=/api/igny8/billing/webhook,status=4xx} = %d, want 3", got)
	}
	e.verify()
}

// webhookAnswers reads the request counter the webhook alert rule uses.
func webhookAnswers(t *testing.T, e *env, class string) uint64 {
	fams, err := metrics.Of(e.app).Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fams {
		if f.GetName() != "igny8_http_request_duration_seconds" {
			continue
		}
		for _, m := range f.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			if labels["route"] == "/api/igny8/billing/webhook" && labels["status"] == class {
				return m.GetHistogram().GetSampleCount()
			}
		}
	}
	return 0
}

// TestWebhookSameEventTwice: a redelivered invoice.paid grants once.
func TestWebhookSameEventTwice(t *testing.T) {
	e := newEnv(t)
	e.set(testapp.A, map[string]any{"stripe_customer_id": "cus_a"})
	payload := e.event("invoice.paid", e.clock.Now().Unix(),
		invoice("in_twice", testapp.A, "cus_a", "sub_a", "pro", e.clock.Now().AddDate(0, 1, 0)))
	first := e.mustSend(payload, collections.BillingEventProcessed)
	if first["duplicate"] != false {
		t.Fatalf("first delivery: %v", first)
	}
	entries := e.ledgerCount(testapp.A)
	second := e.mustSend(payload, collections.BillingEventProcessed)
	if second["duplicate"] != true {
		t.Fatalf("second delivery: %v", second)
	}
	if n := e.ledgerCount(testapp.A); n != entries {
		t.Fatalf("ledger entries %d -> %d on a redelivery", entries, n)
	}
	row, err := e.app.FindFirstRecordByData(collections.BillingEvents, "object_id", "in_twice")
	if err != nil || row.GetInt("attempts") != 1 || row.GetString("tenant") != testapp.TenantId(testapp.A) {
		t.Fatalf("event row %v %v", row, err)
	}
	e.verify()
}

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

// TestEventForOneWorkspaceOnly: an event about workspace A's customer changes
// A only; one whose metadata names A but whose customer is B's touches
// neither; an unknown customer is ignored.
func TestEventForOneWorkspaceOnly(t *testing.T) {
	e := newEnv(t)
	e.set(testapp.A, map[string]any{"stripe_customer_id": "cus_a"})
	e.set(testapp.B, map[string]any{"stripe_customer_id": "cus_b"})
	snapshot := func() map[string]string {
		out := map[string]string{}
		for _, ws := range testapp.Workspaces {
			tn := e.tenant(ws)
			for _, f := range []string{"plan", "status", "plan_credits", "topup_credits", "stripe_subscription_id", "paid_through"} {
				out[ws+"."+f] = tn.GetString(f)
			}
		}
		return out
	}
	before := snapshot()
	now := e.clock.Now()
	e.mustSend(e.event("invoice.paid", now.Unix(), invoice("in_x", testapp.A, "cus_b", "sub_x", "pro", now.AddDate(0, 1, 0))), collections.BillingEventIgnored)
	e.mustSend(e.event("customer.subscription.updated", now.Unix(), subscription("sub_x", testapp.A, "cus_b", "active", "pro", nil)), collections.BillingEventIgnored)
	unknown := subscription("sub_u", testapp.A, "cus_nobody", "active", "pro", nil)
	unknown["metadata"] = map[string]any{}
	e.mustSend(e.event("customer.subscription.updated", now.Unix(), unknown), collections.BillingEventIgnored)
	e.mustSend(e.event("customer.created", now.Unix(), map[string]any{"id": "cus_new", "object": "customer"}), collections.BillingEventIgnored)
	if after := snapshot(); !equal(before, after) {
		t.Fatalf("ignored events changed workspaces:\n%v\n%v", before, after)
	}
	b := subscription("sub_b", testapp.B, "cus_b", "active", "pro", nil)
	b["metadata"] = map[string]any{}
	e.mustSend(e.event("customer.subscription.updated", now.Unix(), b), collections.BillingEventProcessed)
	after := snapshot()
	for k, v := range before {
		if strings.HasPrefix(k, testapp.A+".") && after[k] != v {
			t.Errorf("an event about B changed A's %s: %q -> %q", k, v, after[k])
		}
	}
	if e.planCode(testapp.B) != "pro" {
		t.Fatalf("B's plan %s", e.planCode(testapp.B))
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

// TestWebhookNotThrottledAsGuest: Stripe sends from a few addresses; 150
// events in a burst from one address are all accepted (under the guest rule
// of 100 per minute per IP the 101st answered 429).
func TestWebhookNotThrottledAsGuest(t *testing.T) {
	e := newEnv(t)
	for i := range 150 {
		status, body := e.send(e.event("customer.created", e.clock.Now().Unix(), map[string]any{"id": "cus_burst", "object": "customer"}))
		if status != http.StatusOK {
			t.Fatalf("delivery %d: %d %v", i+1, status, body)
		}
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

// TestWebhookParallelRedeliveries: the same event delivered 8 times at once
// (Stripe retrying while the first delivery is still being answered) is
// applied once: one ledger entry, one event row, every answer 200.
func TestWebhookParallelRedeliveries(t *testing.T) {
	e := newEnv(t)
	e.set(testapp.A, map[string]any{"stripe_customer_id": "cus_a"})
	entries := e.ledgerCount(testapp.A)
	payload := e.event("invoice.paid", e.clock.Now().Unix(),
		invoice("in_parallel", testapp.A, "cus_a", "sub_a", "pro", e.clock.Now().AddDate(0, 1, 0)))
	srv := httptest.NewServer(e.mux)
	defer srv.Close()
	var wg sync.WaitGroup
	statuses := make([]int, 8)
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sig := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: payload, Secret: webhookSecret, Timestamp: time.Now()})
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/igny8/billing/webhook", bytes.NewReader(payload))
			req.Header.Set("Stripe-Signature", sig.Header)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				return
			}
			res.Body.Close()
			statuses[i] = res.StatusCode
		}()
	}
	wg.Wait()
	for i, s := range statuses {
		if s != http.StatusOK {
			t.Errorf("delivery %d: %d", i, s)
		}
	}
	if n := e.ledgerCount(testapp.A); n != entries+1 {
		t.Fatalf("%d ledger entries from 8 deliveries of one event, want 1", n-entries)
	}
	if n, _ := e.app.CountRecords(collections.BillingEvents, dbx.HashExp{"object_id": "in_parallel"}); n != 1 {
		t.Fatalf("%d event rows", n)
	}
	e.verify()
}

// TestWebhookFailureIsRetried: an event that cannot be applied answers 500
// (Stripe delivers it again), changes nothing, and is kept as failed with
// its attempts counted; it never becomes a silent success.
func TestWebhookFailureIsRetried(t *testing.T) {
	e := newEnv(t)
	before := e.tenant(testapp.A)
	entries := e.ledgerCount(testapp.A)
	payload := []byte(strings.Replace(string(e.event("invoice.paid", e.clock.Now().Unix(), map[string]any{"id": "in_broken"})),
		`"data":{"object":{"id":"in_broken"}}`, `"data":{"object":{"id":"in_broken","lines":"not a list"}}`, 1))
	for attempt := 1; attempt <= 2; attempt++ {
		status, body := e.send(payload)
		if status != http.StatusInternalServerError || strings.Contains(toJSON(body), "not a list") {
			t.Fatalf("attempt %d: %d %v", attempt, status, body)
		}
		row, err := e.app.FindFirstRecordByData(collections.BillingEvents, "object_id", "in_broken")
		if err != nil || row.GetString("status") != collections.BillingEventFailed || row.GetInt("attempts") != attempt {
			t.Fatalf("attempt %d: row %v %v", attempt, row, err)
		}
	}
	if e.ledgerCount(testapp.A) != entries || e.tenant(testapp.A).GetString("status") != before.GetString("status") {
		t.Fatal("a failed event changed the workspace")
	}
	if got := webhookAnswers(t, e, "5xx"); got != 2 {
		t.Fatalf("5xx webhook answers counted: %d", got)
	}
	e.verify()
}
