package thinker

import (
	"net/http"
	"strings"

	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/hooks"
	"github.com/igny8/igny8/tenancy"
	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// PromptView is one prompt type as a workspace sees it: the effective prompt
// and whether it is the workspace's override or the system default.
type PromptView struct {
	Type       string `json:"type"`
	Name       string `json:"name"`
	System     string `json:"system"`
	Template   string `json:"template"`
	Overridden bool   `json:"overridden"`
	Id         string `json:"id"`
	// Variables are what the pipeline passes to this type's templates (the
	// only names an override may read).
	Variables []ai.PromptVar `json:"variables"`
	Default   struct {
		System   string `json:"system"`
		Template string `json:"template"`
	} `json:"default"`
}

// listPrompts shows every system prompt type with the workspace's effective
// version (viewers may read).
func listPrompts(e *core.RequestEvent) error {
	tenant := e.Request.PathValue("tenant")
	if _, err := tenancy.RequireAPI(e, tenant, collections.RoleViewer); err != nil {
		return err
	}
	defaults, err := e.App.FindRecordsByFilter(collections.Prompts, "tenant = '' && active = true", "type", 0, 0)
	if err != nil {
		return err
	}
	out := make([]PromptView, 0, len(defaults))
	for _, d := range defaults {
		v := PromptView{Type: d.GetString("type"), Variables: ai.VariablesOf(d.GetString("type"))}
		if v.Variables == nil {
			v.Variables = []ai.PromptVar{}
		}
		v.Default.System, v.Default.Template = d.GetString("system"), d.GetString("template")
		eff, err := ai.FindPrompt(e.App, tenant, v.Type)
		if err != nil {
			eff = d
		}
		v.Name, v.System, v.Template, v.Id = eff.GetString("name"), eff.GetString("system"), eff.GetString("template"), eff.Id
		v.Overridden = eff.GetString("tenant") == tenant
		out = append(out, v)
	}
	return e.JSON(http.StatusOK, map[string]any{"items": out})
}

type promptForm struct {
	Name     string `json:"name"`
	System   string `json:"system"`
	Template string `json:"template"`
}

// savePrompt creates or replaces the workspace's override of a system prompt
// (admins). Templates are parsed first so a broken one is never stored.
func savePrompt(e *core.RequestEvent) error {
	tenant, typ := e.Request.PathValue("tenant"), e.Request.PathValue("type")
	if _, err := tenancy.RequireWrite(e, tenant, collections.RoleAdmin); err != nil {
		return err
	}
	def, err := ai.FindPrompt(e.App, "", typ)
	if err != nil {
		return apis.NewNotFoundError("No system prompt of type "+typ+".", nil)
	}
	var f promptForm
	if err := e.BindBody(&f); err != nil {
		return apis.NewBadRequestError("The request body is not valid JSON.", err)
	}
	if strings.TrimSpace(f.Template) == "" {
		return apis.NewBadRequestError("template is required.", validation.Errors{"template": validation.NewError("validation_required", "Cannot be blank.")})
	}
	for field, text := range map[string]string{"template": f.Template, "system": f.System} {
		if err := ai.ValidatePrompt(text); err != nil {
			return apis.NewBadRequestError("The "+field+" is refused: "+err.Error(),
				validation.Errors{field: validation.NewError("igny8_template", err.Error())})
		}
		if err := ai.CheckPromptVars(typ, text); err != nil {
			return apis.NewBadRequestError("The "+field+" is refused: "+err.Error(),
				validation.Errors{field: validation.NewError(ai.CodeUnknownVariable, err.Error())})
		}
	}
	var rec *core.Record
	err = e.App.RunInTransaction(func(tx core.App) error {
		rec, err = tx.FindFirstRecordByFilter(collections.Prompts, "tenant = {:t} && type = {:type}", dbx.Params{"t": tenant, "type": typ})
		if err != nil {
			col, cerr := tx.FindCachedCollectionByNameOrId(collections.Prompts)
			if cerr != nil {
				return cerr
			}
			rec = core.NewRecord(col)
			rec.Set("tenant", tenant)
			rec.Set("type", typ)
		}
		name := strings.TrimSpace(f.Name)
		if name == "" {
			name = def.GetString("name") + " (workspace)"
		}
		rec.Set("name", name)
		rec.Set("system", f.System)
		rec.Set("template", f.Template)
		rec.Set("active", true)
		return tx.Save(rec)
	})
	if err != nil {
		return apis.NewBadRequestError("Could not save the prompt.", err)
	}
	hooks.Audit(e.App, e.Auth, tenant, "prompt.override", rec, map[string]any{"type": typ})
	return e.JSON(http.StatusOK, rec)
}

// resetPrompt deletes the workspace's overrides of a type, so the system
// default applies again (admins).
func resetPrompt(e *core.RequestEvent) error {
	tenant, typ := e.Request.PathValue("tenant"), e.Request.PathValue("type")
	if _, err := tenancy.RequireWrite(e, tenant, collections.RoleAdmin); err != nil {
		return err
	}
	recs, err := e.App.FindRecordsByFilter(collections.Prompts, "tenant = {:t} && type = {:type}", "", 0, 0, dbx.Params{"t": tenant, "type": typ})
	if err != nil {
		return err
	}
	err = e.App.RunInTransaction(func(tx core.App) error {
		for _, r := range recs {
			if err := tx.Delete(r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	hooks.Audit(e.App, e.Auth, tenant, "prompt.reset", nil, map[string]any{"type": typ, "removed": len(recs)})
	return e.JSON(http.StatusOK, map[string]any{"type": typ, "removed": len(recs)})
}
