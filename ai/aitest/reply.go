package aitest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// Reply is one scripted answer. Zero fields take sensible defaults.
type Reply struct {
	// Status, when not 200, answers with an OpenAI-style error body.
	Status int
	// RetryAfter is sent as the Retry-After header (seconds or HTTP date).
	RetryAfter string
	// Headers are sent with the answer, e.g. the rate-limit headers
	// (see Remaining).
	Headers map[string]string
	// Content is the assistant message of a chat reply.
	Content string
	// FinishReason defaults to "stop".
	FinishReason string
	// Delay holds the reply back (a slow server); a client that gives up
	// (timeout) ends the wait.
	Delay time.Duration
	// Body, when set, is written verbatim (e.g. a garbled, non-JSON body).
	Body string
	// TokensIn and TokensOut are reported as usage; 0 estimates len/4.
	TokensIn, TokensOut int
	// Embeddings answers an embeddings call; nil derives vectors from the input.
	Embeddings [][]float32
	// Image answers an image call; nil is a small generated PNG.
	Image []byte
}

// Text is a plain chat reply.
func Text(s string) Reply { return Reply{Content: s} }

// JSON is a chat reply whose content is v marshalled.
func JSON(v any) Reply { return Reply{Content: mustJSON(v)} }

// Fenced wraps v's JSON in a ```json code fence.
func Fenced(v any) Reply { return Reply{Content: "```json\n" + mustJSON(v) + "\n```"} }

// Prose wraps v's JSON in chatty sentences before and after.
func Prose(v any) Reply {
	return Reply{Content: "Sure! Here is the data you asked for:\n" + mustJSON(v) + "\nLet me know if you need anything else."}
}

// InvalidJSON is a chat reply that looks like JSON but does not parse (its
// brackets close, so it is not a cut-off reply: a trailing comma).
func InvalidJSON() Reply { return Reply{Content: `{"clusters": [{"name": "broken", }]}`} }

// Truncated is a reply cut at the token limit (finish_reason "length").
func Truncated(partial string) Reply { return Reply{Content: partial, FinishReason: "length"} }

// RateLimited answers 429 with Retry-After seconds.
func RateLimited(seconds int) Reply {
	return Reply{Status: http.StatusTooManyRequests, RetryAfter: strconv.Itoa(seconds)}
}

// Remaining adds OpenAI's rate-limit headers to r: n requests left for the
// key, the limit resetting in reset.
func Remaining(n int, reset time.Duration, r Reply) Reply {
	if r.Headers == nil {
		r.Headers = map[string]string{}
	}
	r.Headers["x-ratelimit-remaining-requests"] = strconv.Itoa(n)
	r.Headers["x-ratelimit-reset-requests"] = reset.String()
	return r
}

// ServerError answers 500.
func ServerError() Reply { return Reply{Status: http.StatusInternalServerError} }

// Status answers an error with the given HTTP status.
func Status(code int) Reply { return Reply{Status: code} }

// Garbage answers 200 with a body that is not JSON at all.
func Garbage() Reply { return Reply{Body: "<html>502 Bad Gateway from a proxy</html>"} }

// Slow delays r by d.
func Slow(d time.Duration, r Reply) Reply { r.Delay = d; return r }

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
