package payments_test

import (
	"net/http"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
)

// TestDeleteCancelsSubscription: deleting a subscribed workspace cancels its
// Stripe subscription first, through the owner's route and through the
// collections API alike; a workspace without one makes no Stripe call.
func TestDeleteCancelsSubscription(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.set(testapp.A, map[string]any{"stripe_customer_id": "cus_a", "stripe_subscription_id": "sub_a"})
	e.set(testapp.B, map[string]any{"stripe_customer_id": "cus_b", "stripe_subscription_id": "sub_b"})
	status, body, _ := e.do(http.MethodPost, "/api/igny8/workspaces/"+testapp.TenantId(testapp.A)+"/delete", e.owner(testapp.A), `{"confirm":"Workspace A"}`, nil)
	if status != http.StatusNoContent {
		t.Fatalf("delete A: %d %v", status, body)
	}
	calls := e.rec.take()
	if got := find(calls, http.MethodDelete, "/v1/subscriptions/sub_a"); len(got) != 1 || got[0].Form.Get("prorate") != "true" {
		t.Fatalf("canceling A's subscription: %v (all calls %v)", got, calls)
	}
	status, body, _ = e.do(http.MethodDelete, "/api/collections/tenants/records/"+testapp.TenantId(testapp.B), e.owner(testapp.B), "", nil)
	if status != http.StatusNoContent {
		t.Fatalf("API delete of B: %d %v", status, body)
	}
	if got := find(e.rec.take(), http.MethodDelete, "/v1/subscriptions/sub_b"); len(got) != 1 {
		t.Fatalf("B's subscription was not canceled: %v", got)
	}
	for _, ws := range []string{testapp.A, testapp.B} {
		if _, err := e.app.FindRecordById(collections.Tenants, testapp.TenantId(ws)); err == nil {
			t.Fatalf("workspace %s still exists", ws)
		}
	}
}
