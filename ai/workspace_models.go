package ai

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/pocketbase/core"
)

// SettingsModels is the key of tenants.settings that holds the workspace's
// default model per task ({"content": "gpt-5.4-mini", ...}).
const SettingsModels = "models"

// ChoosableTasks are the tasks a workspace picks a default model for
// (embeddings only serve clustering and are the operator's choice).
var ChoosableTasks = []Task{TaskClustering, TaskIdeas, TaskContent, TaskImagePrompts, TaskImages, TaskReparse}

// ErrModelChoice means a workspace asked for a model the operator does not
// route the task to, or for a task it cannot choose.
var ErrModelChoice = errors.New("ai: not a model for this task")

// ModelChoices are the models a workspace may pick from for task: the
// operator's route for it (IGNY8_AI_MODEL_<TASK>, else the enabled ai_models
// rows listing the task). A workspace reorders that route; it never reaches a
// model the operator did not offer for the task.
func ModelChoices(app core.App, task Task) ([]Model, error) {
	return Route(app, CurrentConfig(app), task, "")
}

// WorkspaceModels reads the workspace's default model per task from its
// settings (unknown tasks dropped).
func WorkspaceModels(tenant *core.Record) map[Task]string {
	var s struct {
		Models map[string]string `json:"models"`
	}
	raw, _ := json.Marshal(tenant.Get("settings"))
	_ = json.Unmarshal(raw, &s)
	out := map[Task]string{}
	for k, v := range s.Models {
		if slices.Contains(ChoosableTasks, Task(k)) && v != "" {
			out[Task(k)] = v
		}
	}
	return out
}

// SetWorkspaceModels validates choices (task → model name, "" = the
// operator's order) against ModelChoices and writes them into the tenant's
// settings, keeping its other keys; the caller saves the record.
func SetWorkspaceModels(app core.App, tenant *core.Record, choices map[string]string) error {
	current := WorkspaceModels(tenant)
	for k, name := range choices {
		task := Task(k)
		if !slices.Contains(ChoosableTasks, task) {
			return fmt.Errorf("%w: %q is not a task with a choosable model", ErrModelChoice, k)
		}
		if name == "" {
			delete(current, task)
			continue
		}
		ms, err := ModelChoices(app, task)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(ms, func(m Model) bool { return m.Name == name }) {
			return fmt.Errorf("%w: %q does not serve %s here", ErrModelChoice, name, task)
		}
		current[task] = name
	}
	settings := map[string]any{}
	raw, _ := json.Marshal(tenant.Get("settings"))
	_ = json.Unmarshal(raw, &settings)
	if settings == nil {
		settings = map[string]any{}
	}
	models := map[string]string{}
	for t, n := range current {
		models[string(t)] = n
	}
	settings[SettingsModels] = models
	tenant.Set("settings", settings)
	return nil
}

// preferWorkspace moves the workspace's default model for task to the front
// of the route (the rest stay as fallbacks). A choice the route no longer
// has (the operator removed or disabled it) is ignored, never added.
func preferWorkspace(app core.App, tenantId string, task Task, route []Model) []Model {
	if tenantId == "" || len(route) < 2 {
		return route
	}
	rec, err := app.FindRecordById(collections.Tenants, tenantId)
	if err != nil {
		return route
	}
	name := WorkspaceModels(rec)[task]
	i := slices.IndexFunc(route, func(m Model) bool { return m.Name == name })
	if name == "" || i <= 0 {
		return route
	}
	out := make([]Model, 0, len(route))
	out = append(out, route[i])
	out = append(out, route[:i]...)
	return append(out, route[i+1:]...)
}

// Offline reports whether the workspace's calls go to the dev provider (no
// AI key on the server nor the workspace, or IGNY8_AI=dev): its model choices
// are kept and apply once a key is set.
func Offline(app core.App, tenantId string) bool {
	cr, err := engineOf(app).credsFor(tenantId)
	return err == nil && cr.dev
}
