package ai_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/ai/aitest"
)

func TestImagesRunwareAndFallback(t *testing.T) {
	t.Parallel()
	app, srv := setup(t)
	ctx := context.Background()
	want := aitest.PNG(4, 3)
	srv.Enqueue(aitest.RateLimited(3), aitest.Reply{Image: want})
	img, u, err := ai.Image(ctx, app, ai.ImageRequest{Prompt: "a mountain trail", Negative: "text", Width: 1000, Height: 560})
	if err != nil || !bytes.Equal(img.Bytes, want) || img.MIME != "image/png" {
		t.Fatalf("%v %s", err, img.MIME)
	}
	if u.Model != "runware:100@1" || u.Calls != 2 || srv.Sleeps()[0] != 3*time.Second {
		t.Fatalf("%+v sleeps %v", u, srv.Sleeps())
	}
	c := srv.Calls()[1]
	if c.Path != "/runware" || c.Auth != "Bearer rw-test" || c.Prompt != "a mountain trail" || c.Model != "runware:100@1" {
		t.Fatalf("%+v", c)
	}
	// both Runware models fail: OpenAI's image model answers
	srv.Enqueue(aitest.Status(400), aitest.Status(400), aitest.Reply{Image: want})
	_, u, err = ai.Image(ctx, app, ai.ImageRequest{Prompt: "x"})
	if err != nil || u.Model != "gpt-image-1-mini" || len(u.Fallbacks) != 2 || !approx(u.CostUSD, 0.011) {
		t.Fatalf("%+v %v", u, err)
	}
	if p := srv.Calls()[4].Path; p != "/v1/images/generations" {
		t.Fatalf("path %s", p)
	}
	// without a Runware key the Runware models are skipped
	cfg := srv.Config()
	cfg.RunwareKey = ""
	ai.Configure(app, cfg)
	n := len(srv.Calls())
	if _, u, err = ai.Image(ctx, app, ai.ImageRequest{Prompt: "x"}); err != nil || u.Model != "gpt-image-1-mini" || len(srv.Calls()) != n+1 {
		t.Fatalf("%+v %v", u, err)
	}
	// every image model fails
	srv.Enqueue(aitest.Status(400), aitest.Status(400))
	if _, _, err = ai.Image(ctx, app, ai.ImageRequest{Prompt: "x"}); !errors.Is(err, ai.ErrProvider) {
		t.Fatalf("%v", err)
	}
}

func TestRoutingOverrides(t *testing.T) {
	t.Parallel()
	app, srv := setup(t)
	ctx := context.Background()
	// an operator disables the primary: the next model leads
	setModel(t, app, "gpt-5.4", map[string]any{"enabled": false})
	if _, u, _ := ai.Text(ctx, app, ai.Request{Task: ai.TaskContent, Messages: user("x")}); u.Model != "gpt-5.4-mini" {
		t.Fatalf("%+v", u)
	}
	// a route override (IGNY8_AI_MODEL_CONTENT) may name models outside the table, e.g. a local model
	cfg := srv.Config()
	cfg.Routes = map[ai.Task][]string{ai.TaskContent: {"llama3.3:70b", "gpt-4.1-mini"}}
	ai.Configure(app, cfg)
	srv.Enqueue(aitest.ServerError(), aitest.ServerError(), aitest.ServerError(), aitest.Text("ok"))
	_, u, err := ai.Text(ctx, app, ai.Request{Task: ai.TaskContent, Messages: user("x")})
	if err != nil || u.Model != "gpt-4.1-mini" || u.Fallbacks[0] != "llama3.3:70b" {
		t.Fatalf("%+v %v", u, err)
	}
	if srv.Calls()[1].Model != "llama3.3:70b" {
		t.Fatalf("%+v", srv.Calls()[1])
	}
	// a forced model skips the route
	if _, u, _ := ai.Text(ctx, app, ai.Request{Task: ai.TaskContent, Model: "gpt-5.5", Messages: user("x")}); u.Model != "gpt-5.5" {
		t.Fatalf("%+v", u)
	}
	// no model for a task
	ai.Configure(app, srv.Config())
	for _, m := range []string{"text-embedding-3-small", "text-embedding-3-large"} {
		setModel(t, app, m, map[string]any{"enabled": false})
	}
	if _, _, err := ai.Embed(ctx, app, "", []string{"x"}); !errors.Is(err, ai.ErrNoModel) {
		t.Fatalf("%v", err)
	}
}

func TestEnvConfig(t *testing.T) {
	t.Setenv(ai.EnvModelPrefix+"IMAGE_PROMPTS", " gpt-5.4-mini , gpt-4.1-mini,")
	t.Setenv(ai.EnvMode, "dev")
	t.Setenv(ai.EnvAPIKey, "k")
	c := ai.ConfigFromEnv()
	if r := c.Routes[ai.TaskImagePrompts]; len(r) != 2 || r[0] != "gpt-5.4-mini" || !c.DevMode() {
		t.Fatalf("%+v", c)
	}
}
