package ai

import (
	"errors"
	"testing"
)

// FuzzPromptTemplate renders arbitrary template text with attacker-sized
// variables: it must never panic, never return more than PromptMaxBytes, and
// a template ValidatePrompt accepts must render or fail with an error (never
// hang: the budgets stop it). The seed corpus is the default prompts plus
// testdata/fuzz/FuzzPromptTemplate (replayed by every normal test run).
func FuzzPromptTemplate(f *testing.F) {
	for _, p := range DefaultPrompts {
		f.Add(p.Template)
		f.Add(p.System)
	}
	f.Add(`{{range .L}}{{range $.L}}{{range $.L}}xxxxxxxxxx{{end}}{{end}}{{end}}`)
	f.Add(`{{$x := .S}}{{range .L}}{{$x = printf "%s%s" $x $x}}{{end}}{{$x}}`)
	f.Fuzz(func(t *testing.T, text string) {
		verr := ValidatePrompt(text)
		out, err := renderBudgeted("fuzz", text, budgetVars())
		if len(out) > PromptMaxBytes {
			t.Fatalf("rendered %d bytes, budget %d", len(out), PromptMaxBytes)
		}
		if verr != nil && err == nil {
			t.Fatalf("ValidatePrompt refused (%v) what renders", verr)
		}
		if errors.Is(verr, ErrPromptBudget) && !errors.Is(err, ErrPromptBudget) {
			t.Fatalf("refused for its budget (%v) but rendering says %v", verr, err)
		}
	})
}
