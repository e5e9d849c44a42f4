// Package aitest is a fake OpenAI-compatible HTTP server (plus a Runware
// endpoint) for tests of any igny8 package. Tests reach it through the real
// go-openai client: point the app at it with srv.Configure(app) (or set
// OPENAI_BASE_URL to srv.BaseURL()) and script replies per call:
//
//	srv := aitest.New(t)
//	srv.Configure(app)
//	srv.Enqueue(aitest.RateLimited(2), aitest.JSON(map[string]any{"clusters": ...}))
//
// Replies are consumed in order; when the queue is empty the Handler (if set)
// answers, else a default: "ok" for chat, deterministic vectors for
// embeddings and a small PNG for images.
package aitest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/igny8/igny8/ai"
	"github.com/pocketbase/pocketbase/core"
)

// Call is one request the server received.
type Call struct {
	Time     time.Time
	Path     string
	Model    string
	Auth     string
	Body     []byte
	Messages []ai.Message
	// ResponseFormat is "", "json_object" or "json_schema"; Strict and
	// Schema are set for json_schema.
	ResponseFormat string
	Strict         bool
	Schema         map[string]any
	MaxTokens      int
	// Input holds embedding inputs; Prompt the image prompt.
	Input  []string
	Prompt string
}

// Server is the fake API.
type Server struct {
	srv *httptest.Server
	// URL is the server root; BaseURL() adds /v1.
	URL string

	mu      sync.Mutex
	queue   []Reply
	handler func(Call) Reply
	calls   []Call
	sleeps  []time.Duration
}

// New starts a server that stops when t ends.
func New(t testing.TB) *Server {
	s := &Server{}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/chat/completions", s.chat)
	mux.HandleFunc("POST /v1/embeddings", s.embeddings)
	mux.HandleFunc("POST /v1/images/generations", s.images)
	mux.HandleFunc("POST /runware", s.runware)
	s.srv = httptest.NewServer(mux)
	s.URL = s.srv.URL
	t.Cleanup(s.srv.Close)
	return s
}

// BaseURL is the value for OPENAI_BASE_URL.
func (s *Server) BaseURL() string { return s.URL + "/v1" }

// RunwareURL is the value for RUNWARE_BASE_URL.
func (s *Server) RunwareURL() string { return s.URL + "/runware" }

// Config is an ai.Config pointing at this server, with a recording no-wait
// Sleep so retry tests do not wait out their backoff (see Sleeps), and a
// requests-per-minute ceiling so high that no limiter wait shows up among
// those sleeps unless a test sets a model's rpm (RPMOverride 0).
func (s *Server) Config() ai.Config {
	return ai.Config{
		BaseURL: s.BaseURL(), APIKey: "sk-test-instance",
		RunwareURL: s.RunwareURL(), RunwareKey: "rw-test",
		BackoffBase: 10 * time.Millisecond, BackoffMax: 50 * time.Millisecond,
		RPMOverride: 1 << 30,
		Sleep: func(ctx context.Context, d time.Duration) error {
			s.mu.Lock()
			s.sleeps = append(s.sleeps, d)
			s.mu.Unlock()
			return ctx.Err()
		},
	}
}

// Configure points app's AI layer at this server (see Config).
func (s *Server) Configure(app core.App) { ai.Configure(app, s.Config()) }

// Enqueue adds replies, answered in order.
func (s *Server) Enqueue(r ...Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queue = append(s.queue, r...)
}

// Handle sets the function that answers when the queue is empty.
func (s *Server) Handle(fn func(Call) Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handler = fn
}

// Calls returns the requests received so far.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// Sleeps returns the backoff waits the Config's Sleep was asked for.
func (s *Server) Sleeps() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.sleeps...)
}

// Pending is the number of queued replies not yet used.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue)
}

func (s *Server) next(c Call) (Reply, bool) {
	s.mu.Lock()
	s.calls = append(s.calls, c)
	if len(s.queue) > 0 {
		r := s.queue[0]
		s.queue = s.queue[1:]
		s.mu.Unlock()
		return r, true
	}
	h := s.handler
	s.mu.Unlock()
	if h != nil {
		return h(c), true
	}
	return Reply{}, false
}

func readCall(r *http.Request) (Call, map[string]any) {
	body, _ := io.ReadAll(r.Body)
	c := Call{Time: time.Now(), Path: r.URL.Path, Auth: r.Header.Get("Authorization"), Body: body}
	var m map[string]any
	_ = json.Unmarshal(body, &m)
	c.Model, _ = m["model"].(string)
	return c, m
}

// hold waits out a delay unless the client gives up; it reports whether to answer.
func hold(r *http.Request, rep Reply) bool {
	if rep.Delay <= 0 {
		return true
	}
	select {
	case <-time.After(rep.Delay):
		return true
	case <-r.Context().Done():
		return false
	}
}

// writeSpecial handles error statuses and raw bodies; it reports whether it answered.
func writeSpecial(w http.ResponseWriter, rep Reply) bool {
	for k, v := range rep.Headers {
		w.Header().Set(k, v)
	}
	if rep.RetryAfter != "" {
		w.Header().Set("Retry-After", rep.RetryAfter)
	}
	if rep.Body != "" {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(max(rep.Status, http.StatusOK))
		io.WriteString(w, rep.Body)
		return true
	}
	if rep.Status != 0 && rep.Status != http.StatusOK {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(rep.Status)
		typ := map[int]string{429: "rate_limit_exceeded", 500: "server_error", 400: "invalid_request_error", 401: "invalid_api_key"}[rep.Status]
		fmt.Fprintf(w, `{"error":{"message":"fake error %d","type":%q,"code":null}}`, rep.Status, typ)
		return true
	}
	return false
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func (s *Server) chat(w http.ResponseWriter, r *http.Request) {
	c, m := readCall(r)
	if msgs, ok := m["messages"].([]any); ok {
		for _, x := range msgs {
			mm, _ := x.(map[string]any)
			role, _ := mm["role"].(string)
			content, _ := mm["content"].(string)
			c.Messages = append(c.Messages, ai.Message{Role: role, Content: content})
		}
	}
	if rf, ok := m["response_format"].(map[string]any); ok {
		c.ResponseFormat, _ = rf["type"].(string)
		if js, ok := rf["json_schema"].(map[string]any); ok {
			c.Strict, _ = js["strict"].(bool)
			c.Schema, _ = js["schema"].(map[string]any)
		}
	}
	for _, k := range []string{"max_completion_tokens", "max_tokens"} {
		if v, ok := m[k].(float64); ok {
			c.MaxTokens = int(v)
		}
	}
	rep, ok := s.next(c)
	if !ok {
		rep = Text("ok")
	}
	if !hold(r, rep) || writeSpecial(w, rep) {
		return
	}
	in, out := rep.TokensIn, rep.TokensOut
	if in == 0 {
		for _, msg := range c.Messages {
			in += len(msg.Content)/4 + 1
		}
	}
	if out == 0 {
		out = len(rep.Content)/4 + 1
	}
	fr := rep.FinishReason
	if fr == "" {
		fr = "stop"
	}
	writeJSON(w, map[string]any{
		"id": "chatcmpl-fake", "object": "chat.completion", "created": time.Now().Unix(), "model": c.Model,
		"choices": []any{map[string]any{"index": 0, "finish_reason": fr,
			"message": map[string]any{"role": "assistant", "content": rep.Content}}},
		"usage": map[string]any{"prompt_tokens": in, "completion_tokens": out, "total_tokens": in + out},
	})
}
