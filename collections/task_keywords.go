package collections

import (
	"encoding/json"
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// TaskKeywords reads tasks.keywords: a JSON list of keyword strings, the
// primary keyword first, as the planner writes it. Rows written by hand or by
// older code may hold objects ({"keyword": …} or {"name": …}); they read the
// same. Blanks and repeats (ignoring case) are dropped.
func TaskKeywords(task *core.Record) []string {
	raw, err := json.Marshal(task.Get("keywords"))
	if err != nil {
		return nil
	}
	var items []json.RawMessage
	if json.Unmarshal(raw, &items) != nil {
		// a JSONRaw value marshals as a JSON string of the raw text
		var text string
		if json.Unmarshal(raw, &text) != nil || json.Unmarshal([]byte(text), &items) != nil {
			return nil
		}
	}
	out := make([]string, 0, len(items))
	seen := map[string]bool{}
	for _, it := range items {
		var s string
		if json.Unmarshal(it, &s) != nil {
			var obj struct{ Keyword, Name string }
			if json.Unmarshal(it, &obj) != nil {
				continue
			}
			s = obj.Keyword
			if s == "" {
				s = obj.Name
			}
		}
		s = strings.TrimSpace(s)
		if s != "" && !seen[strings.ToLower(s)] {
			seen[strings.ToLower(s)] = true
			out = append(out, s)
		}
	}
	return out
}
