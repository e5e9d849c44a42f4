package linker_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/linker"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
)

// TestBulkDecisions: one call approves a page of suggestions — each as its
// own route would (the one past the per-post cap skipped with the reason),
// one apply job for their source article — and one call removes them again;
// a decision a link's state does not allow is skipped, not an error; ids of
// another workspace are not found and stay as they were; viewers cannot.
func TestBulkDecisions(t *testing.T) {
	app := testapp.New(t)
	cl := newCluster(t, app, "Tea")
	text := "<p>"
	for i := range collections.LinksPerPostMax + 1 {
		kw := "tea topic " + string(rune('a'+i))
		seed(t, app, testapp.A, cl, "guide", []string{kw}, "Title "+kw, "<p>x</p>", true)
		text += "About " + kw + ". "
	}
	fresh := seed(t, app, testapp.A, cl, "guide", []string{"tea hub"}, "Tea hub", text+"</p>", false)
	if _, err := linker.Suggest(app, fresh.Id); err != nil {
		t.Fatal(err)
	}
	links := linksOf(t, app, "source_content = {:c}", dbx.Params{"c": fresh.Id})
	ids := make([]string, len(links))
	for i, l := range links {
		ids[i] = l.Id
	}
	c := testapp.NewClient(t, app)
	editor := testapp.Token(t, app, testapp.A, collections.RoleEditor)
	body := func(tenant, action string, ids []string) string {
		b, _ := json.Marshal(linker.BulkRequest{Tenant: tenant, Action: action, Ids: ids})
		return string(b)
	}
	decode := func(m map[string]any) linker.BulkResult {
		var r linker.BulkResult
		b, _ := json.Marshal(m)
		if err := json.Unmarshal(b, &r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	a := testapp.TenantId(testapp.A)

	c.Must("POST", "/api/igny8/linker/links/bulk", testapp.Token(t, app, testapp.A, collections.RoleViewer), body(a, linker.ActionApprove, ids), 403)
	c.Must("POST", "/api/igny8/linker/links/bulk", editor, body(a, "delete", ids), 400)
	c.Must("POST", "/api/igny8/linker/links/bulk", editor, body(a, linker.ActionApprove, nil), 400)
	// B's owner naming A's links in B's workspace finds none of them
	out := decode(c.Must("POST", "/api/igny8/linker/links/bulk", testapp.Token(t, app, testapp.B, collections.RoleOwner), body(testapp.TenantId(testapp.B), linker.ActionApprove, ids), 200))
	if len(out.Done) != 0 || len(out.Skipped) != len(ids) || out.Skipped[0].Reason != "Not found." || len(out.Jobs) != 0 {
		t.Fatalf("foreign bulk %+v", out)
	}
	for _, l := range linksOf(t, app, "source_content = {:c}", dbx.Params{"c": fresh.Id}) {
		if l.GetString("status") != collections.LinkSuggested {
			t.Fatalf("A's link %s after B's bulk: %s", l.Id, l.GetString("status"))
		}
	}

	// approve all (one id twice): the cap leaves the last one a suggestion
	out = decode(c.Must("POST", "/api/igny8/linker/links/bulk", editor, body(a, linker.ActionApprove, append(ids, ids[0])), 200))
	if len(out.Done) != collections.LinksPerPostMax || len(out.Skipped) != 1 || out.Skipped[0].Id != ids[len(ids)-1] ||
		!strings.Contains(out.Skipped[0].Reason, "the most per post") || len(out.Jobs) != 1 {
		t.Fatalf("bulk approve %+v", out)
	}
	runJob(t, app, out.Jobs[0])
	fresh, _ = app.FindRecordById(collections.Contents, fresh.Id)
	if n := strings.Count(fresh.GetString("html"), "data-igny8-link="); n != collections.LinksPerPostMax {
		t.Fatalf("%d links in the text", n)
	}
	// inserted links cannot be rejected; the left-over suggestion can
	out = decode(c.Must("POST", "/api/igny8/linker/links/bulk", editor, body(a, linker.ActionReject, ids), 200))
	if len(out.Done) != 1 || out.Done[ids[len(ids)-1]] != collections.LinkRejected || len(out.Skipped) != collections.LinksPerPostMax || len(out.Jobs) != 0 {
		t.Fatalf("bulk reject %+v", out)
	}
	out = decode(c.Must("POST", "/api/igny8/linker/links/bulk", editor, body(a, linker.ActionRemove, ids), 200))
	if len(out.Done) != collections.LinksPerPostMax || len(out.Skipped) != 1 || len(out.Jobs) != 1 {
		t.Fatalf("bulk remove %+v", out)
	}
	runJob(t, app, out.Jobs[0])
	fresh, _ = app.FindRecordById(collections.Contents, fresh.Id)
	if strings.Contains(fresh.GetString("html"), "data-igny8-link=") {
		t.Fatalf("links left after the bulk removal: %s", fresh.GetString("html"))
	}
	if n := len(linksOf(t, app, "source_content = {:c} && status = 'removed'", dbx.Params{"c": fresh.Id})); n != collections.LinksPerPostMax {
		t.Fatalf("%d links removed", n)
	}
}
