package workspaces_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/workspaces"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

func addRecord(t testing.TB, app core.App, collection string, data map[string]any) *core.Record {
	t.Helper()
	col, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(col)
	r.Load(data)
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestPrepareDelete stops a workspace's schedules and cancels its queued and
// running jobs (finished ones stay as they are), and nothing of another
// workspace.
func TestPrepareDelete(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	var queued, running, other *core.Record
	for ws, rec := range map[string]**core.Record{testapp.A: &queued, testapp.B: &other} {
		*rec = addRecord(t, app, collections.Jobs, map[string]any{"tenant": testapp.TenantId(ws), "type": "fixture", "status": collections.JobQueued, "idempotency_key": "queued-" + ws})
	}
	if _, err := app.DB().Update(collections.Schedules, dbx.Params{"enabled": true}, dbx.Not(dbx.HashExp{"tenant": ""})).Execute(); err != nil {
		t.Fatal(err)
	}
	for _, ws := range []string{testapp.A, testapp.B} {
		if n, _ := app.CountRecords(collections.Schedules, dbx.HashExp{"tenant": testapp.TenantId(ws)}); n == 0 {
			t.Fatalf("workspace %s has no schedules to stop", ws)
		}
	}
	running = addRecord(t, app, collections.Jobs, map[string]any{"tenant": testapp.TenantId(testapp.A), "type": "fixture", "status": collections.JobRunning, "idempotency_key": "running-a"})
	tenant, _ := app.FindRecordById(collections.Tenants, testapp.TenantId(testapp.A))
	if err := workspaces.PrepareDelete(context.Background(), app, tenant); err != nil {
		t.Fatal(err)
	}
	for rec, want := range map[*core.Record]string{queued: collections.JobCanceled, running: collections.JobCanceled, other: collections.JobQueued} {
		got, _ := app.FindRecordById(collections.Jobs, rec.Id)
		if got.GetString("status") != want {
			t.Errorf("job %s (%s): %s, want %s", rec.Id, rec.GetString("tenant"), got.GetString("status"), want)
		}
	}
	if n, _ := app.CountRecords(collections.Schedules, dbx.HashExp{"tenant": testapp.TenantId(testapp.A), "enabled": true}); n != 0 {
		t.Errorf("A: %d schedules still enabled", n)
	}
	if n, _ := app.CountRecords(collections.Schedules, dbx.HashExp{"tenant": testapp.TenantId(testapp.B), "enabled": false}); n != 0 {
		t.Errorf("B: %d schedules stopped", n)
	}
}

// TestDeleteWorkspace: only the owner, who types the workspace's exact name,
// deletes it; everything in it goes, the other workspace stays, and the
// owner's account stays too.
func TestDeleteWorkspace(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := testapp.NewClient(t, app)
	a := testapp.TenantId(testapp.A)
	url := "/api/igny8/workspaces/" + a + "/delete"
	owner := testapp.Token(t, app, testapp.A, collections.RoleOwner)
	c.Must(http.MethodPost, url, owner, `{"confirm":"workspace a"}`, 400)
	c.Must(http.MethodPost, url, owner, `{}`, 400)
	c.Must(http.MethodPost, url, testapp.Token(t, app, testapp.A, collections.RoleAdmin), `{"confirm":"Workspace A"}`, 403)
	c.Must(http.MethodPost, url, testapp.Token(t, app, testapp.B, collections.RoleOwner), `{"confirm":"Workspace A"}`, 404)
	c.Must(http.MethodPost, url, "", `{"confirm":"Workspace A"}`, 401)
	if _, err := app.FindRecordById(collections.Tenants, a); err != nil {
		t.Fatalf("a refused request deleted the workspace: %v", err)
	}
	c.Must(http.MethodPost, url, owner, `{"confirm":"Workspace A"}`, 204)
	if _, err := app.FindRecordById(collections.Tenants, a); err == nil {
		t.Fatal("workspace A still exists")
	}
	for _, col := range []string{collections.Sites, collections.Keywords, collections.Jobs, collections.Memberships, collections.Prompts} {
		if n, _ := app.CountRecords(col, dbx.HashExp{"tenant": a}); n != 0 {
			t.Errorf("%d %s of A left", n, col)
		}
		if n, _ := app.CountRecords(col, dbx.HashExp{"tenant": testapp.TenantId(testapp.B)}); n == 0 {
			t.Errorf("B lost its %s", col)
		}
	}
	if _, err := app.FindRecordById(collections.Users, testapp.UserId(testapp.A, collections.RoleOwner)); err != nil {
		t.Fatalf("the owner's account went with the workspace: %v", err)
	}
}
