package collections

import "github.com/pocketbase/pocketbase/core"

// AIModels is the model catalogue and routing table of the AI layer: prices
// (per 1M tokens or per image) for cost accounting, the requests-per-minute
// limit, capabilities, and which tasks a model serves in which priority
// (lowest first; the rest are fallbacks). Platform-wide: signed-in users read
// it, only superusers change it.
const (
	AIModels   = "ai_models"
	AIModelsId = "pbc_igny8_ai_models"
)

// Model kinds and providers of ai_models.
const (
	AIKindText      = "text"
	AIKindImage     = "image"
	AIKindEmbedding = "embedding"

	AIProviderOpenAI  = "openai"
	AIProviderRunware = "runware"
)

// AITasks are the routing task names (ai.Task values).
var AITasks = []string{"clustering", "ideas", "content", "image_prompts", "images", "reparse", "embeddings"}

// BuildAIModels is exported so the AI migration can apply it with Ensure.
func BuildAIModels(c *core.Collection) {
	c.Fields.Add(
		&core.TextField{Name: "name", Required: true, Max: 200, Help: "model id sent to the provider"},
		&core.TextField{Name: "label", Max: 200},
		&core.SelectField{Name: "provider", Required: true, MaxSelect: 1, Values: []string{AIProviderOpenAI, AIProviderRunware}},
		&core.SelectField{Name: "kind", Required: true, MaxSelect: 1, Values: []string{AIKindText, AIKindImage, AIKindEmbedding}},
		&core.NumberField{Name: "price_in", Min: num(0), Help: "USD per 1M input tokens"},
		&core.NumberField{Name: "price_out", Min: num(0), Help: "USD per 1M output tokens"},
		&core.NumberField{Name: "price_image", Min: num(0), Help: "USD per generated image"},
		&core.NumberField{Name: "rpm", OnlyInt: true, Min: num(0), Help: "requests per minute across all workers; 0 = 60"},
		&core.BoolField{Name: "enabled"},
		&core.NumberField{Name: "context_tokens", OnlyInt: true, Min: num(0)},
		&core.NumberField{Name: "max_output_tokens", OnlyInt: true, Min: num(0)},
		&core.BoolField{Name: "supports_json_schema"},
		&core.SelectField{Name: "tasks", MaxSelect: len(AITasks), Values: AITasks},
		&core.NumberField{Name: "priority", OnlyInt: true, Help: "route order within a task, lowest first"},
	)
	Timestamps(c)
	c.AddIndex("idx_ai_models_name", true, "name", "")
	read := Ptr(`@request.auth.id != ""`)
	SetRules(c, read, read, nil, nil, nil)
}
