package ai_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/igny8/igny8/ai"
)

type fuzzOutline struct {
	Title    string `json:"title"`
	Sections []struct {
		Heading string   `json:"heading"`
		Points  []string `json:"points"`
		Words   int      `json:"words" jsonschema:"min=0,max=5000"`
	} `json:"sections"`
	Intent string `json:"intent" jsonschema:"enum=informational|commercial"`
}

// FuzzOutputParsers feeds arbitrary replies to the parsers every model
// answer goes through (committed corpus in testdata/fuzz/FuzzOutputParsers:
// fenced, prose-wrapped, truncated and nested JSON, chat-wrapped HTML). None
// may panic; ExtractJSON returns valid JSON taken from the reply, Validate
// accepts or rejects it, and CleanText only ever removes text.
func FuzzOutputParsers(f *testing.F) {
	for _, s := range []string{
		`{"title":"x","sections":[]}`,
		"```json\n{\"a\":1}\n```",
		"Sure! Here is the data:\n[1,2,3]\nLet me know.",
		`{"title": "cut`,
		"<p>Sure! Here is the section:</p><h2>A</h2><p>b</p><p>I hope this helps!</p>",
		"```html\n<p>x</p>",
	} {
		f.Add(s)
	}
	sch := ai.SchemaOf(reflect.TypeOf(fuzzOutline{}))
	f.Fuzz(func(t *testing.T, reply string) {
		if raw, err := ai.ExtractJSON(reply); err == nil {
			if !json.Valid([]byte(raw)) || !strings.Contains(reply, raw) {
				t.Fatalf("ExtractJSON(%q) = %q: not valid JSON from the reply", reply, raw)
			}
			var v any
			if err := json.Unmarshal([]byte(raw), &v); err != nil {
				t.Fatal(err)
			}
			_ = ai.Validate(v, sch.Root)
		}
		got := ai.CleanText(reply)
		if !strings.Contains(reply, got) {
			t.Fatalf("CleanText(%q) = %q: not a part of the reply", reply, got)
		}
	})
}
