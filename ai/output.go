package ai

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
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
