package ai_test

import (
	"context"
	"errors"
	"testing"

	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/ai/aitest"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/core"
)

// saveModels sets workspace ws's default models through SetWorkspaceModels.
func saveModels(t *testing.T, app core.App, ws string, choices map[string]string) {
	t.Helper()
	rec, err := app.FindRecordById(collections.Tenants, testapp.TenantId(ws))
	if err != nil {
		t.Fatal(err)
	}
	if err := ai.SetWorkspaceModels(app, rec, choices); err != nil {
		t.Fatal(err)
	}
	if err := app.Save(rec); err != nil {
		t.Fatal(err)
	}
}

// TestWorkspaceDefaultModel: a workspace's default model for a task answers
// its calls first (the operator's order stays as fallback), another
// workspace keeps the operator's order, and a choice the operator later
// disables is ignored rather than called.
func TestWorkspaceDefaultModel(t *testing.T) {
	t.Parallel()
	app, srv := setup(t)
	saveModels(t, app, testapp.A, map[string]string{"content": "gpt-4.1-mini"})
	answeredBy := func(ws string) (string, []string) {
		srv.Enqueue(aitest.Text("done"))
		_, u, err := ai.Text(context.Background(), app, ai.Request{Task: ai.TaskContent, Tenant: testapp.TenantId(ws), Messages: user("write"), MaxTokens: 20})
		if err != nil {
			t.Fatal(err)
		}
		calls := srv.Calls()
		return calls[len(calls)-1].Model, u.Fallbacks
	}
	if got, _ := answeredBy(testapp.A); got != "gpt-4.1-mini" {
		t.Fatalf("A's content call went to %q, want its default gpt-4.1-mini", got)
	}
	if got, _ := answeredBy(testapp.B); got != "gpt-5.4" {
		t.Fatalf("B's content call went to %q, want the operator's primary gpt-5.4", got)
	}
	// the chosen model failing falls back along the operator's order
	srv.Enqueue(aitest.Status(401), aitest.Text("done"))
	_, u, err := ai.Text(context.Background(), app, ai.Request{Task: ai.TaskContent, Tenant: testapp.TenantId(testapp.A), Messages: user("write"), MaxTokens: 20})
	if err != nil || u.Model != "gpt-5.4" || len(u.Fallbacks) != 1 || u.Fallbacks[0] != "gpt-4.1-mini" {
		t.Fatalf("after the default failed: model %q fallbacks %v err %v", u.Model, u.Fallbacks, err)
	}
	// a forced model (the playground's choice) still wins
	srv.Enqueue(aitest.Text("done"))
	if _, u, err := ai.Text(context.Background(), app, ai.Request{Task: ai.TaskContent, Tenant: testapp.TenantId(testapp.A), Model: "gpt-5.4-mini", Messages: user("x"), MaxTokens: 20}); err != nil || u.Model != "gpt-5.4-mini" {
		t.Fatalf("forced model: %q %v", u.Model, err)
	}
	setModel(t, app, "gpt-4.1-mini", map[string]any{"enabled": false})
	if got, _ := answeredBy(testapp.A); got != "gpt-5.4" {
		t.Fatalf("with its default disabled A's call went to %q, want gpt-5.4", got)
	}
}

// TestSetWorkspaceModels refuses models the operator does not route the task
// to and tasks without a choice, keeps the settings' other keys, and "" goes
// back to the operator's order.
func TestSetWorkspaceModels(t *testing.T) {
	t.Parallel()
	app, _ := setup(t)
	rec, err := app.FindRecordById(collections.Tenants, testapp.TenantId(testapp.A))
	if err != nil {
		t.Fatal(err)
	}
	rec.Set("settings", map[string]any{"wp_plugin": map[string]any{"x": 1}})
	for _, bad := range []map[string]string{{"content": "dall-e-3"}, {"content": "no-such-model"}, {"embeddings": "text-embedding-3-small"}, {"coffee": "gpt-5.4"}} {
		if err := ai.SetWorkspaceModels(app, rec, bad); !errors.Is(err, ai.ErrModelChoice) {
			t.Fatalf("%v: err %v, want ErrModelChoice", bad, err)
		}
	}
	if err := ai.SetWorkspaceModels(app, rec, map[string]string{"content": "gpt-5.4-mini", "ideas": "gpt-5.4-mini"}); err != nil {
		t.Fatal(err)
	}
	if err := ai.SetWorkspaceModels(app, rec, map[string]string{"ideas": ""}); err != nil {
		t.Fatal(err)
	}
	got := ai.WorkspaceModels(rec)
	if len(got) != 1 || got[ai.TaskContent] != "gpt-5.4-mini" {
		t.Fatalf("models %v", got)
	}
	var s map[string]any
	if err := rec.UnmarshalJSONField("settings", &s); err != nil || s["wp_plugin"] == nil {
		t.Fatalf("settings lost their other keys: %v %v", s, err)
	}
}
