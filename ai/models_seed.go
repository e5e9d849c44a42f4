package ai

import (
	"fmt"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/pocketbase/core"
)

// SeedModels is the initial ai_models catalogue. Prices are USD list prices
// (per 1M tokens, or per 1024x1024 medium-quality image) as published in
// mid-2026; superusers keep them current in the admin UI. Routing: for each
// task the enabled models listing it, lowest priority first.
var SeedModels = []Model{
	{Name: "gpt-5.4", Label: "GPT-5.4", Provider: collections.AIProviderOpenAI, Kind: collections.AIKindText,
		PriceIn: 2.50, PriceOut: 15, RPM: DefaultRPM, Enabled: true, ContextTokens: 1_000_000, MaxOutputTokens: 128_000,
		JSONSchema: true, Tasks: []string{"content"}, Priority: 10},
	{Name: "gpt-5.4-nano", Label: "GPT-5.4 nano", Provider: collections.AIProviderOpenAI, Kind: collections.AIKindText,
		PriceIn: 0.20, PriceOut: 1.25, RPM: DefaultRPM, Enabled: true, ContextTokens: 400_000, MaxOutputTokens: 128_000,
		JSONSchema: true, Tasks: []string{"image_prompts"}, Priority: 15},
	{Name: "gpt-5.4-mini", Label: "GPT-5.4 mini", Provider: collections.AIProviderOpenAI, Kind: collections.AIKindText,
		PriceIn: 0.75, PriceOut: 4.50, RPM: DefaultRPM, Enabled: true, ContextTokens: 400_000, MaxOutputTokens: 128_000,
		JSONSchema: true, Tasks: []string{"clustering", "ideas", "content", "image_prompts", "reparse"}, Priority: 20},
	{Name: "gpt-4.1-mini", Label: "GPT-4.1 mini (fallback)", Provider: collections.AIProviderOpenAI, Kind: collections.AIKindText,
		PriceIn: 0.40, PriceOut: 1.60, RPM: DefaultRPM, Enabled: true, ContextTokens: 1_047_576, MaxOutputTokens: 32_768,
		JSONSchema: true, Tasks: []string{"clustering", "ideas", "content", "image_prompts", "reparse"}, Priority: 30},
	{Name: "gpt-5.5", Label: "GPT-5.5 (premium, off by default)", Provider: collections.AIProviderOpenAI, Kind: collections.AIKindText,
		PriceIn: 5, PriceOut: 30, RPM: DefaultRPM, Enabled: false, ContextTokens: 1_000_000, MaxOutputTokens: 128_000,
		JSONSchema: true, Tasks: []string{"content"}, Priority: 5},
	{Name: "text-embedding-3-small", Label: "Embedding 3 small", Provider: collections.AIProviderOpenAI, Kind: collections.AIKindEmbedding,
		PriceIn: 0.02, RPM: DefaultRPM, Enabled: true, ContextTokens: 8191, Tasks: []string{"embeddings"}, Priority: 10},
	{Name: "text-embedding-3-large", Label: "Embedding 3 large", Provider: collections.AIProviderOpenAI, Kind: collections.AIKindEmbedding,
		PriceIn: 0.13, RPM: DefaultRPM, Enabled: true, ContextTokens: 8191, Tasks: []string{"embeddings"}, Priority: 20},
	{Name: "runware:100@1", Label: "FLUX.1 schnell (Runware)", Provider: collections.AIProviderRunware, Kind: collections.AIKindImage,
		PriceImage: 0.0013, RPM: DefaultRPM, Enabled: true, Tasks: []string{"images"}, Priority: 10},
	{Name: "runware:101@1", Label: "FLUX.1 dev (Runware)", Provider: collections.AIProviderRunware, Kind: collections.AIKindImage,
		PriceImage: 0.0038, RPM: DefaultRPM, Enabled: true, Tasks: []string{"images"}, Priority: 15},
	{Name: "gpt-image-1-mini", Label: "GPT Image 1 mini", Provider: collections.AIProviderOpenAI, Kind: collections.AIKindImage,
		PriceImage: 0.011, RPM: DefaultRPM, Enabled: true, Tasks: []string{"images"}, Priority: 20},
	{Name: "gpt-image-1", Label: "GPT Image 1", Provider: collections.AIProviderOpenAI, Kind: collections.AIKindImage,
		PriceImage: 0.042, RPM: DefaultRPM, Enabled: true, Tasks: []string{"images"}, Priority: 30},
}

// Seed creates the ai_models rows and system default prompts that are
// missing; existing rows (possibly edited by an operator) are left alone.
func Seed(app core.App) error {
	if err := SeedModelCatalogue(app); err != nil {
		return err
	}
	return SeedPrompts(app)
}

// SeedModelCatalogue creates the SeedModels rows that are missing.
func SeedModelCatalogue(app core.App) error {
	mcol, err := app.FindCollectionByNameOrId(collections.AIModels)
	if err != nil {
		return err
	}
	for _, m := range SeedModels {
		if _, err := app.FindFirstRecordByData(mcol, "name", m.Name); err == nil {
			continue
		}
		r := core.NewRecord(mcol)
		r.Load(map[string]any{
			"name": m.Name, "label": m.Label, "provider": m.Provider, "kind": m.Kind,
			"price_in": m.PriceIn, "price_out": m.PriceOut, "price_image": m.PriceImage, "rpm": m.RPM,
			"enabled": m.Enabled, "context_tokens": m.ContextTokens, "max_output_tokens": m.MaxOutputTokens,
			"supports_json_schema": m.JSONSchema, "tasks": m.Tasks, "priority": m.Priority,
		})
		if err := app.Save(r); err != nil {
			return fmt.Errorf("seed ai model %s: %w", m.Name, err)
		}
	}
	return nil
}

// SeedPrompts creates the system default prompt of each type that has none;
// existing prompts (possibly edited by an operator) are left alone.
func SeedPrompts(app core.App) error {
	pcol, err := app.FindCollectionByNameOrId(collections.Prompts)
	if err != nil {
		return err
	}
	for _, p := range DefaultPrompts {
		if n, _ := app.CountRecords(pcol, dbxSystemPrompt(p.Type)); n > 0 {
			continue
		}
		r := core.NewRecord(pcol)
		r.Load(map[string]any{"type": p.Type, "name": p.Name, "system": p.System, "template": p.Template, "active": true})
		if err := app.Save(r); err != nil {
			return fmt.Errorf("seed prompt %s: %w", p.Type, err)
		}
	}
	return nil
}
