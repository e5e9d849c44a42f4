package ai_test

import (
	"context"
	"testing"

	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/ai/aitest"
	"github.com/igny8/igny8/testapp"
)

// BenchmarkJSONOverFakeServer measures the layer's own overhead per
// structured call (routing query, limiter, go-openai round trip over
// loopback, extraction, validation, decoding) with an unlimited rate.
func BenchmarkJSONOverFakeServer(b *testing.B) {
	app := testapp.New(b)
	srv := aitest.New(b)
	cfg := srv.Config()
	cfg.RPMOverride = 1 << 30
	ai.Configure(app, cfg)
	srv.Handle(func(aitest.Call) aitest.Reply { return aitest.Prose(good) })
	b.ResetTimer()
	for b.Loop() {
		var out ideas
		if _, err := ai.JSON(context.Background(), app, ai.Request{Task: ai.TaskIdeas, Messages: user("x")}, &out); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDevArticle measures the dev provider writing a 2000-word article.
func BenchmarkDevArticle(b *testing.B) {
	app := testapp.New(b)
	ai.Configure(app, ai.Config{Dev: true})
	msgs := user("Title: Best Trail Shoes\nKeyword: trail shoes\nTarget length: 2000 words")
	for b.Loop() {
		if _, _, err := ai.Text(context.Background(), app, ai.Request{Task: ai.TaskContent, Messages: msgs}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDevImage measures the dev provider drawing a 1024x576 PNG.
func BenchmarkDevImage(b *testing.B) {
	app := testapp.New(b)
	ai.Configure(app, ai.Config{Dev: true})
	for b.Loop() {
		if _, _, err := ai.Image(context.Background(), app, ai.ImageRequest{Prompt: "trail", Width: 1024, Height: 576}); err != nil {
			b.Fatal(err)
		}
	}
}
