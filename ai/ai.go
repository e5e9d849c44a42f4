// Package ai is the one layer every igny8 module goes through to ask a model
// for text, JSON, embeddings or images. Each call is routed to a model by task
// (with fallbacks), rate limited per model across all workers of the process,
// retried on 429/5xx/timeouts, checked (structured output is validated and
// repaired once, truncation is an error) and costed from the ai_models price
// table, so jobs can record which model answered and what it cost.
//
// Without any key configured (or with IGNY8_AI=dev) a deterministic dev
// provider answers instead, so the whole pipeline runs offline; its answers
// carry the model name "dev".
package ai

import (
	"context"
	"errors"

	"github.com/pocketbase/pocketbase/core"
)

// Task names the kind of work a call does; routing picks models per task.
type Task string

// The tasks routed by the ai_models table.
const (
	TaskClustering   Task = "clustering"
	TaskIdeas        Task = "ideas"
	TaskContent      Task = "content"
	TaskImagePrompts Task = "image_prompts"
	TaskImages       Task = "images"
	TaskReparse      Task = "reparse"
	TaskEmbeddings   Task = "embeddings"
)

// Tasks lists every task in a stable order.
var Tasks = []Task{TaskClustering, TaskIdeas, TaskContent, TaskImagePrompts, TaskImages, TaskReparse, TaskEmbeddings}

// Message is one chat message; Role is "system", "user" or "assistant".
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// Request is a chat (text or JSON) call.
type Request struct {
	// Task selects the route (primary model and fallbacks).
	Task Task
	// Tenant is the workspace the call is made for: its own AI key is used if
	// it has one. Empty means a platform call with the instance key.
	Tenant string
	// Messages are sent as given; JSON adds its schema instructions.
	Messages []Message
	// MaxTokens caps the output; 0 uses the model's max output (bounded).
	// Per-attempt timeouts grow with it so long articles are not cut off.
	MaxTokens int
	// Temperature is sent only to models that accept it; 0 leaves the default.
	Temperature float32
	// Model forces one model (skipping the route) when set.
	Model string
	// Items are the input values a JSON answer must account for, e.g. the
	// keywords to cluster. Real providers never get them (the prompt already
	// lists them, in whatever words a prompt override uses); the dev provider
	// deals them out instead of reading the prompt, so its answer covers
	// each exactly once.
	Items []string
	// DevAnswer, when set, is what the dev provider answers a JSON call with
	// (real providers never see it): the caller's own decision without a
	// model, such as the clustering job's lexical grouping and assignments.
	// Offline runs then behave like a model that agrees with that decision,
	// instead of the dev provider guessing a judgement it cannot make (which
	// keyword belongs to which cluster) from the schema.
	DevAnswer any
}

// Usage is what one call consumed; jobs record it (jobs.RecordUsage).
type Usage struct {
	// Model is the model that produced the answer ("dev" for the dev provider).
	Model string `json:"model"`
	// Provider is the provider of Model: openai, runware or dev.
	Provider  string  `json:"provider"`
	TokensIn  int     `json:"tokensIn"`
	TokensOut int     `json:"tokensOut"`
	Images    int     `json:"images,omitempty"`
	CostUSD   float64 `json:"costUSD"`
	// Calls counts provider requests, retries and repairs included.
	Calls int `json:"calls"`
	// Fallbacks lists models that failed before Model answered.
	Fallbacks []string `json:"fallbacks,omitempty"`
}

// Add folds another call's (or attempt's) usage into u: tokens, images, cost
// and calls add up (failed or repaired attempts are real spend and are kept),
// fallbacks accumulate in order, and the model and provider become o's when o
// names one, so a sum of several calls names the one that answered last.
// Every place that adds usage up (the engine's fallback loop, a writer's
// sections, a clustering run's calls) goes through here, so none drops a field.
func (u *Usage) Add(o Usage) {
	if o.Model != "" {
		u.Model, u.Provider = o.Model, o.Provider
	}
	u.TokensIn += o.TokensIn
	u.TokensOut += o.TokensOut
	u.Images += o.Images
	u.CostUSD += o.CostUSD
	u.Calls += o.Calls
	u.Fallbacks = append(u.Fallbacks, o.Fallbacks...)
}

// ImageRequest asks for one image.
type ImageRequest struct {
	Tenant string
	Prompt string
	// Negative is an optional negative prompt (Runware models use it).
	Negative string
	Width    int
	Height   int
	// Model forces one model (skipping the images route) when set.
	Model string
}

// ImageResult is a generated image.
type ImageResult struct {
	Bytes []byte
	// MIME is the detected content type, e.g. image/png.
	MIME string
	// RevisedPrompt is the prompt the provider says it used, when it says.
	RevisedPrompt string
}

// Errors callers can test for with errors.Is.
var (
	// ErrTruncated means the model stopped at its output limit
	// (finish_reason "length"). Text returns the partial text alongside it so
	// a caller may continue (append it as an assistant message and ask to go
	// on) or regenerate with a larger MaxTokens; JSON never decodes a
	// truncated reply.
	ErrTruncated = errors.New("ai: the reply was cut off (output truncated at the token limit)")
	// ErrInvalidOutput means the reply was not valid against the schema even
	// after one repair round, on every model of the route.
	ErrInvalidOutput = errors.New("ai: model output does not match the schema")
	// ErrNoModel means no enabled, configured model serves the task.
	ErrNoModel = errors.New("ai: no model configured for this task")
	// ErrProvider wraps a provider failure that survived retries and fallbacks.
	ErrProvider = errors.New("ai: provider failed")
)

// Text asks for free text (HTML articles, outlines) and returns it with the
// usage. On ErrTruncated the partial text is returned too.
func Text(ctx context.Context, app core.App, req Request) (string, Usage, error) {
	return engineOf(app).text(ctx, req)
}

// JSON asks for data shaped like out (a pointer): the JSON schema is derived
// from out's Go type, the reply is extracted, validated, repaired once, and
// decoded into out.
func JSON(ctx context.Context, app core.App, req Request, out any) (Usage, error) {
	return engineOf(app).json(ctx, req, out)
}

// Embed returns one embedding vector per text, in order.
func Embed(ctx context.Context, app core.App, tenant string, texts []string) ([][]float32, Usage, error) {
	return engineOf(app).embed(ctx, tenant, texts)
}

// Image generates one image through the images route.
func Image(ctx context.Context, app core.App, req ImageRequest) (ImageResult, Usage, error) {
	return engineOf(app).image(ctx, req)
}
