package workspaces

import (
	"errors"
	"net/http"
	"regexp"
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

// Limits of a workspace's name and slug (collections/tenants.go).
const (
	maxWorkspaceName = 120
	maxSlug          = 80
	minSlug          = 2
)

// CodeSlugTaken is the field error of a slug another workspace has.
const CodeSlugTaken = "igny8_slug_taken"

var slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// renameWorkspace changes a workspace's name and/or slug (owners). The slug
// is the workspace's address in the web app (/t/<slug>/), so it changes only
// here, checked for shape and uniqueness; the collections API refuses it.
func renameWorkspace(e *core.RequestEvent) error {
	tenantId := e.Request.PathValue("tenant")
	if _, err := tenancy.RequireWrite(e, tenantId, collections.RoleOwner); err != nil {
		return err
	}
	var body struct {
		Name *string `json:"name"`
		Slug *string `json:"slug"`
	}
	if err := e.BindBody(&body); err != nil {
		return apis.NewBadRequestError("The request body is not valid JSON.", err)
	}
	tenant, err := e.App.FindRecordById(collections.Tenants, tenantId)
	if err != nil {
		return tenancy.APIError(tenancy.ErrNotFound)
	}
	errs := map[string]string{}
	if body.Name != nil {
		name := strings.TrimSpace(*body.Name)
		switch {
		case name == "":
			errs["name"] = "Cannot be blank."
		case len([]rune(name)) > maxWorkspaceName:
			errs["name"] = "At most 120 characters."
		case strings.ContainsAny(name, "<>"):
			errs["name"] = "No angle brackets."
		default:
			tenant.Set("name", name)
		}
	}
	if body.Slug != nil {
		slug := strings.TrimSpace(*body.Slug)
		switch {
		case len(slug) < minSlug || len(slug) > maxSlug || !slugPattern.MatchString(slug):
			errs["slug"] = "2 to 80 lowercase letters, digits and hyphens, starting with a letter or digit."
		case slug != tenant.GetString("slug"):
			n, err := e.App.CountRecords(collections.Tenants, dbx.HashExp{"slug": slug})
			if err != nil {
				return err
			}
			if n > 0 {
				return apis.NewBadRequestError("That address is taken.",
					validation.Errors{"slug": validation.NewError(CodeSlugTaken, "Another workspace uses this address; pick another.")})
			}
			tenant.Set("slug", slug)
		}
	}
	if len(errs) > 0 {
		return apis.NewBadRequestError("The workspace settings are not valid.", fieldErrors(errs))
	}
	if err := e.App.Save(tenant); err != nil {
		if strings.Contains(err.Error(), "UNIQUE") || strings.Contains(err.Error(), "validation_not_unique") {
			return apis.NewBadRequestError("That address is taken.",
				validation.Errors{"slug": validation.NewError(CodeSlugTaken, "Another workspace uses this address; pick another.")})
		}
		return apis.NewBadRequestError("Could not save the workspace.", err)
	}
	hooks.Audit(e.App, e.Auth, tenantId, "workspace.rename", tenant, map[string]any{"name": tenant.GetString("name"), "slug": tenant.GetString("slug")})
	return e.JSON(http.StatusOK, map[string]any{"id": tenant.Id, "name": tenant.GetString("name"), "slug": tenant.GetString("slug")})
}

// modelChoice is one task's row in Settings > Models.
type modelChoice struct {
	Task    string        `json:"task"`
	Model   string        `json:"model"` // the workspace's default, "" = the operator's order
	Choices []modelOption `json:"choices"`
}

type modelOption struct {
	Name     string `json:"name"`
	Label    string `json:"label"`
	Provider string `json:"provider"`
}

// listModels answers the workspace's default model per task with the models
// it may pick from (viewers read).
func listModels(e *core.RequestEvent) error {
	tenantId := e.Request.PathValue("tenant")
	if _, err := tenancy.RequireAPI(e, tenantId, collections.RoleViewer); err != nil {
		return err
	}
	tenant, err := e.App.FindRecordById(collections.Tenants, tenantId)
	if err != nil {
		return tenancy.APIError(tenancy.ErrNotFound)
	}
	return modelsAnswer(e, tenant)
}

func modelsAnswer(e *core.RequestEvent, tenant *core.Record) error {
	chosen := ai.WorkspaceModels(tenant)
	items := make([]modelChoice, 0, len(ai.ChoosableTasks))
	for _, task := range ai.ChoosableTasks {
		ms, err := ai.ModelChoices(e.App, task)
		if err != nil {
			return err
		}
		row := modelChoice{Task: string(task), Model: chosen[task], Choices: make([]modelOption, 0, len(ms))}
		for _, m := range ms {
			row.Choices = append(row.Choices, modelOption{Name: m.Name, Label: m.Label, Provider: m.Provider})
		}
		items = append(items, row)
	}
	return e.JSON(http.StatusOK, map[string]any{"items": items, "offline": ai.Offline(e.App, tenant.Id)})
}

// setModels stores the workspace's default model per task (admins, like the
// prompts): {models: {task: name, ...}}, "" for the operator's order. The
// jobs' AI calls try the chosen model first (ai.preferWorkspace).
func setModels(e *core.RequestEvent) error {
	tenantId := e.Request.PathValue("tenant")
	if _, err := tenancy.RequireWrite(e, tenantId, collections.RoleAdmin); err != nil {
		return err
	}
	var body struct {
		Models map[string]string `json:"models"`
	}
	if err := e.BindBody(&body); err != nil || body.Models == nil {
		return apis.NewBadRequestError(`Send {"models": {"content": "model name", ...}}.`, nil)
	}
	tenant, err := e.App.FindRecordById(collections.Tenants, tenantId)
	if err != nil {
		return tenancy.APIError(tenancy.ErrNotFound)
	}
	// one task at a time, so each refusal lands at its own field
	errs := validation.Errors{}
	for task, name := range body.Models {
		if err := ai.SetWorkspaceModels(e.App, tenant, map[string]string{task: name}); err != nil {
			if !errors.Is(err, ai.ErrModelChoice) {
				return err
			}
			errs[task] = validation.NewError("igny8_model", strings.TrimPrefix(err.Error(), "ai: "))
		}
	}
	if len(errs) > 0 {
		return apis.NewBadRequestError("A model is not offered for its task on this server.", errs)
	}
	if err := e.App.Save(tenant); err != nil {
		return apis.NewBadRequestError("Could not save the models.", err)
	}
	hooks.Audit(e.App, e.Auth, tenantId, "workspace.models", tenant, body.Models)
	return modelsAnswer(e, tenant)
}
