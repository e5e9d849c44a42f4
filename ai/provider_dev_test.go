package ai_test

import (
	"bytes"
	"context"
	"image/png"
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/tests"
)

func devApp(t *testing.T) *tests.TestApp {
	app := testapp.New(t)
	ai.Configure(app, ai.Config{})
	return app
}

func TestDevModeDefaults(t *testing.T) {
	t.Parallel()
	if !(ai.Config{}).DevMode() || !(ai.Config{Dev: true, APIKey: "k"}).DevMode() || (ai.Config{APIKey: "k"}).DevMode() || (ai.Config{BaseURL: "http://x"}).DevMode() {
		t.Fatal("DevMode")
	}
}

func TestDevArticleAndMeta(t *testing.T) {
	t.Parallel()
	app := devApp(t)
	ctx := context.Background()
	msgs, err := ai.Messages(app, "", ai.PromptContent, promptVars[ai.PromptContent])
	if err != nil {
		t.Fatal(err)
	}
	html, u, err := ai.Text(ctx, app, ai.Request{Task: ai.TaskContent, Tenant: testapp.TenantId(testapp.A), Messages: msgs})
	if err != nil || u.Model != "dev" || u.Provider != "dev" || u.TokensOut == 0 {
		t.Fatalf("%+v %v", u, err)
	}
	words := len(strings.Fields(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(html, " ")))
	if words < 1200 || words > 1900 || strings.Count(html, "<h2>") < 3 || !strings.Contains(html, "<h3>") || !strings.Contains(html, "trail shoes") {
		t.Fatalf("article of %d words:\n%s", words, html)
	}
	again, _, _ := ai.Text(ctx, app, ai.Request{Task: ai.TaskContent, Messages: msgs})
	if again != html {
		t.Fatal("dev output is not deterministic")
	}
	type meta struct {
		MetaTitle       string `json:"meta_title"`
		MetaDescription string `json:"meta_description"`
		Slug            string `json:"slug"`
		Excerpt         string `json:"excerpt"`
	}
	msgs, _ = ai.Messages(app, "", ai.PromptMeta, promptVars[ai.PromptMeta])
	var m meta
	if _, err := ai.JSON(ctx, app, ai.Request{Task: ai.TaskContent, Messages: msgs}, &m); err != nil {
		t.Fatal(err)
	}
	if m.Slug != "best-trail-shoes" || len(m.MetaTitle) > 60 || len(m.MetaDescription) > 155 || !strings.Contains(m.MetaDescription, "trail shoes") {
		t.Fatalf("%+v", m)
	}
}

func TestDevIdeasAndImagePrompts(t *testing.T) {
	t.Parallel()
	app := devApp(t)
	ctx := context.Background()
	type ideaOut struct {
		Title   string   `json:"title"`
		Keyword string   `json:"keyword"`
		Intent  string   `json:"intent" jsonschema:"enum=informational|commercial"`
		Outline []string `json:"outline"`
		Words   int      `json:"words" jsonschema:"min=800,max=2500"`
	}
	var out struct {
		Ideas []ideaOut `json:"ideas"`
	}
	msgs, _ := ai.Messages(app, "", ai.PromptIdeas, promptVars[ai.PromptIdeas])
	if _, err := ai.JSON(ctx, app, ai.Request{Task: ai.TaskIdeas, Messages: msgs}, &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Ideas) != 4 {
		t.Fatalf("want the 4 ideas asked for, got %d", len(out.Ideas))
	}
	titles := map[string]bool{}
	for _, i := range out.Ideas {
		titles[i.Title] = true
		if i.Words < 800 || i.Words > 2500 || len(i.Outline) == 0 || (i.Intent != "informational" && i.Intent != "commercial") {
			t.Fatalf("%+v", i)
		}
	}
	if len(titles) != 4 {
		t.Fatalf("titles repeat: %v", titles)
	}
	var prompts struct {
		Prompts []struct {
			Prompt string `json:"prompt"`
			Alt    string `json:"alt"`
		} `json:"prompts"`
	}
	msgs, _ = ai.Messages(app, "", ai.PromptImagePrompts, promptVars[ai.PromptImagePrompts])
	if _, err := ai.JSON(ctx, app, ai.Request{Task: ai.TaskImagePrompts, Messages: msgs}, &prompts); err != nil || len(prompts.Prompts) != 3 {
		t.Fatalf("%+v %v", prompts, err)
	}
	if !strings.Contains(prompts.Prompts[0].Prompt, "Best Trail Shoes") || prompts.Prompts[0].Prompt == prompts.Prompts[1].Prompt {
		t.Fatalf("%+v", prompts)
	}
}

func TestDevImagesAndEmbeddings(t *testing.T) {
	t.Parallel()
	app := devApp(t)
	ctx := context.Background()
	img, u, err := ai.Image(ctx, app, ai.ImageRequest{Prompt: "a trail in the forest", Width: 640, Height: 360})
	if err != nil || img.MIME != "image/png" || u.Model != "dev" || u.Images != 1 || u.CostUSD != 0 {
		t.Fatalf("%+v %v", u, err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(img.Bytes))
	if err != nil || cfg.Width != 640 || cfg.Height != 360 {
		t.Fatalf("%+v %v", cfg, err)
	}
	if _, _, err := ai.Image(ctx, app, ai.ImageRequest{}); err == nil {
		t.Fatal("empty prompt accepted")
	}
	vecs, u, err := ai.Embed(ctx, app, "", []string{"trail running shoes", "running shoes for trails", "tax return deadline"})
	if err != nil || len(vecs) != 3 || u.Model != "dev" {
		t.Fatal(err)
	}
	cos := func(a, b []float32) float64 {
		var s float64
		for i := range a {
			s += float64(a[i] * b[i])
		}
		return s
	}
	if cos(vecs[0], vecs[1]) <= cos(vecs[0], vecs[2]) || math.Abs(cos(vecs[0], vecs[0])-1) > 1e-5 {
		t.Fatal("dev embeddings do not reflect shared words")
	}
}

// A JSON call with a DevAnswer gets it back from the dev provider, through
// the engine's validation, as a model that agrees with the caller would.
func TestDevAnswerIsReturned(t *testing.T) {
	t.Parallel()
	app := devApp(t)
	type answer struct {
		Clusters []struct {
			Name     string   `json:"name"`
			Keywords []string `json:"keywords"`
		} `json:"clusters"`
	}
	want := map[string]any{"clusters": []map[string]any{{"name": "Espresso", "keywords": []string{"best espresso machine"}}}}
	var got answer
	u, err := ai.JSON(context.Background(), app, ai.Request{Task: ai.TaskClustering,
		Messages: []ai.Message{{Role: "user", Content: "group these"}}, DevAnswer: want}, &got)
	if err != nil || u.Model != "dev" || len(got.Clusters) != 1 || got.Clusters[0].Name != "Espresso" || got.Clusters[0].Keywords[0] != "best espresso machine" {
		t.Fatalf("%v %v %+v", err, u.Model, got)
	}
}
