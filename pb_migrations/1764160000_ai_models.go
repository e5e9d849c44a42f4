package migrations

import (
	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The AI layer: the ai_models catalogue and routing table, seeded with
// current models, and the system default prompts.
func init() {
	m.Register(func(app core.App) error {
		if err := collections.Ensure(app, collections.AIModels, collections.AIModelsId, collections.BuildAIModels); err != nil {
			return err
		}
		return ai.Seed(app)
	}, nil)
}
