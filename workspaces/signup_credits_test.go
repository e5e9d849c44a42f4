package workspaces_test

import (
	"fmt"
	"testing"

	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/workspaces"
	"github.com/pocketbase/pocketbase/core"
)

func signupBalance(t *testing.T, app core.App, c *testapp.Client, email string) (tenant string, plan float64) {
	t.Helper()
	r := c.Must("POST", "/api/igny8/auth/signup", "", fmt.Sprintf(`{"email":%q,"password":"long-enough-1","name":"S","workspace":"W"}`, email), 200)
	ten := r["meta"].(map[string]any)["tenant"].(map[string]any)
	return ten["id"].(string), ten["plan_credits"].(float64)
}

// Free Trial credits wait for a verified email: a script signing up with
// made-up addresses gets a workspace with 0 credits; confirming the
// verification mail (PocketBase's own route) releases the 25 credits, once,
// through the ledger.
func TestSignupCreditsNeedVerifiedEmail(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := testapp.NewClient(t, app)
	tenant, plan := signupBalance(t, app, c, "fresh@example.com")
	if plan != 0 {
		t.Fatalf("an unverified sign-up got %v plan credits", plan)
	}
	u, err := app.FindAuthRecordByEmail(collections.Users, "fresh@example.com")
	if err != nil {
		t.Fatal(err)
	}
	tok, err := u.NewVerificationToken()
	if err != nil {
		t.Fatal(err)
	}
	c.Must("POST", "/api/collections/users/confirm-verification", "", fmt.Sprintf(`{"token":%q}`, tok), 204)
	b, err := billing.GetBalance(app, tenant)
	if err != nil || b.Plan != 25 {
		t.Fatalf("after verification: %+v (%v), want 25 plan credits", b, err)
	}
	// a second verification flip releases nothing more
	u, _ = app.FindRecordById(collections.Users, u.Id)
	u.SetVerified(false)
	if err := app.Save(u); err != nil {
		t.Fatal(err)
	}
	u.SetVerified(true)
	if err := app.Save(u); err != nil {
		t.Fatal(err)
	}
	if b, _ := billing.GetBalance(app, tenant); b.Plan != 25 {
		t.Fatalf("released twice: %+v", b)
	}
	if bad, err := billing.Verify(app); err != nil || len(bad) != 0 {
		t.Fatalf("ledger does not explain the balances: %v %v", bad, err)
	}
}

func TestSignupCreditsImmediatePolicy(t *testing.T) {
	t.Setenv(workspaces.EnvSignupCredits, "immediate")
	app := testapp.New(t)
	c := testapp.NewClient(t, app)
	if _, plan := signupBalance(t, app, c, "now@example.com"); plan != 25 {
		t.Fatalf("with %s=immediate: %v plan credits, want 25", workspaces.EnvSignupCredits, plan)
	}
}
