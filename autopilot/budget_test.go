package autopilot_test

import (
	"net/http"
	"testing"

	"github.com/igny8/igny8/autopilot"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
)

// TestBudgetAndPreview: the preview names what the next windows would do and
// reserve; with an owner-set monthly budget the autopilot never spends more
// (the writing step stops at waiting_budget with the reason), an admin may
// not set the budget, and the stage batch sizes come from PATCH.
func TestBudgetAndPreview(t *testing.T) {
	t.Parallel()
	c := newChain(t, "http://127.0.0.1:9/budget")
	client := testapp.NewClient(t, c.app)
	owner := testapp.Token(t, c.app, testapp.A, collections.RoleOwner)
	admin := testapp.Token(t, c.app, testapp.A, collections.RoleAdmin)
	c.importKeywords(t, chainKeywords...)
	c.enable(t, allSteps...)

	pre := client.Must(http.MethodGet, "/api/igny8/autopilot/"+c.site.Id+"/preview", owner, "", http.StatusOK)
	steps := pre["steps"].([]any)
	first := steps[0].(map[string]any)
	if first["type"] != "clustering" || first["credits"] != 1.0 || len(first["items"].([]any)) != 1 {
		t.Fatalf("clustering preview %v", first)
	}
	client.Must(http.MethodPatch, "/api/igny8/autopilot/"+c.site.Id, admin, `{"monthly_budget":12}`, http.StatusForbidden)
	// budget 12: clustering (1) + two clusters' ideas (6) leave 5, one article (3), then no room for its 3 images
	client.Must(http.MethodPatch, "/api/igny8/autopilot/"+c.site.Id, owner, `{"monthly_budget":12,"batch":{"writing":4}}`, http.StatusOK)
	if c.schedule(t, "writing").GetInt("batch_size") != 4 {
		t.Fatal("the writing batch size was not set")
	}
	for h := 0; h < 8; h++ {
		c.hour(t)
		if spent, err := autopilot.Spent(c.app, c.site.Id, c.clock.Now()); err != nil || spent > 12 {
			t.Fatalf("hour %d: the autopilot spent %d of a 12-credit budget (%v)", h, spent, err)
		}
	}
	o := autopilot.Steps(c.app, c.site)
	if o["writing"].State != autopilot.StateWaitingBudget && o["images"].State != autopilot.StateWaitingBudget {
		t.Fatalf("steps %+v, want a step waiting on the budget", o)
	}
	st := client.Must(http.MethodGet, "/api/igny8/autopilot/"+c.site.Id, owner, "", http.StatusOK)
	if st["state"] != autopilot.ChainWaitingBudget {
		t.Fatalf("chain state %v (%v)", st["state"], st["reason"])
	}
	n, _ := c.app.CountRecords(collections.Contents, dbx.HashExp{"site": c.site.Id})
	if n == 0 || n > 2 {
		t.Fatalf("%d articles within a 12-credit budget", n)
	}
	c.verify(t)
}
