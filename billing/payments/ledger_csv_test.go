package payments_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
)

// TestLedgerCSV: every member of the workspace downloads its credit ledger as
// CSV, newest first, filtered by kind and date; a note a spreadsheet would run
// as a formula is escaped; another workspace's member gets 404, a bad filter 400.
// It works without Stripe.
func TestLedgerCSV(t *testing.T) {
	app := testapp.New(t)
	a := testapp.TenantId(testapp.A)
	if _, err := billing.Append(app, billing.Entry{Tenant: a, Kind: collections.LedgerTopup, TopupDelta: 100, Key: "test:csv1",
		Note: `=HYPERLINK("http://evil","x")`}); err != nil {
		t.Fatal(err)
	}
	if _, err := billing.Append(app, billing.Entry{Tenant: a, Kind: collections.LedgerAdjust, PlanDelta: -5, Key: "test:csv2", Note: "taken back"}); err != nil {
		t.Fatal(err)
	}
	c := testapp.NewClient(t, app)
	path := "/api/igny8/billing/workspaces/" + a + "/ledger.csv"
	viewer := testapp.Authorization(t, app, testapp.A, collections.RoleViewer)
	r := c.Do(http.MethodGet, path, viewer, "")
	if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(r.Body, "\ufeff")), "\n")
	if lines[0] != "Date,Kind,Credits,Plan credits,Top-up credits,Balance after,Job,Note" || len(lines) < 4 {
		t.Fatalf("csv:\n%s", r.Body)
	}
	if !strings.Contains(lines[1], ",adjust,-5,-5,0,") || !strings.Contains(lines[2], `'=HYPERLINK(""http://evil"",""x"")`) {
		t.Fatalf("newest first, escaped:\n%s", r.Body)
	}
	only := c.Do(http.MethodGet, path+"?kind=topup&from=2000-01-01&to=2999-12-31", viewer, "")
	if n := strings.Count(only.Body, "\n"); only.Status != 200 || n != 2 || !strings.Contains(only.Body, ",topup,100,") {
		t.Fatalf("kind=topup: %d %d lines\n%s", only.Status, n, only.Body)
	}
	if r := c.Do(http.MethodGet, path+"?to=2000-01-01", viewer, ""); strings.Count(r.Body, "\n") != 1 {
		t.Fatalf("to=2000-01-01 has rows:\n%s", r.Body)
	}
	if r := c.Do(http.MethodGet, path+"?kind=forged", viewer, ""); r.Status != 400 {
		t.Fatalf("bad kind: %d", r.Status)
	}
	if r := c.Do(http.MethodGet, path, testapp.Authorization(t, app, testapp.B, collections.RoleOwner), ""); r.Status != 404 || strings.Contains(r.Body, "evil") {
		t.Fatalf("another workspace's owner: %d %s", r.Status, r.Body)
	}
	if r := c.Do(http.MethodGet, path, "", ""); r.Status != 404 && r.Status != 401 {
		t.Fatalf("anonymous: %d", r.Status)
	}
}
