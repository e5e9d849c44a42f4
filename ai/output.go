package ai

import (
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// ExtractJSON finds the JSON value in a model reply: the whole reply, a
// ```json fenced block, or the first balanced {...} or [...] inside prose.
func ExtractJSON(reply string) (string, error) {
	s := strings.TrimSpace(reply)
	if s == "" {
		return "", errors.New("the reply is empty")
	}
	if json.Valid([]byte(s)) {
		return s, nil
	}
	// fenced blocks, ```json or bare ```
	rest := s
	for {
		i := strings.Index(rest, "```")
		if i < 0 {
			break
		}
		body := rest[i+3:]
		if nl := strings.IndexByte(body, '\n'); nl >= 0 && !strings.ContainsAny(body[:nl], "{[") {
			body = body[nl+1:]
		}
		j := strings.Index(body, "```")
		if j < 0 {
			break
		}
		if cand := strings.TrimSpace(body[:j]); json.Valid([]byte(cand)) {
			return cand, nil
		}
		rest = body[j+3:]
	}
	// a reply that opens a JSON value (bare or after a fence line) and never
	// closes it was cut off: a value nested inside it is not the answer
	body := s
	if strings.HasPrefix(body, "```") {
		if nl := strings.IndexByte(body, '\n'); nl >= 0 {
			body = strings.TrimSpace(body[nl+1:])
		}
	}
	if body != "" && (body[0] == '{' || body[0] == '[') && balanced(body, 0) < 0 {
		return "", ErrCutOff
	}
	for i := 0; i < len(s); i++ {
		if s[i] != '{' && s[i] != '[' {
			continue
		}
		if end := balanced(s, i); end > 0 && json.Valid([]byte(s[i:end])) {
			return s[i:end], nil
		}
	}
	return "", errors.New("the reply contains no valid JSON")
}

// ErrCutOff is ExtractJSON's answer for a reply whose JSON stops before its
// end (a reply cut off without the provider saying so). The JSON call
// reports it as ErrTruncated.
var ErrCutOff = errors.New("the reply was cut off before its JSON ended")

// balanced returns the end (exclusive) of the bracketed value starting at i, or -1.
func balanced(s string, i int) int {
	depth, inStr, esc := 0, false, false
	for j := i; j < len(s); j++ {
		c := s[j]
		switch {
		case esc:
			esc = false
		case inStr && c == '\\':
			esc = true
		case c == '"':
			inStr = !inStr
		case inStr:
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			depth--
			if depth == 0 {
				return j + 1
			}
		}
	}
	return -1
}

// Validate checks v (decoded JSON) against schema s and lists every problem
// with its path, e.g. `clusters[2].name: required`.
func Validate(v any, s map[string]any) error {
	var errs []string
	validate(v, s, "$", &errs)
	if len(errs) == 0 {
		return nil
	}
	if len(errs) > 20 {
		errs = append(errs[:20], fmt.Sprintf("... and %d more", len(errs)-20))
	}
	return errors.New(strings.Join(errs, "; "))
}

func types(s map[string]any) []string {
	switch t := s["type"].(type) {
	case string:
		return []string{t}
	case []any:
		out := make([]string, 0, len(t))
		for _, x := range t {
			if str, ok := x.(string); ok {
				out = append(out, str)
			}
		}
		return out
	case []string:
		return t
	}
	return nil
}

func jsonType(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		if x == math.Trunc(x) {
			return "integer"
		}
		return "number"
	case json.Number:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "unknown"
}

func validate(v any, s map[string]any, path string, errs *[]string) {
	ts := types(s)
	if len(ts) > 0 {
		got := jsonType(v)
		ok := slices.Contains(ts, got) || (got == "integer" && slices.Contains(ts, "number"))
		if !ok {
			*errs = append(*errs, fmt.Sprintf("%s: want %s, got %s", path, strings.Join(ts, " or "), got))
			return
		}
	}
	if enum, ok := s["enum"].([]any); ok && v != nil && !slices.Contains(enum, v) {
		*errs = append(*errs, fmt.Sprintf("%s: %v is not one of %v", path, v, enum))
	}
	switch x := v.(type) {
	case float64:
		if m, ok := s["minimum"].(float64); ok && x < m {
			*errs = append(*errs, fmt.Sprintf("%s: %v is below the minimum %v", path, x, m))
		}
		if m, ok := s["maximum"].(float64); ok && x > m {
			*errs = append(*errs, fmt.Sprintf("%s: %v is above the maximum %v", path, x, m))
		}
	case []any:
		if m, ok := s["minItems"].(float64); ok && float64(len(x)) < m {
			*errs = append(*errs, fmt.Sprintf("%s: %d items, want at least %v", path, len(x), m))
		}
		if m, ok := s["maxItems"].(float64); ok && float64(len(x)) > m {
			*errs = append(*errs, fmt.Sprintf("%s: %d items, want at most %v", path, len(x), m))
		}
		if items, ok := s["items"].(map[string]any); ok {
			for i, it := range x {
				validate(it, items, fmt.Sprintf("%s[%d]", path, i), errs)
			}
		}
	case map[string]any:
		props, _ := s["properties"].(map[string]any)
		req, _ := s["required"].([]string)
		for _, name := range req {
			ps, _ := props[name].(map[string]any)
			if _, ok := x[name]; !ok && !slices.Contains(types(ps), "null") {
				*errs = append(*errs, fmt.Sprintf("%s.%s: required", path, name))
			}
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if ps, ok := props[k].(map[string]any); ok {
				validate(x[k], ps, path+"."+k, errs)
			} else if ap, ok := s["additionalProperties"].(map[string]any); ok {
				validate(x[k], ap, path+"."+k, errs)
			}
		}
	}
}

// CleanText returns a text reply without its chat wrapping: a code fence
// around the whole answer (```html … ```, with or without words outside it),
// and conversational openings and closings ("Sure! Here is the section you
// asked for:", "Let me know if you would like any changes.") whether they
// stand as plain lines or as their own <p>. A wrapper is recognised only when
// every sentence of its block is one (see output_wrappers.go), so an article that
// opens with "Here is the thing about espresso: …" or closes with "Let us
// know in the comments …" keeps those sentences.
func CleanText(reply string) string {
	s := strings.TrimSpace(reply)
	s = unfence(s)
	for range 3 {
		head, rest, ok := firstBlock(s)
		if !ok || !isLeadWrapper(head) {
			break
		}
		s = strings.TrimSpace(rest)
	}
	for range 3 {
		tail, rest, ok := lastBlock(s)
		if !ok || !isTailWrapper(tail) {
			break
		}
		s = strings.TrimSpace(rest)
	}
	return s
}

// unfence returns the body of the reply's one fenced block when everything
// outside it is at most a short line or two (a wrapper), else s unchanged.
func unfence(s string) string {
	i := strings.Index(s, "```")
	if i < 0 {
		return s
	}
	body := s[i+3:]
	if nl := strings.IndexByte(body, '\n'); nl >= 0 && !strings.ContainsAny(body[:nl], "<>") && len(body[:nl]) <= 20 {
		body = body[nl+1:] // the language tag line
	}
	j := strings.Index(body, "```")
	after := ""
	if j >= 0 {
		after = body[j+3:]
		body = body[:j]
	}
	if strings.Contains(after, "```") || !wrapperish(s[:i]) || !wrapperish(after) {
		return s
	}
	return strings.TrimSpace(body)
}

// wrapperish: text outside a fence that is empty or a short remark.
func wrapperish(s string) bool {
	s = strings.TrimSpace(s)
	return s == "" || (len(strings.Fields(s)) <= 40 && strings.Count(s, "\n") <= 2 && !strings.Contains(s, "<"))
}

// firstBlock splits off the reply's first block: its first <p>…</p>, or the
// plain text before the first tag or line break. It returns the block's text
// without tags.
func firstBlock(s string) (text, rest string, ok bool) {
	if isPOpen(s) {
		end := strings.Index(asciiLower(s), "</p>")
		if end < 0 {
			return "", s, false
		}
		return tagText(s[:end]), s[end+len("</p>"):], true
	}
	if strings.HasPrefix(s, "<") || s == "" {
		return "", s, false
	}
	end := len(s)
	if i := strings.IndexAny(s, "<\n"); i >= 0 {
		end = i
	}
	return s[:end], s[end:], true
}

// lastBlock splits off the reply's last block: its last <p>…</p> when the
// reply ends with one, or the plain text after the last tag or line break.
func lastBlock(s string) (text, rest string, ok bool) {
	low := asciiLower(s)
	if strings.HasSuffix(low, "</p>") {
		start := -1
		for i := strings.LastIndex(low, "<p"); i >= 0; i = strings.LastIndex(low[:i], "<p") {
			if isPOpen(low[i:]) {
				start = i
				break
			}
		}
		if start < 0 || strings.Contains(low[start+2:len(low)-4], "</p>") {
			return "", s, false
		}
		return tagText(s[start : len(s)-4]), s[:start], true
	}
	if strings.HasSuffix(s, ">") || s == "" {
		return "", s, false
	}
	start := 0
	if i := strings.LastIndexAny(s, ">\n"); i >= 0 {
		start = i + 1
	}
	return s[start:], s[:start], true
}

// asciiLower lower-cases ASCII letters only, so byte offsets in the result
// are offsets in s (strings.ToLower changes lengths on invalid UTF-8).
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func isPOpen(s string) bool {
	l := asciiLower(s[:min(len(s), 3)])
	return strings.HasPrefix(l, "<p>") || strings.HasPrefix(l, "<p ")
}

var reTag = regexp.MustCompile(`<[^>]*>`)

// tagText is the text of an HTML fragment: tags removed, entities decoded,
// whitespace collapsed.
func tagText(s string) string {
	return strings.Join(strings.Fields(html.UnescapeString(reTag.ReplaceAllString(s, " "))), " ")
}
