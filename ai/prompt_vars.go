package ai

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"text/template/parse"
	"time"
)

// Kinds of prompt variables: what the callers pass, so a form (the Thinker's
// playground) can offer the right input.
const (
	VarText   = "text"
	VarNumber = "number"
	VarList   = "list"
)

// PromptVar is one variable a prompt type's templates may use.
type PromptVar struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
	Help string `json:"help"`
}

// ErrUnknownVariable means a template reads a variable its prompt type's
// callers never pass: it would fail at every run (missingkey=error), so an
// override using one is refused when saved.
var ErrUnknownVariable = errors.New("ai: the template uses a variable this prompt does not have")

// The variables the writer passes to every article prompt (writer.baseVars).
var articleVars = []PromptVar{
	{"Title", VarText, "the article's title"},
	{"Keyword", VarText, "its primary keyword"},
	{"Keywords", VarList, "its other target keywords"},
	{"Words", VarNumber, "the target length in words"},
	{"Tone", VarText, "the task's tone, else its persona's"},
	{"Audience", VarText, "the persona's audience"},
	{"Site", VarText, "the site's name"},
}

// PromptVars lists, per prompt type, exactly what the pipeline passes when it
// renders that type (planner/cluster_ai.go, planner/ideas_job.go, writer/):
// the Thinker shows it beside the editor and refuses overrides that read
// anything else. Keep it in step with the callers and docs/PROMPTS.md.
var PromptVars = map[string][]PromptVar{
	PromptClustering: {
		{"Site", VarText, "the site's name"},
		{"Niche", VarText, "the site's niche"},
		{"Keywords", VarList, "the keywords to group"},
		{"MaxClusters", VarNumber, "at most this many clusters"},
		{"Existing", VarList, "names of the site's existing clusters"},
	},
	PromptIdeas: {
		{"Site", VarText, "the site's name"},
		{"Niche", VarText, "the site's niche"},
		{"Cluster", VarText, "the cluster's name"},
		{"Description", VarText, "the cluster's intent"},
		{"Keywords", VarList, "the cluster's keywords"},
		{"Count", VarNumber, "how many ideas to propose"},
		{"Existing", VarList, "titles of existing ideas to avoid"},
	},
	PromptContentOutline: articleVars,
	PromptContentSection: append(slices.Clone(articleVars),
		PromptVar{"Heading", VarText, "the section's H2"},
		PromptVar{"Subheadings", VarList, "the section's H3s"},
		PromptVar{"Outline", VarList, "every H2 of the article"},
	),
	PromptContent: append(slices.Clone(articleVars),
		PromptVar{"Outline", VarList, "the article's H2s"},
	),
	PromptImagePrompts: {
		{"Title", VarText, "the article's title"},
		{"Keyword", VarText, "its primary keyword"},
		{"Excerpt", VarText, "the start of the article"},
		{"Count", VarNumber, "how many image prompts"},
		{"Style", VarText, "the image style"},
	},
	PromptReparse: {
		{"Title", VarText, "the article's title"},
		{"HTML", VarText, "the article's HTML to clean"},
	},
	PromptMeta: append(slices.Clone(articleVars),
		PromptVar{"Excerpt", VarText, "the start of the article"},
	),
}

// VariablesOf is the variable list of promptType (nil for a type without one,
// whose templates are then not checked for names).
func VariablesOf(promptType string) []PromptVar {
	return PromptVars[promptType]
}

// CheckPromptVars parses text and refuses a variable promptType's callers do
// not pass ({{.Titel}} for {{.Title}}), naming the ones it may use. Fields
// read inside range and with blocks are relative to their element and are not
// checked; $.Name is. A type without a list accepts any name.
func CheckPromptVars(promptType, text string) error {
	known := PromptVars[promptType]
	if known == nil || strings.TrimSpace(text) == "" {
		return nil
	}
	t, err := parsePrompt("check", text, newRenderBudget(time.Now).funcs())
	if err != nil {
		return err
	}
	if t.Tree == nil || t.Tree.Root == nil {
		return nil
	}
	var unknown []string
	w := varWalker{seen: func(name string) {
		if !slices.ContainsFunc(known, func(v PromptVar) bool { return v.Name == name }) && !slices.Contains(unknown, name) {
			unknown = append(unknown, name)
		}
	}}
	w.list(t.Tree.Root, true)
	if len(unknown) == 0 {
		return nil
	}
	names := make([]string, len(known))
	for i, v := range known {
		names[i] = v.Name
	}
	return fmt.Errorf("%w: .%s (the %s prompt can use %s)", ErrUnknownVariable, strings.Join(unknown, ", ."), promptType, strings.Join(names, ", "))
}

// varWalker reports the top-level variable names a parse tree reads. top says
// whether dot is still the variables map (outside range/with bodies).
type varWalker struct{ seen func(string) }

func (w varWalker) list(l *parse.ListNode, top bool) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		w.node(n, top)
	}
}

func (w varWalker) node(n parse.Node, top bool) {
	switch n := n.(type) {
	case *parse.ActionNode:
		w.pipe(n.Pipe, top)
	case *parse.IfNode:
		w.pipe(n.Pipe, top)
		w.list(n.List, top)
		w.list(n.ElseList, top)
	case *parse.RangeNode:
		w.pipe(n.Pipe, top)
		w.list(n.List, false)
		w.list(n.ElseList, top)
	case *parse.WithNode:
		w.pipe(n.Pipe, top)
		w.list(n.List, false)
		w.list(n.ElseList, top)
	case *parse.ListNode:
		w.list(n, top)
	}
}

func (w varWalker) pipe(p *parse.PipeNode, top bool) {
	if p == nil {
		return
	}
	for _, c := range p.Cmds {
		for _, a := range c.Args {
			w.arg(a, top)
		}
	}
}

func (w varWalker) arg(a parse.Node, top bool) {
	switch a := a.(type) {
	case *parse.FieldNode:
		if top && len(a.Ident) > 0 {
			w.seen(a.Ident[0])
		}
	case *parse.VariableNode:
		if len(a.Ident) > 1 && a.Ident[0] == "$" {
			w.seen(a.Ident[1])
		}
	case *parse.ChainNode:
		w.arg(a.Node, top)
	case *parse.PipeNode:
		w.pipe(a, top)
	}
}
