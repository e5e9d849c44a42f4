package ai_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/core"
)

// promptVars are complete variables for every default prompt type (see docs/PROMPTS.md).
var promptVars = map[string]map[string]any{
	ai.PromptClustering: {"Site": "Run Blog", "Niche": "running", "Keywords": []string{"trail shoes", "marathon plan"}, "MaxClusters": 5, "Existing": []string{"Shoes"}},
	ai.PromptIdeas: {"Site": "Run Blog", "Niche": "", "Cluster": "Trail shoes", "Description": "buying trail shoes",
		"Keywords": []string{"trail shoes"}, "Count": 4, "Existing": []string{}},
	ai.PromptContentOutline: {"Title": "Best Trail Shoes", "Keyword": "trail shoes", "Keywords": []string{"grip"}, "Words": 1500, "Tone": "", "Audience": "beginners"},
	ai.PromptContentSection: {"Title": "Best Trail Shoes", "Keyword": "trail shoes", "Heading": "Grip", "Subheadings": []string{"Lugs"},
		"Words": 300, "Outline": []string{"Intro", "Grip"}, "Tone": "friendly"},
	ai.PromptContent: {"Site": "Run Blog", "Title": "Best Trail Shoes", "Keyword": "trail shoes", "Keywords": []string{"grip"},
		"Outline": []string{"Intro"}, "Words": 1500, "Tone": "", "Audience": ""},
	ai.PromptImagePrompts: {"Title": "Best Trail Shoes", "Keyword": "trail shoes", "Excerpt": "A guide.", "Count": 3, "Style": "photo"},
	ai.PromptReparse:      {"Title": "Best Trail Shoes", "HTML": "<h1>x</h1><p>y</p>"},
	ai.PromptMeta:         {"Title": "Best Trail Shoes", "Keyword": "trail shoes", "Excerpt": ""},
}

func TestDefaultPromptsRender(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	if len(promptVars) != len(ai.DefaultPrompts) {
		t.Fatalf("%d prompt types tested, %d seeded", len(promptVars), len(ai.DefaultPrompts))
	}
	for _, p := range ai.DefaultPrompts {
		sys, user, err := ai.RenderPrompt(app, "", p.Type, promptVars[p.Type])
		if err != nil {
			t.Fatalf("%s: %v", p.Type, err)
		}
		if sys == "" || user == "" || strings.Contains(user, "<no value>") {
			t.Fatalf("%s rendered %q / %q", p.Type, sys, user)
		}
	}
	_, user, _ := ai.RenderPrompt(app, "", ai.PromptClustering, promptVars[ai.PromptClustering])
	if !strings.Contains(user, "- trail shoes\n- marathon plan") || !strings.Contains(user, "at most 5 clusters") {
		t.Fatalf("clustering prompt: %s", user)
	}
	// a missing variable is an error, not "<no value>" sent to a model
	if _, _, err := ai.RenderPrompt(app, "", ai.PromptMeta, map[string]any{"Title": "x"}); err == nil || !strings.Contains(err.Error(), "Keyword") {
		t.Fatalf("missing variable: %v", err)
	}
	if _, _, err := ai.RenderPrompt(app, "", "nope", nil); !errors.Is(err, ai.ErrPromptNotFound) {
		t.Fatalf("unknown type: %v", err)
	}
}

func TestWorkspaceOverrideWins(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	col, _ := app.FindCollectionByNameOrId(collections.Prompts)
	add := func(tenant string, active bool, tmpl string) {
		r := core.NewRecord(col)
		r.Load(map[string]any{"tenant": tenant, "type": ai.PromptMeta, "name": "custom", "template": tmpl, "system": "sys {{.Title}}", "active": active})
		// without validation: a broken override stored before validation existed
		if err := app.SaveNoValidate(r); err != nil {
			t.Fatal(err)
		}
	}
	add(testapp.TenantId(testapp.A), false, "inactive {{.Title}}")
	vars := promptVars[ai.PromptMeta]
	if _, u, _ := ai.RenderPrompt(app, testapp.TenantId(testapp.A), ai.PromptMeta, vars); strings.Contains(u, "inactive") {
		t.Fatal("inactive override used")
	}
	add(testapp.TenantId(testapp.A), true, "A's meta for {{.Title}}")
	sys, u, err := ai.RenderPrompt(app, testapp.TenantId(testapp.A), ai.PromptMeta, vars)
	if err != nil || u != "A's meta for Best Trail Shoes" || sys != "sys Best Trail Shoes" {
		t.Fatalf("%q %q %v", sys, u, err)
	}
	// B and platform calls keep the system default
	for _, tenant := range []string{testapp.TenantId(testapp.B), ""} {
		if _, u, _ := ai.RenderPrompt(app, tenant, ai.PromptMeta, vars); strings.Contains(u, "A's meta") || !strings.Contains(u, "meta title") {
			t.Fatalf("tenant %q got %q", tenant, u)
		}
	}
	// a broken override fails with a clear error instead of silently using the default
	add(testapp.TenantId(testapp.B), true, "{{.Title")
	if _, _, err := ai.RenderPrompt(app, testapp.TenantId(testapp.B), ai.PromptMeta, vars); err == nil || !strings.Contains(err.Error(), "does not parse") {
		t.Fatalf("broken override: %v", err)
	}
	if ai.ValidatePrompt("{{.Title") == nil || ai.ValidatePrompt("{{bullets .Keywords}}") != nil {
		t.Fatal("ValidatePrompt")
	}
}
