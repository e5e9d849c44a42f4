package ai

import (
	"errors"
	"fmt"
	"strings"
	"text/template"
	"text/template/parse"
	"time"
)

// Budgets of one prompt template. A workspace writes its own templates and
// the playground renders them with caller-supplied variables, so a template
// is hostile input: three nested ranges over a 200-item list once asked for
// 24 GB and took the server down for every tenant. Validation refuses what
// cannot be bounded cheaply (deep nesting, sub-templates), and every render
// runs on a budget of bytes, loop steps and time that fails with
// [ErrPromptBudget] instead of growing.
const (
	// PromptMaxBytes bounds a rendered template (and every string a function
	// inside it builds): far above any real prompt, far below harm.
	PromptMaxBytes = 1 << 20
	// PromptMaxSteps bounds range iterations of one render.
	PromptMaxSteps = 200_000
	// PromptMaxTime bounds one render's wall time.
	PromptMaxTime = 2 * time.Second
	// PromptMaxRangeDepth is how deep ranges may nest (a list of lists).
	PromptMaxRangeDepth = 2
	// PromptMaxDepth is how deep if/with/range blocks may nest.
	PromptMaxDepth = 6
	// PromptMaxNodes bounds a template's size in parse nodes.
	PromptMaxNodes = 5000
)

// ErrPromptBudget means a template is refused, or its render stopped, because
// it exceeds one of the budgets above.
var ErrPromptBudget = errors.New("the prompt exceeds its budget")

// stepFunc is the function guardRanges calls at the start of every range
// iteration; its name cannot clash with a template's own identifiers.
const stepFunc = "igny8__step"

// renderBudget is the state of one render: bytes produced (written or built
// by a function), range steps taken, and the deadline.
type renderBudget struct {
	bytes, steps int
	deadline     time.Time
	now          func() time.Time
}

// newRenderBudget starts a budget on the clock now (time.Now in production;
// tests pass their own so the step and size budgets are checked without a
// loaded machine's slowness reaching the time budget first).
func newRenderBudget(now func() time.Time) *renderBudget {
	return &renderBudget{deadline: now().Add(PromptMaxTime), now: now}
}

// charge counts n more bytes of output (or of a function's result).
func (b *renderBudget) charge(n int) error {
	b.bytes += n
	if b.bytes > PromptMaxBytes {
		return fmt.Errorf("%w: more than %d bytes", ErrPromptBudget, PromptMaxBytes)
	}
	if b.now().After(b.deadline) {
		return fmt.Errorf("%w: rendering took longer than %s", ErrPromptBudget, PromptMaxTime)
	}
	return nil
}

func (b *renderBudget) step() (string, error) {
	b.steps++
	if b.steps > PromptMaxSteps {
		return "", fmt.Errorf("%w: more than %d loop steps", ErrPromptBudget, PromptMaxSteps)
	}
	if b.steps%256 == 0 && b.now().After(b.deadline) {
		return "", fmt.Errorf("%w: rendering took longer than %s", ErrPromptBudget, PromptMaxTime)
	}
	return "", nil
}

// Write makes the budget the render's writer: it keeps the text and fails on
// overflow, which stops text/template's execution at once.
type budgetWriter struct {
	b   *renderBudget
	buf strings.Builder
}

func (w *budgetWriter) Write(p []byte) (int, error) {
	if err := w.b.charge(len(p)); err != nil {
		return 0, err
	}
	return w.buf.Write(p)
}

// funcs returns the prompt functions, and text/template's builtins that build
// strings, wrapped so what they return is charged to the budget (a variable
// doubled in a loop never reaches the writer but still takes memory).
func (b *renderBudget) funcs() template.FuncMap {
	str := func(f func(args ...any) string) func(args ...any) (string, error) {
		return func(args ...any) (string, error) {
			s := f(args...)
			return s, b.charge(len(s))
		}
	}
	fm := template.FuncMap{
		"printf": func(format string, args ...any) (string, error) {
			s := fmt.Sprintf(format, args...)
			return s, b.charge(len(s))
		},
		"print":    str(fmt.Sprint),
		"println":  str(fmt.Sprintln),
		"html":     str(func(a ...any) string { return template.HTMLEscapeString(fmt.Sprint(a...)) }),
		"js":       str(func(a ...any) string { return template.JSEscapeString(fmt.Sprint(a...)) }),
		"urlquery": str(func(a ...any) string { return template.URLQueryEscaper(a...) }),
		"join": func(items []string, sep string) (string, error) {
			s := strings.Join(items, sep)
			return s, b.charge(len(s))
		},
		"upper":   func(s string) (string, error) { return strings.ToUpper(s), b.charge(len(s)) },
		"lower":   func(s string) (string, error) { return strings.ToLower(s), b.charge(len(s)) },
		"bullets": func(v any) (string, error) { s := bullets(v); return s, b.charge(len(s)) },
		stepFunc:  b.step,
	}
	for name, fn := range promptFuncs {
		if _, ok := fm[name]; !ok {
			fm[name] = fn // trim, default: no larger than their input
		}
	}
	return fm
}

// parsePrompt parses text with fm and checks it against the static budgets.
func parsePrompt(name, text string, fm template.FuncMap) (*template.Template, error) {
	t, err := template.New(name).Funcs(fm).Option("missingkey=error").Parse(text)
	if err != nil {
		return nil, err
	}
	if len(t.Templates()) > 1 {
		return nil, fmt.Errorf("%w: define and block are not available in prompts", ErrPromptBudget)
	}
	if t.Tree == nil || t.Tree.Root == nil {
		return t, nil
	}
	c := complexity{}
	c.walk(t.Tree.Root, 0, 0)
	if c.err != nil {
		return nil, c.err
	}
	return t, nil
}

// complexity measures a parse tree against the static budgets.
type complexity struct {
	nodes int
	err   error
}

func (c *complexity) walk(n parse.Node, depth, ranges int) {
	if c.err != nil || n == nil {
		return
	}
	c.nodes++
	if c.nodes > PromptMaxNodes {
		c.err = fmt.Errorf("%w: more than %d template elements", ErrPromptBudget, PromptMaxNodes)
		return
	}
	var branch *parse.BranchNode
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return // an absent else branch
		}
		for _, x := range n.Nodes {
			c.walk(x, depth, ranges)
		}
		return
	case *parse.TemplateNode:
		c.err = fmt.Errorf("%w: {{template}} is not available in prompts", ErrPromptBudget)
		return
	case *parse.RangeNode:
		ranges++
		if ranges > PromptMaxRangeDepth {
			c.err = fmt.Errorf("%w: ranges nested %d deep (at most %d)", ErrPromptBudget, ranges, PromptMaxRangeDepth)
			return
		}
		branch = &n.BranchNode
	case *parse.IfNode:
		branch = &n.BranchNode
	case *parse.WithNode:
		branch = &n.BranchNode
	default:
		return
	}
	depth++
	if depth > PromptMaxDepth {
		c.err = fmt.Errorf("%w: blocks nested %d deep (at most %d)", ErrPromptBudget, depth, PromptMaxDepth)
		return
	}
	c.walk(branch.List, depth, ranges)
	c.walk(branch.ElseList, depth, ranges)
}

// guardRanges puts a call of stepFunc at the start of every range body, so a
// loop that writes nothing (a range over a large number, say) still counts
// steps and time.
func guardRanges(n parse.Node) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, x := range n.Nodes {
			guardRanges(x)
		}
	case *parse.RangeNode:
		guardRanges(n.List)
		guardRanges(n.ElseList)
		if n.List != nil {
			n.List.Nodes = append([]parse.Node{stepNode(n.Position())}, n.List.Nodes...)
		}
	case *parse.IfNode:
		guardRanges(n.List)
		guardRanges(n.ElseList)
	case *parse.WithNode:
		guardRanges(n.List)
		guardRanges(n.ElseList)
	}
}

// stepNode is the action {{igny8__step}} (it prints "").
func stepNode(pos parse.Pos) parse.Node {
	id := &parse.IdentifierNode{NodeType: parse.NodeIdentifier, Pos: pos, Ident: stepFunc}
	cmd := &parse.CommandNode{NodeType: parse.NodeCommand, Pos: pos, Args: []parse.Node{id}}
	return &parse.ActionNode{NodeType: parse.NodeAction, Pos: pos, Pipe: &parse.PipeNode{NodeType: parse.NodePipe, Pos: pos, Cmds: []*parse.CommandNode{cmd}}}
}

// renderBudgeted executes text with vars within the budgets.
func renderBudgeted(name, text string, vars any) (string, error) {
	return renderBudgetedOn(time.Now, name, text, vars)
}

// renderBudgetedOn is renderBudgeted on the clock now.
func renderBudgetedOn(now func() time.Time, name, text string, vars any) (string, error) {
	b := newRenderBudget(now)
	t, err := parsePrompt(name, text, b.funcs())
	if err != nil {
		return "", err
	}
	if t.Tree != nil {
		guardRanges(t.Tree.Root)
	}
	w := &budgetWriter{b: b}
	if err := t.Execute(w, vars); err != nil {
		return "", err
	}
	return w.buf.String(), nil
}
