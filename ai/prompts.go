package ai

import (
	"errors"
	"fmt"
	"strings"
	"text/template"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// Prompt types seeded as system defaults (docs/PROMPTS.md lists their variables).
const (
	PromptClustering     = "clustering"
	PromptIdeas          = "ideas"
	PromptContentOutline = "content_outline"
	PromptContentSection = "content_section"
	PromptContent        = "content"
	PromptImagePrompts   = "image_prompts"
	PromptReparse        = "reparse"
	PromptMeta           = "meta"
)

// ErrPromptNotFound means neither the workspace nor the system has an active
// prompt of the type.
var ErrPromptNotFound = errors.New("ai: no active prompt of this type")

// promptFuncs are available in every prompt template.
var promptFuncs = template.FuncMap{
	"join":    strings.Join,
	"upper":   strings.ToUpper,
	"lower":   strings.ToLower,
	"trim":    strings.TrimSpace,
	"bullets": bullets,
	"default": func(def, v any) any {
		if v == nil || v == "" || v == 0 {
			return def
		}
		return v
	},
}

// bullets renders a list as "- item" lines (the dev provider reads them too).
func bullets(items any) string {
	var parts []string
	switch v := items.(type) {
	case []string:
		parts = v
	case []any:
		for _, x := range v {
			parts = append(parts, fmt.Sprint(x))
		}
	case nil:
	default:
		parts = []string{fmt.Sprint(v)}
	}
	var b strings.Builder
	for _, p := range parts {
		b.WriteString("- ")
		b.WriteString(strings.ReplaceAll(strings.TrimSpace(p), "\n", " "))
		b.WriteByte('\n')
	}
	return strings.TrimRight(b.String(), "\n")
}

// FindPrompt returns the workspace's active prompt of promptType, else the
// active system default (tenant empty).
func FindPrompt(app core.App, tenant, promptType string) (*core.Record, error) {
	if tenant != "" {
		recs, err := app.FindRecordsByFilter(collections.Prompts, "tenant = {:t} && type = {:type} && active = true",
			"-updated", 1, 0, dbx.Params{"t": tenant, "type": promptType})
		if err == nil && len(recs) > 0 {
			return recs[0], nil
		}
	}
	recs, err := app.FindRecordsByFilter(collections.Prompts, "tenant = '' && type = {:type} && active = true",
		"-updated", 1, 0, dbx.Params{"type": promptType})
	if err != nil || len(recs) == 0 {
		return nil, fmt.Errorf("%w: %q", ErrPromptNotFound, promptType)
	}
	return recs[0], nil
}

// RenderPrompt executes the prompt of promptType for tenant (its active
// override, else the system default) with vars, giving the system and user
// messages. A variable the template uses but vars lacks is an error, so a
// broken override fails loudly instead of sending "<no value>" to a model.
func RenderPrompt(app core.App, tenant, promptType string, vars any) (system, user string, err error) {
	rec, err := FindPrompt(app, tenant, promptType)
	if err != nil {
		return "", "", err
	}
	name := fmt.Sprintf("%s/%s", promptType, rec.Id)
	if system, err = execPrompt(name+"/system", rec.GetString("system"), vars); err != nil {
		return "", "", err
	}
	if user, err = execPrompt(name, rec.GetString("template"), vars); err != nil {
		return "", "", err
	}
	return system, user, nil
}

func execPrompt(name, text string, vars any) (string, error) {
	if strings.TrimSpace(text) == "" {
		return "", nil
	}
	out, err := renderBudgeted(name, text, vars)
	if err != nil {
		if errors.Is(err, ErrPromptBudget) {
			return "", fmt.Errorf("ai: prompt %s: %w", name, err)
		}
		var ee template.ExecError
		if !errors.As(err, &ee) {
			return "", fmt.Errorf("ai: prompt %s does not parse: %w", name, err)
		}
		return "", fmt.Errorf("ai: prompt %s: %w", name, err)
	}
	return strings.TrimSpace(out), nil
}

// ValidatePrompt parses a template and checks it against the prompt budgets
// (no sub-templates, bounded nesting and size; see [ErrPromptBudget]), so a
// broken or unbounded workspace override is never saved. The prompts
// collection's validate hook and the thinker's save route both call it.
func ValidatePrompt(text string) error {
	_, err := parsePrompt("check", text, newRenderBudget(time.Now).funcs())
	return err
}

// CodeUnknownVariable is the field error code of a template reading a
// variable its prompt type does not have.
const CodeUnknownVariable = "igny8_unknown_variable"

// validatePromptRecord checks a prompt record's templates before any save
// (and a workspace override's variable names).
func validatePromptRecord(e *core.RecordEvent) error {
	errs := validation.Errors{}
	for _, field := range []string{"template", "system"} {
		if err := ValidatePrompt(e.Record.GetString(field)); err != nil {
			errs[field] = validation.NewError("igny8_template", err.Error())
		} else if e.Record.GetString("tenant") != "" {
			// a workspace's override must read only what its callers pass
			if err := CheckPromptVars(e.Record.GetString("type"), e.Record.GetString(field)); err != nil {
				errs[field] = validation.NewError(CodeUnknownVariable, err.Error())
			}
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return e.Next()
}

// Messages is a shortcut: RenderPrompt as chat messages.
func Messages(app core.App, tenant, promptType string, vars any) ([]Message, error) {
	sys, user, err := RenderPrompt(app, tenant, promptType, vars)
	if err != nil {
		return nil, err
	}
	var msgs []Message
	if sys != "" {
		msgs = append(msgs, Message{Role: "system", Content: sys})
	}
	return append(msgs, Message{Role: "user", Content: user}), nil
}
