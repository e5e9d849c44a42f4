package ai

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// budgetVars are variables an attacker controls in the playground: a 200-item
// list, a large number and a long string.
func budgetVars() map[string]any {
	l := make([]string, 200)
	for i := range l {
		l[i] = strings.Repeat("y", 20)
	}
	return map[string]any{"L": l, "N": 1_000_000_000, "S": strings.Repeat("s", 4096), "Title": "t"}
}

// frozenClock never moves, so only the step and size budgets can stop a render.
func frozenClock() func() time.Time {
	at := time.Now()
	return func() time.Time { return at }
}

// steppingClock moves by d every time it is read.
func steppingClock(d time.Duration) func() time.Time {
	at := time.Now()
	return func() time.Time { at = at.Add(d); return at }
}

// TestPromptBudgets: every way to make a template grow or spin ends in
// ErrPromptBudget (refused when parsed, or stopped while rendering), and
// ordinary templates, the defaults among them, still render.
func TestPromptBudgets(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ name, text, want string }{
		{"three nested ranges (issue 11)", `{{range .L}}{{range $.L}}{{range $.L}}xxxxxxxxxx{{end}}{{end}}{{end}}`, "ranges nested 3 deep"},
		{"ranges hidden in if and else", `{{range .L}}{{if .}}{{else}}{{range $.L}}{{with .}}{{range $.L}}x{{end}}{{end}}{{end}}{{end}}{{end}}`, "ranges nested 3 deep"},
		{"wide output", `{{range .L}}{{range $.L}}{{$.S}}{{end}}{{end}}`, "more than 1048576 bytes"},
		{"a silent loop over a number", `{{range .N}}{{end}}`, "loop steps"},
		{"a silent nested loop", `{{range .L}}{{range $.N}}{{end}}{{end}}`, "loop steps"},
		{"a string doubled in a loop", `{{$x := .S}}{{range .L}}{{$x = printf "%s%s" $x $x}}{{end}}`, "more than 1048576 bytes"},
		{"doubled by print", `{{$x := .S}}{{range .L}}{{$x = print $x $x}}{{end}}`, "more than 1048576 bytes"},
		{"doubled by join", `{{$x := .S}}{{range .L}}{{$x = join (slice $.L 0 2) $x}}{{$x = upper (printf "%s%s" $x $x)}}{{end}}`, "more than 1048576 bytes"},
		{"recursive sub-templates", `{{define "a"}}{{template "a" .}}{{template "a" .}}{{end}}{{template "a" .}}`, "define and block"},
		{"block", `{{block "a" .}}x{{end}}`, "define and block"},
		{"deep ifs", strings.Repeat("{{if .Title}}", 7) + "x" + strings.Repeat("{{end}}", 7), "blocks nested 7 deep"},
		{"huge template", strings.Repeat("{{.Title}}", PromptMaxNodes+1), "template elements"},
	} {
		_, err := renderBudgetedOn(frozenClock(), c.name, c.text, budgetVars())
		if !errors.Is(err, ErrPromptBudget) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want ErrPromptBudget (%s)", c.name, err, c.want)
		}
	}
	for _, c := range []struct{ text, want string }{
		{`{{range .L}}{{range $.L}}{{end}}{{end}}done`, "done"},
		{`{{range $i, $x := .L}}{{if lt $i 2}}{{$x}},{{end}}{{end}}`, "yyyyyyyyyyyyyyyyyyyy,yyyyyyyyyyyyyyyyyyyy,"},
		{`{{upper .Title}} {{bullets (slice .L 0 1)}} {{len .L}} {{printf "%03d" 7}}`, "T - yyyyyyyyyyyyyyyyyyyy 200 007"},
	} {
		if out, err := renderBudgeted("ok", c.text, budgetVars()); err != nil || out != c.want {
			t.Errorf("%s: %q, %v; want %q", c.text, out, err, c.want)
		}
	}
	// the time budget stops a render that is slow for any other reason
	if _, err := renderBudgetedOn(steppingClock(time.Second), "slow", `{{range .L}}{{range $.L}}{{end}}{{end}}`, budgetVars()); !errors.Is(err, ErrPromptBudget) || !strings.Contains(err.Error(), "longer than") {
		t.Errorf("slow render: %v, want ErrPromptBudget (longer than)", err)
	}
	for _, p := range DefaultPrompts {
		if err := ValidatePrompt(p.Template); err != nil {
			t.Errorf("default %s: %v", p.Type, err)
		}
		if err := ValidatePrompt(p.System); err != nil {
			t.Errorf("default %s system: %v", p.Type, err)
		}
	}
	if err := ValidatePrompt(`{{range .L}}{{range $.L}}{{range $.L}}x{{end}}{{end}}{{end}}`); !errors.Is(err, ErrPromptBudget) {
		t.Errorf("ValidatePrompt accepted the attack: %v", err)
	}
}
