package workspaces_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
)

// TestRenameWorkspace: the owner renames the workspace and moves its address
// (slug); a taken or malformed slug is refused at its field; admins and
// other workspaces cannot; the collections API still cannot touch the slug.
func TestRenameWorkspace(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := testapp.NewClient(t, app)
	a := testapp.TenantId(testapp.A)
	url := "/api/igny8/workspaces/" + a
	owner := testapp.Token(t, app, testapp.A, collections.RoleOwner)
	got := c.Must(http.MethodPatch, url, owner, `{"name":"  Roastery  ","slug":"roastery"}`, 200)
	if got["name"] != "Roastery" || got["slug"] != "roastery" {
		t.Fatalf("renamed to %v", got)
	}
	rec, _ := app.FindRecordById(collections.Tenants, a)
	if rec.GetString("slug") != "roastery" || rec.GetString("name") != "Roastery" {
		t.Fatalf("stored %q %q", rec.GetString("name"), rec.GetString("slug"))
	}
	for _, bad := range []struct{ body, want string }{
		{`{"slug":"workspace-b"}`, `"slug":{"code":"igny8_slug_taken"`},
		{`{"slug":"Has Spaces"}`, `"slug":{"code":"igny8_invalid"`},
		{`{"slug":"-x"}`, `"slug":{"code":"igny8_invalid"`},
		{`{"name":"   "}`, `"name":{"code":"igny8_invalid"`},
		{`{"name":"<b>x</b>"}`, `"name":{"code":"igny8_invalid"`},
	} {
		r := c.Do(http.MethodPatch, url, owner, bad.body)
		if r.Status != 400 || !strings.Contains(r.Body, bad.want) {
			t.Errorf("%s: %d %s", bad.body, r.Status, r.Body)
		}
	}
	c.Must(http.MethodPatch, url, testapp.Token(t, app, testapp.A, collections.RoleAdmin), `{"name":"Admin's"}`, 403)
	c.Must(http.MethodPatch, url, testapp.Token(t, app, testapp.B, collections.RoleOwner), `{"name":"B's"}`, 404)
	c.Must(http.MethodPatch, url, "", `{"name":"anon"}`, 401)
	c.Must(http.MethodPatch, "/api/collections/tenants/records/"+a, owner, `{"slug":"sneaky"}`, 404)
	rec, _ = app.FindRecordById(collections.Tenants, a)
	if rec.GetString("slug") != "roastery" || rec.GetString("name") != "Roastery" {
		t.Fatalf("refused requests changed the workspace: %q %q", rec.GetString("name"), rec.GetString("slug"))
	}
}

// TestWorkspaceModels: viewers read each task's choices (the operator's
// route), admins pick a default per task, a model the task is not routed to
// is refused at its field, and the choice lands in the workspace's settings
// that the AI engine reads.
func TestWorkspaceModels(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := testapp.NewClient(t, app)
	a := testapp.TenantId(testapp.A)
	url := "/api/igny8/workspaces/" + a + "/models"
	list := c.Do(http.MethodGet, url, testapp.Token(t, app, testapp.A, collections.RoleViewer), "")
	if list.Status != 200 || !strings.Contains(list.Body, `{"task":"content","model":"","choices":[{"name":"gpt-5.4"`) || !strings.Contains(list.Body, `"offline":true`) {
		t.Fatalf("list: %d %s", list.Status, list.Body)
	}
	admin := testapp.Token(t, app, testapp.A, collections.RoleAdmin)
	set := c.Do(http.MethodPut, url, admin, `{"models":{"content":"gpt-5.4-mini"}}`)
	if set.Status != 200 || !strings.Contains(set.Body, `{"task":"content","model":"gpt-5.4-mini"`) {
		t.Fatalf("set: %d %s", set.Status, set.Body)
	}
	bad := c.Do(http.MethodPut, url, admin, `{"models":{"ideas":"gpt-4.1-mini","content":"no-such-model"}}`)
	if bad.Status != 400 || !strings.Contains(bad.Body, `"content":{"code":"igny8_model"`) || strings.Contains(bad.Body, `"ideas":{`) {
		t.Fatalf("bad: %d %s", bad.Status, bad.Body)
	}
	c.Must(http.MethodPut, url, testapp.Token(t, app, testapp.A, collections.RoleEditor), `{"models":{"content":""}}`, 403)
	c.Must(http.MethodPut, url, testapp.Token(t, app, testapp.B, collections.RoleOwner), `{"models":{"content":""}}`, 404)
	c.Must(http.MethodGet, url, testapp.OutsiderToken(t, app), "", 404)
	rec, _ := app.FindRecordById(collections.Tenants, a)
	if m := ai.WorkspaceModels(rec); len(m) != 1 || m[ai.TaskContent] != "gpt-5.4-mini" {
		t.Fatalf("stored models %v", m)
	}
}
