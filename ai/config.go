package ai

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// Environment variables read by Register (see docs/AI.md).
const (
	EnvMode        = "IGNY8_AI"        // "dev" forces the dev provider
	EnvAPIKey      = "OPENAI_API_KEY"  // instance key of the OpenAI-compatible API
	EnvBaseURL     = "OPENAI_BASE_URL" // e.g. https://openrouter.ai/api/v1 or http://127.0.0.1:11434/v1
	EnvRunwareKey  = "RUNWARE_API_KEY"
	EnvRunwareURL  = "RUNWARE_BASE_URL"
	EnvModelPrefix = "IGNY8_AI_MODEL_"      // IGNY8_AI_MODEL_CONTENT=gpt-5.4,gpt-5.4-mini overrides a route
	EnvDevLatency  = "IGNY8_AI_DEV_LATENCY" // e.g. "2s": the dev provider waits this long per call (bench/load)
)

// DefaultRunwareURL is Runware's REST endpoint.
const DefaultRunwareURL = "https://api.runware.ai/v1"

// Config is one app's provider configuration. Register fills it from the
// environment; tests (which run in parallel in one process, so cannot use
// process-wide env vars) call Configure per app instead.
type Config struct {
	// Dev forces the dev provider for every call.
	Dev bool
	// BaseURL and APIKey configure the OpenAI-compatible provider. With both
	// empty (and no workspace key) the dev provider answers.
	BaseURL string
	APIKey  string
	// RunwareURL and RunwareKey configure Runware image models; without a key
	// Runware models are skipped by routing.
	RunwareURL string
	RunwareKey string
	// Routes overrides the ai_models routing per task with an ordered list of
	// model names (primary first).
	Routes map[Task][]string
	// MaxAttempts is the number of tries per model on retryable errors (default 3).
	MaxAttempts int
	// BackoffBase and BackoffMax bound the exponential backoff between tries
	// (defaults 1s and 30s); a Retry-After header wins, capped at RetryAfterMax.
	BackoffBase   time.Duration
	BackoffMax    time.Duration
	RetryAfterMax time.Duration
	// TimeoutBase + TimeoutPerToken*maxTokens is one attempt's timeout
	// (defaults 30s and 25ms: a 8000-token article gets 230s).
	TimeoutBase     time.Duration
	TimeoutPerToken time.Duration
	// RPMOverride, when > 0, replaces every model's requests-per-minute
	// ceiling (per provider key, see ratelimit.go).
	RPMOverride int
	// MaxRateWait is the longest a call waits in place for its key's rate
	// limit (or a 429's Retry-After); a longer wait returns a
	// *RateLimitError, which a job snoozes on (default 10s).
	MaxRateWait time.Duration
	// Sleep waits between retries and for a key's rate limit; tests replace
	// it to observe backoff and pacing without waiting. Nil means a
	// context-aware timer.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the clock of the AI cost caps and the key rate limiters (nil:
	// the wall clock); tests move it across a cap's day or month, or hold
	// it still to read a limiter's pacing from the waits it asks for.
	Now func() time.Time
	// HTTPClient is the base client for provider calls (nil: a default one).
	HTTPClient *http.Client
	// DevLatency makes every dev provider call wait this long first (or
	// until its context ends), so a load test sees jobs that take the time
	// a real model would; zero answers at once.
	DevLatency time.Duration
}

// ConfigFromEnv reads the configuration documented in docs/AI.md.
func ConfigFromEnv() Config {
	c := Config{
		Dev:        strings.EqualFold(os.Getenv(EnvMode), "dev"),
		BaseURL:    os.Getenv(EnvBaseURL),
		APIKey:     os.Getenv(EnvAPIKey),
		RunwareURL: os.Getenv(EnvRunwareURL),
		RunwareKey: os.Getenv(EnvRunwareKey),
		Routes:     map[Task][]string{},
	}
	if d, err := time.ParseDuration(os.Getenv(EnvDevLatency)); err == nil && d > 0 {
		c.DevLatency = d
	}
	for _, t := range Tasks {
		if v := os.Getenv(EnvModelPrefix + strings.ToUpper(string(t))); v != "" {
			c.Routes[t] = splitList(v)
		}
	}
	return c
}

func splitList(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (c Config) withDefaults() Config {
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 3
	}
	if c.BackoffBase <= 0 {
		c.BackoffBase = time.Second
	}
	if c.BackoffMax <= 0 {
		c.BackoffMax = 30 * time.Second
	}
	if c.RetryAfterMax <= 0 {
		c.RetryAfterMax = 2 * time.Minute
	}
	if c.MaxRateWait <= 0 {
		c.MaxRateWait = 10 * time.Second
	}
	if c.TimeoutBase <= 0 {
		c.TimeoutBase = 30 * time.Second
	}
	if c.TimeoutPerToken <= 0 {
		c.TimeoutPerToken = 25 * time.Millisecond
	}
	if c.RunwareURL == "" {
		c.RunwareURL = DefaultRunwareURL
	}
	if c.Sleep == nil {
		c.Sleep = sleepCtx
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{}
	}
	return c
}

// DevMode reports whether instance-level calls go to the dev provider: forced,
// or nothing configured. A workspace with its own key still gets real calls.
func (c Config) DevMode() bool {
	return c.Dev || (c.APIKey == "" && c.BaseURL == "")
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// storeKey holds the per-app engine in app.Store().
const storeKey = "igny8.ai.engine"

var engineMu sync.Mutex

// engineOf returns app's engine, creating it from the environment if Register
// was not called (e.g. a bare app in a unit test).
func engineOf(app core.App) *engine {
	if e, ok := app.Store().Get(storeKey).(*engine); ok {
		return e
	}
	engineMu.Lock()
	defer engineMu.Unlock()
	if e, ok := app.Store().Get(storeKey).(*engine); ok {
		return e
	}
	e := newEngine(app, ConfigFromEnv())
	app.Store().Set(storeKey, e)
	return e
}

// Configure replaces app's provider configuration. Rate limiters are kept
// (they belong to the provider keys and models, not the configuration).
func Configure(app core.App, c Config) {
	engineOf(app).configure(c)
}

// CurrentConfig returns app's configuration with defaults applied.
func CurrentConfig(app core.App) Config {
	return engineOf(app).config()
}

// Hook ids of the AI layer.
const (
	// HookDevWarning warns at start about dev mode.
	HookDevWarning = "igny8AIDevWarning"
	// HookPromptValidate refuses a prompt whose template breaks or exceeds
	// the prompt budgets, however it is saved (route, collections API, admin UI).
	HookPromptValidate = "igny8AIPromptValidate"
)

// Register configures the AI layer of app from the environment and logs a
// warning at start when the dev provider will answer.
func Register(app core.App) error {
	engineOf(app)
	app.OnRecordValidate(collections.Prompts).Bind(&hook.Handler[*core.RecordEvent]{
		Id:   HookPromptValidate,
		Func: validatePromptRecord,
	})
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: HookDevWarning,
		Func: func(e *core.ServeEvent) error {
			c := CurrentConfig(e.App)
			if c.DevMode() {
				msg := "AI dev mode: no OPENAI_API_KEY/OPENAI_BASE_URL (or IGNY8_AI=dev); " +
					"the deterministic dev provider answers every AI call with placeholder output marked model \"dev\""
				e.App.Logger().Warn(msg)
				if e.Server == nil {
					return e.Next() // a test's serve event, not a terminal
				}
				// the logger writes to the logs database only (outside --dev), so
				// say it where the person who started the server is looking
				fmt.Fprintln(os.Stderr, "igny8: "+msg)
			}
			return e.Next()
		},
	})
	return nil
}

// MustRegister is [Register] that panics on an error.
func MustRegister(app core.App) {
	if err := Register(app); err != nil {
		panic(err)
	}
}
