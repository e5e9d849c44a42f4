package payments_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/metrics"
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
