package migrations

import (
	_ "embed"
	"encoding/json"
	"fmt"

	"github.com/igny8/igny8/ai"
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// aiModelsSnapshot is the ai_models collection as first released.
//
//go:embed 1764160000_ai_models.json
var aiModelsSnapshot []byte

// aiModelsSeed is the model catalogue and routing table as first released
// (mid-2026 prices); superusers keep it current in the admin UI and later
// releases change it with migrations of their own.
//
//go:embed 1764160000_ai_models.seed.json
var aiModelsSeed []byte

// The AI layer: the ai_models catalogue seeded with the models of the time,
// and the system default prompts. Prompts are application content rather than
// schema: ai.SeedPrompts inserts the current defaults of each type that has
// none and never edits an existing one.
func init() {
	m.Register(func(app core.App) error {
		if err := importSnapshot(app, aiModelsSnapshot); err != nil {
			return err
		}
		if err := seedRecords(app, "ai_models", "name", aiModelsSeed); err != nil {
			return err
		}
		return ai.SeedPrompts(app)
	}, func(app core.App) error {
		return dropSnapshot(app, aiModelsSnapshot)
	})
}

// seedRecords inserts each record of raw (a JSON array of field maps) whose
// key field matches no existing record; existing ones are left alone.
func seedRecords(app core.App, collection, key string, raw []byte) error {
	col, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		return err
	}
	var rows []map[string]any
	if err := json.Unmarshal(raw, &rows); err != nil {
		return fmt.Errorf("read %s seed: %w", collection, err)
	}
	for _, row := range rows {
		if _, err := app.FindFirstRecordByData(col, key, row[key]); err == nil {
			continue
		}
		r := core.NewRecord(col)
		r.Load(row)
		if err := app.Save(r); err != nil {
			return fmt.Errorf("seed %s %v: %w", collection, row[key], err)
		}
	}
	return nil
}
