package ai

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/pocketbase/pocketbase/core"
)

// engine is one app's AI layer state: configuration, cached provider clients
// and the rate limiters per provider key and model (ratelimit.go) shared by
// every goroutine using the app.
type engine struct {
	app core.App

	mu        sync.RWMutex
	cfg       Config
	providers map[string]Provider // by provider|baseURL|key

	limMu    sync.Mutex
	limiters map[string]*keyLimit // by limitKey
}

func newEngine(app core.App, c Config) *engine {
	return &engine{app: app, cfg: c.withDefaults(), providers: map[string]Provider{}, limiters: map[string]*keyLimit{}}
}

func (e *engine) configure(c Config) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.cfg = c.withDefaults()
	e.providers = map[string]Provider{}
}

func (e *engine) config() Config {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.cfg
}

// creds are the credentials one call uses.
type creds struct {
	dev        bool
	baseURL    string
	openaiKey  string
	runwareKey string
	runwareURL string
	ownKey     bool // openaiKey is the workspace's own
}

// credsFor resolves the workspace's own key (decrypted) or the instance's.
func (e *engine) credsFor(tenant string) (creds, error) {
	c := e.config()
	cr := creds{baseURL: c.BaseURL, openaiKey: c.APIKey, runwareKey: c.RunwareKey, runwareURL: c.RunwareURL}
	if c.Dev {
		return creds{dev: true}, nil
	}
	if tenant != "" {
		rec, err := e.app.FindRecordById(collections.Tenants, tenant)
		if err != nil {
			return creds{}, fmt.Errorf("ai: workspace %q: %w", tenant, err)
		}
		key, err := tenancy.Secret(e.app, rec, collections.TenantAIKey)
		if err != nil {
			return creds{}, fmt.Errorf("ai: workspace key: %w", err)
		}
		if key != "" {
			cr.openaiKey = key
			cr.ownKey = true
		}
	}
	cr.dev = cr.openaiKey == "" && cr.baseURL == "" && cr.runwareKey == ""
	return cr, nil
}

func (e *engine) provider(m Model, cr creds) Provider {
	c := e.config()
	key := m.Provider + "|" + cr.baseURL + "|" + cr.openaiKey
	if m.Provider == collections.AIProviderRunware {
		key = m.Provider + "|" + cr.runwareURL + "|" + cr.runwareKey
	}
	if m.Provider == providerDev {
		return devProvider{latency: c.DevLatency}
	}
	e.mu.RLock()
	p, ok := e.providers[key]
	e.mu.RUnlock()
	if ok {
		return p
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if p, ok := e.providers[key]; ok {
		return p
	}
	if m.Provider == collections.AIProviderRunware {
		p = newRunwareProvider(cr.runwareURL, cr.runwareKey, c.HTTPClient)
	} else {
		p = newOpenAIProvider(cr.baseURL, cr.openaiKey, c.HTTPClient)
	}
	e.providers[key] = p
	return p
}

// timeout sizes one attempt by the output it may produce.
func (e *engine) timeout(maxTokens int) time.Duration {
	c := e.config()
	return c.TimeoutBase + time.Duration(maxTokens)*c.TimeoutPerToken
}

// do runs call against model m through the credentials' key limiter (lim
// nil: no limit, the dev provider), with retries on 429/5xx/timeouts,
// honouring Retry-After. A wait for the key's limit longer than MaxRateWait
// (before a request, or a 429's Retry-After) ends in a *RateLimitError. It
// returns how many requests it made.
func (e *engine) do(ctx context.Context, m Model, lim *keyLimit, maxTokens int, call func(ctx context.Context) error) (int, error) {
	c := e.config()
	calls := 0
	afterPause := false
	for attempt := 1; ; attempt++ {
		waitStart := time.Now()
		if lim != nil {
			if err := lim.admit(ctx, c.Now, c.Sleep, m.Name, c.MaxRateWait, afterPause); err != nil {
				return calls, err
			}
		}
		waited := time.Since(waitStart)
		actx, cancel := context.WithTimeout(ctx, e.timeout(maxTokens))
		actx, ci := withCallInfo(actx)
		callStart := time.Now()
		err := call(actx)
		e.reportCall(m, waited, time.Since(callStart), err, actx)
		calls++
		if lim != nil {
			lim.observe(c.Now(), ci)
		}
		if err == nil {
			cancel()
			return calls, nil
		}
		if errors.Is(err, ErrTruncated) {
			cancel()
			return calls, err
		}
		pe := asProviderError(m.Name, err, ci, actx)
		cancel()
		if ctx.Err() != nil {
			return calls, ctx.Err()
		}
		if !pe.Retryable() || attempt >= c.MaxAttempts {
			return calls, pe
		}
		wait := min(c.BackoffBase<<(attempt-1), c.BackoffMax)
		if pe.RetryAfter > 0 {
			wait = min(pe.RetryAfter, c.RetryAfterMax)
		}
		if pe.Status == http.StatusTooManyRequests && wait > c.MaxRateWait {
			return calls, &RateLimitError{Model: m.Name, Wait: wait}
		}
		e.app.Logger().Debug("ai: retrying", "model", m.Name, "attempt", attempt, "wait", wait.String(), "error", pe.Error())
		if err := c.Sleep(ctx, wait); err != nil {
			return calls, err
		}
		afterPause = pe.Status == http.StatusTooManyRequests
	}
}

// models returns the route of task for these credentials: the dev model in
// dev mode, else the configured models whose provider has credentials, the
// workspace's default model for the task first (Settings > Models).
func (e *engine) models(task Task, tenant, force string, cr creds) ([]Model, error) {
	if cr.dev {
		return []Model{devModel}, nil
	}
	all, err := Route(e.app, e.config(), task, force)
	if err != nil {
		return nil, err
	}
	if force == "" {
		all = preferWorkspace(e.app, tenant, task, all)
	}
	ms := usable(all, cr)
	if len(ms) == 0 {
		return nil, fmt.Errorf("%w: %s", ErrNoModel, task)
	}
	return ms, nil
}

// fallback tries each model in order until one answers. Truncation, invalid
// arguments, a rate limit and cancellation stop at once; other failures move
// to the next.
func (e *engine) fallback(ctx context.Context, task Task, tenant, force string, try func(m Model, p Provider, lim *keyLimit, u *Usage) error) (Usage, error) {
	cr, err := e.credsFor(tenant)
	if err != nil {
		return Usage{}, err
	}
	ms, err := e.models(task, tenant, force, cr)
	if err != nil {
		return Usage{}, err
	}
	if p := payerOf(ctx); p != nil {
		p.dev = cr.dev
		p.ownOpenAI = cr.ownKey
	}
	if err := e.checkCaps(ctx, tenant, cr, ms); err != nil {
		return Usage{}, err
	}
	var total Usage
	var errs []error
	for _, m := range ms {
		var u Usage
		var lim *keyLimit
		if m.Provider != providerDev {
			lim = e.keyLimit(m, limitKey(m, cr))
		}
		err := try(m, e.provider(m, cr), lim, &u)
		if pe, ok := errors.AsType[*ProviderError](err); ok {
			pe.secrets = []string{cr.openaiKey, cr.runwareKey}
		}
		total.Add(u)
		if err == nil {
			total.Model, total.Provider = m.Name, m.Provider
			return total, nil
		}
		// a rate-limited model is waited for (a job snoozes), not swapped
		// for a weaker one
		if ctx.Err() != nil || errors.Is(err, ErrTruncated) || errors.Is(err, errBadRequest) || errors.Is(err, ErrRateLimited) {
			total.Model, total.Provider = m.Name, m.Provider
			return total, err
		}
		e.app.Logger().Warn("ai: model failed, trying the next", "task", string(task), "model", m.Name, "error", err.Error())
		total.Fallbacks = append(total.Fallbacks, m.Name)
		errs = append(errs, err)
	}
	err = errors.Join(errs...)
	if !errors.Is(err, ErrInvalidOutput) {
		err = fmt.Errorf("%w: %w", ErrProvider, err)
	}
	return total, err
}

// errBadRequest marks caller errors no other model would fix.
var errBadRequest = errors.New("ai: bad request")

func (e *engine) maxTokens(req Request, m Model) int {
	n := req.MaxTokens
	if n <= 0 {
		n = 4096
	}
	if m.MaxOutputTokens > 0 && n > m.MaxOutputTokens {
		n = m.MaxOutputTokens
	}
	return n
}

func (e *engine) chatOnce(ctx context.Context, m Model, p Provider, lim *keyLimit, cp ChatParams, u *Usage) (ChatResult, error) {
	var res ChatResult
	calls, err := e.do(ctx, m, lim, cp.MaxTokens, func(ctx context.Context) error {
		r, err := p.Chat(ctx, m, cp)
		if err != nil {
			return err
		}
		res = r
		setCallCost(ctx, m.Cost(r.TokensIn, r.TokensOut, 0))
		return nil
	})
	u.Calls += calls
	u.TokensIn += res.TokensIn
	u.TokensOut += res.TokensOut
	u.CostUSD += m.Cost(res.TokensIn, res.TokensOut, 0)
	if err == nil && res.FinishReason == "length" {
		return res, fmt.Errorf("%w (model %s, %d output tokens)", ErrTruncated, m.Name, res.TokensOut)
	}
	return res, err
}

// MaxInputBytes bounds the messages of one chat call: a few times the
// longest prompt a module builds, so no input (a stored article, an
// override's output, a caller's variables) can make a call of any size.
const MaxInputBytes = 4 << 20

// checkMessages refuses a call without messages or with more than MaxInputBytes.
func checkMessages(msgs []Message) error {
	if len(msgs) == 0 {
		return fmt.Errorf("%w: no messages", errBadRequest)
	}
	n := 0
	for _, m := range msgs {
		n += len(m.Content)
	}
	if n > MaxInputBytes {
		return fmt.Errorf("%w: %d bytes of messages (at most %d)", errBadRequest, n, MaxInputBytes)
	}
	return nil
}

func (e *engine) text(ctx context.Context, req Request) (string, Usage, error) {
	if err := checkMessages(req.Messages); err != nil {
		return "", Usage{}, err
	}
	ctx, _ = withPayer(ctx, req.Tenant)
	var out string
	u, err := e.fallback(ctx, req.Task, req.Tenant, req.Model, func(m Model, p Provider, lim *keyLimit, u *Usage) error {
		cp := ChatParams{Messages: req.Messages, MaxTokens: e.maxTokens(req, m), Temperature: req.Temperature, Task: req.Task}
		res, err := e.chatOnce(ctx, m, p, lim, cp, u)
		out = res.Content
		return err
	})
	return out, u, err
}

func (e *engine) embed(ctx context.Context, tenant string, texts []string) ([][]float32, Usage, error) {
	if len(texts) == 0 {
		return nil, Usage{}, nil
	}
	ctx, _ = withPayer(ctx, tenant)
	var vecs [][]float32
	u, err := e.fallback(ctx, TaskEmbeddings, tenant, "", func(m Model, p Provider, lim *keyLimit, u *Usage) error {
		var tokens int
		calls, err := e.do(ctx, m, lim, 0, func(ctx context.Context) error {
			v, n, err := p.Embed(ctx, m, texts)
			vecs, tokens = v, n
			if err == nil {
				setCallCost(ctx, m.Cost(n, 0, 0))
			}
			return err
		})
		u.Calls += calls
		u.TokensIn += tokens
		u.CostUSD += m.Cost(tokens, 0, 0)
		return err
	})
	return vecs, u, err
}

func (e *engine) image(ctx context.Context, req ImageRequest) (ImageResult, Usage, error) {
	if req.Prompt == "" {
		return ImageResult{}, Usage{}, fmt.Errorf("%w: empty image prompt", errBadRequest)
	}
	ctx, _ = withPayer(ctx, req.Tenant)
	var out ImageResult
	u, err := e.fallback(ctx, TaskImages, req.Tenant, req.Model, func(m Model, p Provider, lim *keyLimit, u *Usage) error {
		calls, err := e.do(ctx, m, lim, 4000, func(ctx context.Context) error {
			r, err := p.Image(ctx, m, req)
			out = r
			if err == nil {
				setCallCost(ctx, m.Cost(0, 0, 1))
			}
			return err
		})
		u.Calls += calls
		if err == nil {
			u.Images++
			u.CostUSD += m.Cost(0, 0, 1)
		}
		return err
	})
	return out, u, err
}
