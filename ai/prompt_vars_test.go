package ai_test

import (
	"errors"
	"testing"

	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/core"
)

// TestCheckPromptVars: names the type's callers pass are accepted, others
// refused wherever dot is the variables (actions, if, pipes, $ inside
// blocks); a range or with body reads its element.
func TestCheckPromptVars(t *testing.T) {
	t.Parallel()
	cases := []struct {
		typ, text string
		bad       bool
	}{
		{ai.PromptMeta, "Meta for {{.Title}} / {{.Keyword}} {{if .Excerpt}}{{.Excerpt}}{{end}}", false},
		{ai.PromptMeta, "Meta for {{.Titel}}", true},
		{ai.PromptMeta, "{{if .Tone}}x{{else}}{{.Mood}}{{end}}", true},
		{ai.PromptMeta, "{{upper .Title | printf \"%s\" }} {{default \"x\" .Nope}}", true},
		{ai.PromptClustering, "{{range .Keywords}}{{.}}{{.Whatever}}{{end}}", false},
		{ai.PromptClustering, "{{range .Keywords}}{{$.Site}}{{end}}", false},
		{ai.PromptClustering, "{{range .Keywords}}{{$.Sight}}{{end}}", true},
		{ai.PromptClustering, "{{with .Niche}}{{.}}{{else}}{{.Nich}}{{end}}", true},
		{ai.PromptClustering, "{{$k := .Keywords}}{{range $k}}{{.}}{{end}}", false},
		{"custom_type", "{{.Anything}}", false},
	}
	for _, c := range cases {
		err := ai.CheckPromptVars(c.typ, c.text)
		if c.bad != errors.Is(err, ai.ErrUnknownVariable) {
			t.Errorf("%s %q: err %v, want unknown variable %v", c.typ, c.text, err, c.bad)
		}
	}
	// every default prompt reads only its own variables
	for _, d := range ai.DefaultPrompts {
		for _, text := range []string{d.Template, d.System} {
			if err := ai.CheckPromptVars(d.Type, text); err != nil {
				t.Errorf("default %s: %v", d.Type, err)
			}
		}
	}
}

// TestOverrideVariablesCheckedOnEverySave: the prompts collection's validate
// hook refuses a workspace override reading an unknown variable however it is
// saved (here straight through the app, as the collections API does).
func TestOverrideVariablesCheckedOnEverySave(t *testing.T) {
	t.Parallel()
	app, _ := setup(t)
	col, err := app.FindCollectionByNameOrId(collections.Prompts)
	if err != nil {
		t.Fatal(err)
	}
	rec := core.NewRecord(col)
	rec.Load(map[string]any{"tenant": testapp.TenantId(testapp.A), "type": ai.PromptMeta, "name": "x", "template": "{{.Titel}}", "active": true})
	if err := app.Save(rec); err == nil {
		t.Fatal("an override reading .Titel was saved")
	}
	rec.Set("template", "{{.Title}}")
	if err := app.Save(rec); err != nil {
		t.Fatal(err)
	}
}
