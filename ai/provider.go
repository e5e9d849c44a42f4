package ai

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/igny8/igny8/tools/redact"
	openai "github.com/sashabaranov/go-openai"
)

const providerDev = "dev"

// Provider is one model API. The engine around it does routing, limits,
// retries, validation and costing, so a provider only translates one call.
type Provider interface {
	Chat(ctx context.Context, m Model, p ChatParams) (ChatResult, error)
	Embed(ctx context.Context, m Model, texts []string) ([][]float32, int, error)
	Image(ctx context.Context, m Model, r ImageRequest) (ImageResult, error)
}

// ChatParams is one chat completion request.
type ChatParams struct {
	Messages    []Message
	MaxTokens   int
	Temperature float32
	// Schema, when set, asks for JSON: strict json_schema if Strict, else
	// json_object mode.
	Schema     map[string]any
	SchemaName string
	Strict     bool
	// Task is passed to the dev provider as a hint.
	Task Task
	// Items and DevAnswer (Request.Items, Request.DevAnswer) are for the dev provider only.
	Items     []string
	DevAnswer any
}

// ChatResult is one chat completion answer.
type ChatResult struct {
	Content      string
	FinishReason string
	TokensIn     int
	TokensOut    int
}

// ProviderError is a failed provider request with what retrying needs.
type ProviderError struct {
	Model      string
	Status     int           // HTTP status, 0 for network errors and timeouts
	RetryAfter time.Duration // from the Retry-After header
	Timeout    bool
	Err        error
	// secrets are the keys the call was made with, removed from Error's text
	// along with anything else shaped like a credential.
	secrets []string
}

// Error is the failure as text for people and job histories: upstream text
// (an error body, a gateway's echo of the request) with every credential
// redacted, so an editor or a job error never shows a key.
func (e *ProviderError) Error() string {
	s := fmt.Sprintf("%s: ", e.Model)
	if e.Status != 0 {
		s += fmt.Sprintf("HTTP %d: ", e.Status)
	}
	if e.Timeout {
		s += "timeout: "
	}
	return redact.Secrets(s+e.Err.Error(), e.secrets...)
}

func (e *ProviderError) Unwrap() error { return e.Err }

// Retryable reports whether trying the same model again may succeed.
func (e *ProviderError) Retryable() bool {
	return e.Timeout || e.Status == http.StatusTooManyRequests || e.Status == http.StatusRequestTimeout ||
		e.Status >= 500 || (e.Status == 0 && isNetErr(e.Err))
}

func isNetErr(err error) bool {
	var ne net.Error
	return errors.As(err, &ne)
}

// callInfo travels in the request context so the transport can report
// response details go-openai does not expose: Retry-After of a failed answer
// and the rate-limit headers of every answer.
type callInfo struct {
	status     int
	retryAfter time.Duration
	remaining  int           // requests the key has left (-1: not said)
	reset      time.Duration // until the key's request limit resets
	costUSD    float64       // what the answered request cost (set by the caller)
}

type callInfoKey struct{}

func withCallInfo(ctx context.Context) (context.Context, *callInfo) {
	ci := &callInfo{remaining: -1}
	return context.WithValue(ctx, callInfoKey{}, ci), ci
}

// infoTransport records status, Retry-After and rate-limit headers.
type infoTransport struct{ base http.RoundTripper }

func (t infoTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	res, err := t.base.RoundTrip(r)
	if err != nil {
		return res, err
	}
	if ci, ok := r.Context().Value(callInfoKey{}).(*callInfo); ok {
		readLimitHeaders(ci, res.Header)
		if res.StatusCode >= 400 {
			ci.status = res.StatusCode
			ci.retryAfter = parseRetryAfter(res.Header.Get("Retry-After"))
		}
	}
	return res, err
}

// parseRetryAfter reads delta-seconds or an HTTP date.
func parseRetryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 {
		return time.Duration(s * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 {
			return d
		}
	}
	return 0
}

// asProviderError classifies err from one attempt of model.
func asProviderError(model string, err error, ci *callInfo, attemptCtx context.Context) *ProviderError {
	var pe *ProviderError
	if errors.As(err, &pe) {
		if pe.RetryAfter == 0 && ci != nil {
			pe.RetryAfter = ci.retryAfter
		}
		return pe
	}
	pe = &ProviderError{Model: model, Err: err}
	if ci != nil {
		pe.Status, pe.RetryAfter = ci.status, ci.retryAfter
	}
	var apiErr *openai.APIError
	var reqErr *openai.RequestError
	switch {
	case errors.As(err, &apiErr):
		pe.Status = apiErr.HTTPStatusCode
	case errors.As(err, &reqErr):
		pe.Status = reqErr.HTTPStatusCode
	}
	var jerr *json.SyntaxError
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(attemptCtx.Err(), context.DeadlineExceeded) {
		pe.Timeout = true
	} else if ne, ok := errors.AsType[net.Error](err); ok && ne.Timeout() {
		pe.Timeout = true
	} else if errors.As(err, &jerr) && pe.Status == 0 {
		// a garbled response body is a server fault worth one more try
		pe.Status = http.StatusBadGateway
	}
	return pe
}
