package ai_test

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/ai/aitest"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/tests"
)

func user(s string) []ai.Message { return []ai.Message{{Role: "user", Content: s}} }

// setup returns a test app whose AI layer talks to a fresh fake server.
func setup(t *testing.T) (*tests.TestApp, *aitest.Server) {
	t.Helper()
	app := testapp.New(t)
	srv := aitest.New(t)
	srv.Configure(app)
	return app, srv
}

// TestEnvBaseURLUsesRealClient sets OPENAI_BASE_URL/OPENAI_API_KEY and lets
// Register read them exactly as the server does: the call reaches the fake
// server through go-openai. Not parallel: it sets process env vars.
func TestEnvBaseURLUsesRealClient(t *testing.T) {
	srv := aitest.New(t)
	t.Setenv(ai.EnvBaseURL, srv.BaseURL())
	t.Setenv(ai.EnvAPIKey, "sk-from-env")
	t.Setenv(ai.EnvMode, "")
	app := testapp.New(t) // testapp.Register -> ai.Register reads the env
	srv.Enqueue(aitest.Text("<p>hello from the fake server</p>"))
	out, u, err := ai.Text(context.Background(), app, ai.Request{Task: ai.TaskContent, Messages: user("Write hello"), MaxTokens: 100})
	if err != nil {
		t.Fatal(err)
	}
	if out != "<p>hello from the fake server</p>" {
		t.Fatalf("got %q", out)
	}
	calls := srv.Calls()
	if len(calls) != 1 || calls[0].Auth != "Bearer sk-from-env" || calls[0].Path != "/v1/chat/completions" {
		t.Fatalf("calls %+v", calls)
	}
	if calls[0].Model != "gpt-5.4" || u.Model != "gpt-5.4" || u.Provider != "openai" {
		t.Fatalf("routed to %q, usage %+v", calls[0].Model, u)
	}
	if calls[0].MaxTokens != 100 {
		t.Fatalf("max tokens sent %d", calls[0].MaxTokens)
	}
	if ai.CurrentConfig(app).DevMode() {
		t.Fatal("dev mode with a base URL configured")
	}
}

func TestTextErrors(t *testing.T) {
	t.Parallel()
	app, srv := setup(t)
	ctx := context.Background()
	if _, _, err := ai.Text(ctx, app, ai.Request{Task: ai.TaskContent}); err == nil {
		t.Fatal("no messages accepted")
	}
	// an AI call's input is bounded, whatever built it; nothing is sent
	huge := user(strings.Repeat("x", ai.MaxInputBytes+1))
	if _, _, err := ai.Text(ctx, app, ai.Request{Task: ai.TaskContent, Messages: huge}); err == nil || !strings.Contains(err.Error(), "bytes of messages") {
		t.Fatalf("oversized input: %v", err)
	}
	var v struct{ A string }
	if _, err := ai.JSON(ctx, app, ai.Request{Task: ai.TaskContent, Messages: huge}, &v); err == nil || len(srv.Calls()) != 0 {
		t.Fatalf("oversized JSON input: %v, %d calls", err, len(srv.Calls()))
	}
	srv.Enqueue(aitest.Truncated("<h2>Half an artic"))
	out, u, err := ai.Text(ctx, app, ai.Request{Task: ai.TaskContent, Messages: user("x")})
	if !errors.Is(err, ai.ErrTruncated) || out != "<h2>Half an artic" || u.Model != "gpt-5.4" {
		t.Fatalf("truncation: %q %+v %v", out, u, err)
	}
	if len(u.Fallbacks) != 0 || len(srv.Calls()) != 1 {
		t.Fatalf("truncation must not fall back: %+v", u)
	}
	if !strings.Contains(err.Error(), "gpt-5.4") {
		t.Fatalf("error names no model: %v", err)
	}
	_ = http.StatusOK
}

// Adding usage keeps every field: the clustering run's own adder dropped the
// images, the provider and the fallbacks (planner.mergeUsage, now gone).
func TestUsageAdd(t *testing.T) {
	sum := ai.Usage{Model: "gpt-4.1-mini", Provider: "openai", TokensIn: 10, TokensOut: 5, Images: 1, CostUSD: 0.5, Calls: 2, Fallbacks: []string{"gpt-5.4"}}
	sum.Add(ai.Usage{Model: "llama3.3:70b", Provider: "runware", TokensIn: 1, TokensOut: 2, Images: 2, CostUSD: 0.25, Calls: 3, Fallbacks: []string{"gpt-4.1-mini"}})
	want := ai.Usage{Model: "llama3.3:70b", Provider: "runware", TokensIn: 11, TokensOut: 7, Images: 3, CostUSD: 0.75, Calls: 5, Fallbacks: []string{"gpt-5.4", "gpt-4.1-mini"}}
	if !reflect.DeepEqual(sum, want) {
		t.Fatalf("sum %+v, want %+v", sum, want)
	}
	// a call that names no model (an attempt inside the engine) keeps the sum's
	sum.Add(ai.Usage{TokensIn: 1, Calls: 1})
	if sum.Model != "llama3.3:70b" || sum.Provider != "runware" || sum.TokensIn != 12 || sum.Calls != 6 {
		t.Fatalf("after an unnamed call: %+v", sum)
	}
}
