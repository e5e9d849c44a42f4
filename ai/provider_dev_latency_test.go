package ai

import (
	"context"
	"errors"
	"testing"
	"time"
)

// The latency knob (IGNY8_AI_DEV_LATENCY) is parsed as a Go duration, and a
// dev call that is waiting on it ends with its context instead of answering;
// without it the dev provider answers even on an ended context (no wait).
func TestDevLatency(t *testing.T) {
	t.Setenv(EnvDevLatency, "250ms")
	if c := ConfigFromEnv(); c.DevLatency != 250*time.Millisecond {
		t.Fatalf("DevLatency %v", c.DevLatency)
	}
	t.Setenv(EnvDevLatency, "soon")
	if c := ConfigFromEnv(); c.DevLatency != 0 {
		t.Fatalf("unparsable latency gave %v", c.DevLatency)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p := ChatParams{Task: TaskReparse, Messages: []Message{{Role: "user", Content: "<p>x</p>"}}}
	if _, err := (devProvider{latency: time.Hour}).Chat(ctx, Model{}, p); !errors.Is(err, context.Canceled) {
		t.Fatalf("chat waiting on latency: %v", err)
	}
	if _, _, err := (devProvider{latency: time.Hour}).Embed(ctx, Model{}, []string{"x"}); !errors.Is(err, context.Canceled) {
		t.Fatalf("embed waiting on latency: %v", err)
	}
	if _, err := (devProvider{latency: time.Hour}).Image(ctx, Model{}, ImageRequest{Width: 8, Height: 8}); !errors.Is(err, context.Canceled) {
		t.Fatalf("image waiting on latency: %v", err)
	}
	if r, err := (devProvider{}).Chat(ctx, Model{}, p); err != nil || r.Content == "" {
		t.Fatalf("no latency: %v %q", err, r.Content)
	}
}
