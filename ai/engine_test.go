package ai_test

import (
	"context"
	"errors"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/ai/aitest"
	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/pocketbase/core"
)

func approx(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// setModel edits an ai_models row in place.
func setModel(t *testing.T, app core.App, name string, fields map[string]any) {
	t.Helper()
	r, err := app.FindFirstRecordByData(collections.AIModels, "name", name)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range fields {
		r.Set(k, v)
	}
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
}

func TestRetriesAndFallback(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		replies   []aitest.Reply
		cfg       func(*ai.Config)
		wantErr   error
		wantModel string
		wantCalls int
		fallbacks []string
		sleeps    []time.Duration
	}{
		{name: "429 honours Retry-After", replies: []aitest.Reply{aitest.RateLimited(7), aitest.Text("done")},
			wantModel: "gpt-5.4", wantCalls: 2, sleeps: []time.Duration{7 * time.Second}},
		{name: "Retry-After is capped", replies: []aitest.Reply{aitest.RateLimited(3600), aitest.Text("done")},
			cfg: func(c *ai.Config) { c.RetryAfterMax = 5 * time.Second }, wantModel: "gpt-5.4", wantCalls: 2, sleeps: []time.Duration{5 * time.Second}},
		{name: "500 then 500 then ok: exponential backoff", replies: []aitest.Reply{aitest.ServerError(), aitest.ServerError(), aitest.Text("done")},
			wantModel: "gpt-5.4", wantCalls: 3, sleeps: []time.Duration{10 * time.Millisecond, 20 * time.Millisecond}},
		{name: "garbled 200 body is retried", replies: []aitest.Reply{aitest.Garbage(), aitest.Text("done")},
			wantModel: "gpt-5.4", wantCalls: 2, sleeps: []time.Duration{10 * time.Millisecond}},
		{name: "slow reply times out and is retried", replies: []aitest.Reply{aitest.Slow(time.Minute, aitest.Text("late")), aitest.Text("done")},
			cfg:       func(c *ai.Config) { c.TimeoutBase, c.TimeoutPerToken = 300*time.Millisecond, time.Nanosecond },
			wantModel: "gpt-5.4", wantCalls: 2, sleeps: []time.Duration{10 * time.Millisecond}},
		{name: "primary fails after retries: fallback answers", replies: []aitest.Reply{aitest.ServerError(), aitest.ServerError(), aitest.ServerError(), aitest.Text("done")},
			wantModel: "gpt-5.4-mini", wantCalls: 4, fallbacks: []string{"gpt-5.4"}},
		{name: "400 is not retried but falls back", replies: []aitest.Reply{aitest.Status(http.StatusBadRequest), aitest.Text("done")},
			wantModel: "gpt-5.4-mini", wantCalls: 2, fallbacks: []string{"gpt-5.4"}, sleeps: []time.Duration{}},
		{name: "every model fails", replies: []aitest.Reply{aitest.Status(401), aitest.Status(401), aitest.Status(401)},
			wantErr: ai.ErrProvider, wantCalls: 3, fallbacks: []string{"gpt-5.4", "gpt-5.4-mini", "gpt-4.1-mini"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			app, srv := setup(t)
			if c.cfg != nil {
				cfg := srv.Config()
				c.cfg(&cfg)
				ai.Configure(app, cfg)
			}
			srv.Enqueue(c.replies...)
			out, u, err := ai.Text(context.Background(), app, ai.Request{Task: ai.TaskContent, Messages: user("write"), MaxTokens: 50})
			if c.wantErr != nil {
				if !errors.Is(err, c.wantErr) {
					t.Fatalf("err %v, want %v", err, c.wantErr)
				}
			} else if err != nil || out != "done" {
				t.Fatalf("out %q err %v", out, err)
			}
			if c.wantModel != "" && u.Model != c.wantModel {
				t.Fatalf("answered by %q, want %q", u.Model, c.wantModel)
			}
			if got := len(srv.Calls()); got != c.wantCalls || u.Calls != c.wantCalls {
				t.Fatalf("server saw %d calls, usage says %d, want %d", got, u.Calls, c.wantCalls)
			}
			if strings.Join(u.Fallbacks, ",") != strings.Join(c.fallbacks, ",") {
				t.Fatalf("fallbacks %v, want %v", u.Fallbacks, c.fallbacks)
			}
			if c.sleeps != nil {
				got := srv.Sleeps()
				if len(got) != len(c.sleeps) {
					t.Fatalf("sleeps %v, want %v", got, c.sleeps)
				}
				for i := range got {
					if got[i] != c.sleeps[i] {
						t.Fatalf("sleeps %v, want %v", got, c.sleeps)
					}
				}
			}
			if srv.Pending() != 0 {
				t.Fatalf("%d scripted replies unused", srv.Pending())
			}
		})
	}
}

func TestCanceledContextStops(t *testing.T) {
	t.Parallel()
	app, srv := setup(t)
	srv.Enqueue(aitest.ServerError(), aitest.Text("never"))
	ctx, cancel := context.WithCancel(context.Background())
	cfg := srv.Config()
	cfg.Sleep = func(context.Context, time.Duration) error { cancel(); return context.Canceled }
	ai.Configure(app, cfg)
	_, u, err := ai.Text(ctx, app, ai.Request{Task: ai.TaskContent, Messages: user("x")})
	if !errors.Is(err, context.Canceled) || len(u.Fallbacks) != 0 || len(srv.Calls()) != 1 {
		t.Fatalf("err %v usage %+v calls %d", err, u, len(srv.Calls()))
	}
}

func TestCostFromPriceTable(t *testing.T) {
	t.Parallel()
	app, srv := setup(t)
	ctx := context.Background()

	// gpt-5.4: $2.50 in / $15 out per 1M tokens
	srv.Enqueue(aitest.Reply{Content: "x", TokensIn: 1000, TokensOut: 2000})
	_, u, err := ai.Text(ctx, app, ai.Request{Task: ai.TaskContent, Messages: user("x")})
	if err != nil || !approx(u.CostUSD, 1000*2.5/1e6+2000*15.0/1e6) || u.TokensIn != 1000 || u.TokensOut != 2000 {
		t.Fatalf("text cost %+v %v", u, err)
	}

	// an operator's price change applies to the next call
	setModel(t, app, "gpt-5.4", map[string]any{"price_in": 10, "price_out": 20})
	srv.Enqueue(aitest.Reply{Content: "x", TokensIn: 500000, TokensOut: 100000})
	_, u, _ = ai.Text(ctx, app, ai.Request{Task: ai.TaskContent, Messages: user("x")})
	if !approx(u.CostUSD, 5+2) {
		t.Fatalf("cost after price change %v", u.CostUSD)
	}

	// a failed primary attempt costs nothing; the fallback's tokens are priced at its own rate
	srv.Enqueue(aitest.Status(400), aitest.Reply{Content: "x", TokensIn: 1e6, TokensOut: 1e6})
	_, u, _ = ai.Text(ctx, app, ai.Request{Task: ai.TaskContent, Messages: user("x")})
	if u.Model != "gpt-5.4-mini" || !approx(u.CostUSD, 0.75+4.5) {
		t.Fatalf("fallback cost %+v", u)
	}

	// embeddings: text-embedding-3-small $0.02 per 1M input tokens
	srv.Enqueue(aitest.Reply{TokensIn: 250000})
	vecs, u, err := ai.Embed(ctx, app, "", []string{"a b", "c d"})
	if err != nil || len(vecs) != 2 || !approx(u.CostUSD, 0.005) || u.Model != "text-embedding-3-small" {
		t.Fatalf("embed %+v %v", u, err)
	}

	// images: per-image price of the answering model
	_, u, err = ai.Image(ctx, app, ai.ImageRequest{Prompt: "a red bicycle", Width: 1024, Height: 1024})
	if err != nil || u.Model != "runware:100@1" || !approx(u.CostUSD, 0.0013) || u.Images != 1 {
		t.Fatalf("image %+v %v", u, err)
	}
}
