package ai

import (
	"fmt"
	"slices"
	"strings"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// DefaultRPM is the requests-per-minute limit of a model that sets none.
const DefaultRPM = 60

// Model is one row of ai_models: what routing, limits and costing need.
type Model struct {
	Name            string   `json:"name"`
	Label           string   `json:"label"`
	Provider        string   `json:"provider"`
	Kind            string   `json:"kind"`
	PriceIn         float64  `json:"price_in"`
	PriceOut        float64  `json:"price_out"`
	PriceImage      float64  `json:"price_image"`
	RPM             int      `json:"rpm"`
	Enabled         bool     `json:"enabled"`
	ContextTokens   int      `json:"context_tokens"`
	MaxOutputTokens int      `json:"max_output_tokens"`
	JSONSchema      bool     `json:"supports_json_schema"`
	Tasks           []string `json:"tasks"`
	Priority        int      `json:"priority"`
}

// devModel is the dev provider's pseudo model: free and unlimited.
var devModel = Model{Name: "dev", Label: "Dev (offline placeholder)", Provider: providerDev, Enabled: true, JSONSchema: true, MaxOutputTokens: 32000}

// Cost is the USD price of a call from the price table.
func (m Model) Cost(tokensIn, tokensOut, images int) float64 {
	return float64(tokensIn)*m.PriceIn/1e6 + float64(tokensOut)*m.PriceOut/1e6 + float64(images)*m.PriceImage
}

func (m Model) rpm() int {
	if m.RPM <= 0 {
		return DefaultRPM
	}
	return m.RPM
}

func modelFromRecord(r *core.Record) Model {
	return Model{
		Name: r.GetString("name"), Label: r.GetString("label"), Provider: r.GetString("provider"), Kind: r.GetString("kind"),
		PriceIn: r.GetFloat("price_in"), PriceOut: r.GetFloat("price_out"), PriceImage: r.GetFloat("price_image"),
		RPM: r.GetInt("rpm"), Enabled: r.GetBool("enabled"), ContextTokens: r.GetInt("context_tokens"),
		MaxOutputTokens: r.GetInt("max_output_tokens"), JSONSchema: r.GetBool("supports_json_schema"),
		Tasks: r.GetStringSlice("tasks"), Priority: r.GetInt("priority"),
	}
}

// FindModel loads a model by name from ai_models.
func FindModel(app core.App, name string) (Model, error) {
	r, err := app.FindFirstRecordByData(collections.AIModels, "name", name)
	if err != nil {
		return Model{}, fmt.Errorf("ai model %q: %w", name, err)
	}
	return modelFromRecord(r), nil
}

// kindOf is the model kind a task needs.
func kindOf(t Task) string {
	switch t {
	case TaskImages:
		return collections.AIKindImage
	case TaskEmbeddings:
		return collections.AIKindEmbedding
	}
	return collections.AIKindText
}

// Route returns the ordered models (primary first) that serve task: a forced
// model, else the configured override (IGNY8_AI_MODEL_<TASK> or Config.Routes),
// else the enabled ai_models rows listing the task, by priority.
func Route(app core.App, c Config, task Task, force string) ([]Model, error) {
	names := c.Routes[task]
	if force != "" {
		names = []string{force}
	}
	if len(names) > 0 {
		out := make([]Model, 0, len(names))
		for _, n := range names {
			m, err := FindModel(app, n)
			if err != nil {
				// An unknown model still works (e.g. a local Ollama model);
				// it costs nothing in the table and gets the default limit.
				m = Model{Name: n, Provider: collections.AIProviderOpenAI, Kind: kindOf(task), Enabled: true}
			}
			out = append(out, m)
		}
		return out, nil
	}
	recs, err := app.FindRecordsByFilter(collections.AIModels, "enabled = true && tasks ~ {:task} && kind = {:kind}",
		"priority,name", 0, 0, dbx.Params{"task": string(task), "kind": kindOf(task)})
	if err != nil {
		return nil, fmt.Errorf("load routes for %s: %w", task, err)
	}
	out := make([]Model, 0, len(recs))
	for _, r := range recs {
		m := modelFromRecord(r)
		if slices.Contains(m.Tasks, string(task)) { // ~ is a substring match
			out = append(out, m)
		}
	}
	return out, nil
}

// usable drops models whose provider has no credentials.
func usable(models []Model, cr creds) []Model {
	out := models[:0:0]
	for _, m := range models {
		switch strings.ToLower(m.Provider) {
		case collections.AIProviderRunware:
			if cr.runwareKey == "" {
				continue
			}
		default:
			if cr.openaiKey == "" && cr.baseURL == "" {
				continue
			}
		}
		out = append(out, m)
	}
	return out
}

func dbxSystemPrompt(promptType string) dbx.Expression {
	return dbx.And(dbx.HashExp{"tenant": "", "type": promptType})
}
