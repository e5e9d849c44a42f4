package thinker

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"
)

// PlaygroundCredits is what one playground run costs: one AI call, priced
// like the other single-call action in the cost table (reparse).
var PlaygroundCredits = billing.Cost(billing.ActionReparse, 1)

// Bounds of a playground run: the reply, and the sample variables (the
// rendered prompt itself is bounded by the ai package's prompt budgets).
const (
	PlaygroundMaxTokens    = 4000
	PlaygroundMaxVarsBytes = 64 << 10
)

// playgroundForm is the playground request: a prompt type (rendered with the
// workspace's effective prompt: its override, else the system default), sample
// variables, and optionally a model from ai_models.
type playgroundForm struct {
	Tenant    string         `json:"tenant"`
	Type      string         `json:"type"`
	Vars      map[string]any `json:"vars"`
	Model     string         `json:"model"`
	MaxTokens int            `json:"max_tokens"`
	// Source picks the prompt: "" or "workspace" (the override, else the
	// default) or "default" (the system default even when overridden), so the
	// Thinker can run both side by side.
	Source string `json:"source"`
}

// Playground prompt sources.
const (
	SourceWorkspace = "workspace"
	SourceDefault   = "default"
)

// taskOf maps a prompt type to the AI task whose route serves it.
func taskOf(promptType string) ai.Task {
	switch {
	case promptType == ai.PromptClustering:
		return ai.TaskClustering
	case promptType == ai.PromptIdeas:
		return ai.TaskIdeas
	case promptType == ai.PromptImagePrompts:
		return ai.TaskImagePrompts
	case promptType == ai.PromptReparse:
		return ai.TaskReparse
	default:
		return ai.TaskContent
	}
}

// playground renders a prompt with sample variables and runs it (editors).
// The run is paid like a job: credits are reserved first, committed when the
// model answered and refunded when it did not.
func playground(e *core.RequestEvent) error {
	var f playgroundForm
	if err := e.BindBody(&f); err != nil {
		return apis.NewBadRequestError("The request body is not valid JSON.", err)
	}
	if _, err := tenancy.RequireWrite(e, f.Tenant, collections.RoleEditor); err != nil {
		return err
	}
	if strings.TrimSpace(f.Type) == "" {
		return apis.NewBadRequestError("type is required (a prompt type such as content_section).", nil)
	}
	if f.Vars == nil {
		f.Vars = map[string]any{}
	}
	if raw, err := json.Marshal(f.Vars); err != nil || len(raw) > PlaygroundMaxVarsBytes {
		return apis.NewBadRequestError(fmt.Sprintf("vars are limited to %d bytes of JSON.", PlaygroundMaxVarsBytes), nil)
	}
	promptTenant := f.Tenant
	switch f.Source {
	case "", SourceWorkspace:
	case SourceDefault:
		promptTenant = "" // RenderPrompt with no workspace finds the system default
	default:
		return apis.NewBadRequestError(`source is "workspace" or "default".`, nil)
	}
	system, user, err := ai.RenderPrompt(e.App, promptTenant, f.Type, f.Vars)
	if err != nil {
		return apis.NewBadRequestError("The prompt could not be rendered: "+err.Error(), nil)
	}
	if f.Model != "" {
		m, err := ai.FindModel(e.App, f.Model)
		if err != nil || !m.Enabled {
			return apis.NewBadRequestError(fmt.Sprintf("Model %q is not an enabled model.", f.Model), nil)
		}
	}
	maxTokens := f.MaxTokens
	if maxTokens <= 0 || maxTokens > PlaygroundMaxTokens {
		maxTokens = PlaygroundMaxTokens
	}
	msgs := []ai.Message{{Role: "user", Content: user}}
	if system != "" {
		msgs = append([]ai.Message{{Role: "system", Content: system}}, msgs...)
	}

	runId := "playground_" + security.RandomStringWithAlphabet(15, "abcdefghijklmnopqrstuvwxyz0123456789")
	fromPlan, err := billing.Reserve(e.App, f.Tenant, runId, PlaygroundCredits)
	if err != nil {
		return tenancy.APIError(err)
	}
	// from here every way out that is not a commit refunds: a failed call,
	// a failed commit, a panic
	committed := false
	defer func() {
		if committed {
			return
		}
		if rerr := billing.Refund(e.App, f.Tenant, runId, PlaygroundCredits, fromPlan, "playground run failed"); rerr != nil {
			e.App.Logger().Error("thinker: playground refund failed", "run", runId, "error", rerr)
		}
	}()
	out, u, err := ai.Text(e.Request.Context(), e.App, ai.Request{Task: taskOf(f.Type), Tenant: f.Tenant, Messages: msgs, Model: f.Model, MaxTokens: maxTokens})
	truncated := errors.Is(err, ai.ErrTruncated)
	if rl, ok := errors.AsType[*ai.RateLimitError](err); ok {
		// the key is resting: say when to come back instead of holding the request
		secs := int(math.Ceil(rl.Wait.Seconds()))
		e.Response.Header().Set("Retry-After", strconv.Itoa(secs))
		return apis.NewApiError(http.StatusTooManyRequests, fmt.Sprintf("The model's rate limit for this AI key is used up; try again in %d s.", secs), nil)
	}
	if err != nil && !truncated {
		return apis.NewApiError(http.StatusBadGateway, "The model did not answer: "+err.Error(), nil)
	}
	if err := billing.Commit(e.App, f.Tenant, runId, PlaygroundCredits); err != nil {
		return err
	}
	committed = true
	return e.JSON(http.StatusOK, map[string]any{
		"run": runId, "system": system, "user": user, "output": out, "truncated": truncated,
		"model": u.Model, "tokens_in": u.TokensIn, "tokens_out": u.TokensOut, "cost_usd": u.CostUSD,
		"credits_charged": PlaygroundCredits,
	})
}
