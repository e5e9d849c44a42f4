package payments_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
)

// TestCheckoutEachPlanAndPack checks, through the real routes and the
// recording proxy in front of stripe-mock, what igny8 asks Stripe for: one
// customer per workspace (then reused), a subscription session per plan with
// the plan's price and the workspace in the metadata, a payment session for a
// credit pack found by its lookup key, and return URLs on the app's own URL.
func TestCheckoutEachPlanAndPack(t *testing.T) {
	e := newEnv(t)
	a := testapp.TenantId(testapp.A)
	path := "/api/igny8/billing/workspaces/" + a + "/checkout"
	for i, code := range []string{"trial", "starter", "pro", "agency"} {
		status, body, _ := e.do(http.MethodPost, path, e.owner(testapp.A), `{"plan":"`+code+`"}`, nil)
		if status != http.StatusOK || !strings.HasPrefix(body["url"].(string), "https://") {
			t.Fatalf("checkout %s: %d %v", code, status, body)
		}
		calls := e.rec.take()
		if n := len(find(calls, "POST", "/v1/customers")); n != map[bool]int{true: 1, false: 0}[i == 0] {
			t.Fatalf("checkout %s: %d customer creations (want one for the first checkout only)", code, n)
		}
		s := find(calls, "POST", "/v1/checkout/sessions")
		if len(s) != 1 {
			t.Fatalf("checkout %s: %d session creations", code, len(s))
		}
		f := s[0].Form
		want := map[string]string{"mode": "subscription", "line_items[0][price]": "price_" + code, "line_items[0][quantity]": "1",
			"metadata[igny8_tenant]": a, "metadata[igny8_plan]": code, "subscription_data[metadata][igny8_tenant]": a,
			"client_reference_id": a, "customer": e.tenant(testapp.A).GetString("stripe_customer_id"),
			"cancel_url": appURL + "/t/workspace-a/billing?checkout=canceled"}
		for k, v := range want {
			if f.Get(k) != v {
				t.Errorf("checkout %s: %s = %q, want %q", code, k, f.Get(k), v)
			}
		}
		if !strings.HasPrefix(f.Get("success_url"), appURL+"/t/workspace-a/billing?checkout=success") {
			t.Errorf("success_url %q", f.Get("success_url"))
		}
	}
	if e.tenant(testapp.A).GetString("stripe_customer_id") == "" {
		t.Fatal("the customer id was not stored")
	}

	status, body, _ := e.do(http.MethodPost, path, e.owner(testapp.A), `{"pack":"credits_500"}`, nil)
	if status != http.StatusOK || body["url"] == nil {
		t.Fatalf("pack checkout: %d %v", status, body)
	}
	calls := e.rec.take()
	prices := find(calls, "GET", "/v1/prices")
	if len(prices) != 1 || prices[0].Form.Get("lookup_keys[0]") != "igny8_pack_credits_500" {
		t.Fatalf("price lookup: %+v", prices)
	}
	s := find(calls, "POST", "/v1/checkout/sessions")
	if len(s) != 1 || s[0].Form.Get("mode") != "payment" || s[0].Form.Get("metadata[igny8_pack]") != "credits_500" ||
		s[0].Form.Get("payment_intent_data[metadata][igny8_tenant]") != a || s[0].Form.Get("line_items[0][price]") == "" {
		t.Fatalf("pack session: %+v", s)
	}

	for body, want := range map[string]int{`{"plan":"enterprise"}`: 400, `{"plan":"nope"}`: 400, `{"pack":"nope"}`: 400, `{}`: 400,
		`{"plan":"pro","pack":"credits_100"}`: 400} {
		if status, _, _ := e.do(http.MethodPost, path, e.owner(testapp.A), body, nil); status != want {
			t.Errorf("checkout %s: %d, want %d", body, status, want)
		}
	}
	if len(find(e.rec.take(), "POST", "/v1/checkout/sessions")) != 0 {
		t.Fatal("a refused checkout reached Stripe")
	}
	n, _ := e.app.CountRecords(collections.AuditLog, dbxTenant(testapp.A), dbxAction("billing.checkout"))
	if n != 5 {
		t.Fatalf("%d billing.checkout audit entries, want 5", n)
	}
	e.verify()
}

// TestPortalAndInvoices: the portal session is for the workspace's customer
// and returns to the app; the invoices route lists the customer's invoices.
func TestPortalAndInvoices(t *testing.T) {
	e := newEnv(t)
	a := testapp.TenantId(testapp.A)
	e.set(testapp.A, map[string]any{"stripe_customer_id": "cus_portal_a"})
	status, body, _ := e.do(http.MethodPost, "/api/igny8/billing/workspaces/"+a+"/portal", e.owner(testapp.A), ``, nil)
	if status != http.StatusOK || !strings.HasPrefix(body["url"].(string), "https://") {
		t.Fatalf("portal: %d %v", status, body)
	}
	p := find(e.rec.take(), "POST", "/v1/billing_portal/sessions")
	if len(p) != 1 || p[0].Form.Get("customer") != "cus_portal_a" || p[0].Form.Get("return_url") != appURL+"/t/workspace-a/billing" {
		t.Fatalf("portal session: %+v", p)
	}
	status, body, _ = e.do(http.MethodGet, "/api/igny8/billing/workspaces/"+a+"/invoices", e.owner(testapp.A), ``, nil)
	items, _ := body["items"].([]any)
	if status != http.StatusOK || len(items) == 0 {
		t.Fatalf("invoices: %d %v", status, body)
	}
	inv := items[0].(map[string]any)
	if inv["id"] == "" || inv["status"] == nil {
		t.Fatalf("invoice item %v", inv)
	}
	l := find(e.rec.take(), "GET", "/v1/invoices")
	if len(l) != 1 || l[0].Form.Get("customer") != "cus_portal_a" {
		t.Fatalf("invoice list: %+v", l)
	}
	e.verify()
}

// TestBillingRoutesAccess: owner only (editor 403, another workspace's owner
// 404, anonymous 404), the summary for every member; without a Stripe key
// the Stripe routes answer 503 and the summary still works.
func TestBillingRoutesAccess(t *testing.T) {
	e := newEnv(t)
	a := testapp.TenantId(testapp.A)
	base := "/api/igny8/billing/workspaces/" + a
	routes := []struct{ method, path, body string }{
		{"POST", base + "/checkout", `{"plan":"pro"}`}, {"POST", base + "/portal", ``}, {"GET", base + "/invoices", ``}}
	for _, r := range routes {
		for who, want := range map[string]int{
			testapp.Token(t, e.app, testapp.A, collections.RoleAdmin): 403, e.owner(testapp.B): 404, "": 404,
		} {
			if status, body, _ := e.do(r.method, r.path, who, r.body, nil); status != want {
				t.Errorf("%s %s: %d, want %d (%v)", r.method, r.path, status, want, body)
			}
		}
	}
	if calls := e.rec.take(); len(calls) != 0 {
		t.Fatalf("refused requests reached Stripe: %+v", calls)
	}
	viewer := testapp.Token(t, e.app, testapp.A, collections.RoleViewer)
	status, body, _ := e.do("GET", base+"/summary", viewer, ``, nil)
	if status != 200 || body["status"] != "active" || body["stripe"] != true {
		t.Fatalf("summary for a viewer: %d %v", status, body)
	}
	if status, _, _ := e.do("GET", base+"/summary", e.owner(testapp.B), ``, nil); status != 404 {
		t.Fatalf("summary for another workspace's owner: %d", status)
	}

	plain := testapp.New(t) // no STRIPE_SECRET_KEY in the test environment
	mux := testapp.Mux(t, plain)
	for _, r := range routes {
		req := newRequest(r.method, r.path, r.body, testapp.Token(t, plain, testapp.A, collections.RoleOwner))
		w := serve(mux, req)
		if w.Code != 503 || !strings.Contains(w.Body.String(), "igny8_billing_not_configured") {
			t.Errorf("%s %s without Stripe: %d %s", r.method, r.path, w.Code, w.Body.String())
		}
	}
	req := newRequest("GET", base+"/summary", "", testapp.Token(t, plain, testapp.A, collections.RoleOwner))
	if w := serve(mux, req); w.Code != 200 || !strings.Contains(w.Body.String(), `"stripe":false`) {
		t.Fatalf("summary without Stripe: %d %s", w.Code, w.Body.String())
	}
	req = newRequest("POST", "/api/igny8/billing/webhook", "{}", "")
	if w := serve(mux, req); w.Code != 503 {
		t.Fatalf("webhook without a secret: %d %s", w.Code, w.Body.String())
	}
}
