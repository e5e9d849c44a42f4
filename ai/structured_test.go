package ai_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/ai/aitest"
)

type idea struct {
	Title    string   `json:"title"`
	Intent   string   `json:"intent" jsonschema:"enum=informational|commercial|transactional|navigational"`
	Keywords []string `json:"keywords"`
	Words    int      `json:"words" jsonschema:"min=300,max=5000"`
	Note     string   `json:"note,omitempty"`
}

type ideas struct {
	Ideas []idea `json:"ideas"`
}

var good = ideas{Ideas: []idea{{Title: "Best trail shoes", Intent: "commercial", Keywords: []string{"trail shoes"}, Words: 1200}}}

func TestJSONReplies(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		replies []aitest.Reply
		calls   int
		model   string
		err     error
		repair  string // text the repair message must contain
	}{
		{name: "plain", replies: []aitest.Reply{aitest.JSON(good)}, calls: 1, model: "gpt-5.4-mini"},
		{name: "fenced", replies: []aitest.Reply{aitest.Fenced(good)}, calls: 1, model: "gpt-5.4-mini"},
		{name: "prose-wrapped", replies: []aitest.Reply{aitest.Prose(good)}, calls: 1, model: "gpt-5.4-mini"},
		{name: "invalid JSON is repaired", replies: []aitest.Reply{aitest.InvalidJSON(), aitest.JSON(good)}, calls: 2, model: "gpt-5.4-mini", repair: "no valid JSON"},
		{name: "missing required field is repaired", replies: []aitest.Reply{aitest.JSON(map[string]any{"ideas": []any{map[string]any{"title": "x", "intent": "commercial", "words": 900}}}), aitest.JSON(good)},
			calls: 2, model: "gpt-5.4-mini", repair: "$.ideas[0].keywords: required"},
		{name: "enum violation is repaired", replies: []aitest.Reply{aitest.JSON(map[string]any{"ideas": []any{map[string]any{"title": "x", "intent": "funny", "keywords": []string{}, "words": 900}}}), aitest.JSON(good)},
			calls: 2, model: "gpt-5.4-mini", repair: "funny is not one of"},
		{name: "wrong type and range are repaired", replies: []aitest.Reply{aitest.JSON(map[string]any{"ideas": []any{map[string]any{"title": 5, "intent": "commercial", "keywords": []string{}, "words": 10}}}), aitest.JSON(good)},
			calls: 2, model: "gpt-5.4-mini", repair: "below the minimum"},
		{name: "invalid twice falls back to the next model", replies: []aitest.Reply{aitest.InvalidJSON(), aitest.InvalidJSON(), aitest.JSON(good)}, calls: 3, model: "gpt-4.1-mini"},
		{name: "invalid on every model", replies: []aitest.Reply{aitest.InvalidJSON(), aitest.InvalidJSON(), aitest.Text("no"), aitest.Text("no")}, calls: 4, err: ai.ErrInvalidOutput},
		{name: "truncated JSON is an error, never decoded", replies: []aitest.Reply{aitest.Truncated(`{"ideas":[{"title":"Best`)}, calls: 1, model: "gpt-5.4-mini", err: ai.ErrTruncated},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			app, srv := setup(t)
			srv.Enqueue(c.replies...)
			var out ideas
			u, err := ai.JSON(context.Background(), app, ai.Request{Task: ai.TaskIdeas, Messages: user("ideas please")}, &out)
			if c.err != nil {
				if !errors.Is(err, c.err) {
					t.Fatalf("err %v, want %v", err, c.err)
				}
				if len(out.Ideas) != 0 {
					t.Fatalf("failed call decoded %+v", out)
				}
			} else if err != nil || !reflect.DeepEqual(out, good) {
				t.Fatalf("out %+v err %v", out, err)
			}
			if c.model != "" && u.Model != c.model {
				t.Fatalf("model %q want %q", u.Model, c.model)
			}
			calls := srv.Calls()
			if len(calls) != c.calls || u.Calls != c.calls {
				t.Fatalf("calls %d (usage %d) want %d", len(calls), u.Calls, c.calls)
			}
			if c.repair != "" {
				last := calls[1].Messages[len(calls[1].Messages)-1]
				prev := calls[1].Messages[len(calls[1].Messages)-2]
				if last.Role != "user" || !strings.Contains(last.Content, c.repair) || prev.Role != "assistant" {
					t.Fatalf("repair message %+v does not carry %q", last, c.repair)
				}
			}
			// strict schema for models that support it
			if calls[0].ResponseFormat != "json_schema" || !calls[0].Strict || calls[0].Schema["type"] != "object" {
				t.Fatalf("response_format %q strict %v schema %v", calls[0].ResponseFormat, calls[0].Strict, calls[0].Schema)
			}
		})
	}
}

func TestJSONModeWithoutSchemaSupport(t *testing.T) {
	t.Parallel()
	app, srv := setup(t)
	setModel(t, app, "gpt-5.4-mini", map[string]any{"supports_json_schema": false})
	srv.Enqueue(aitest.JSON(good))
	var out ideas
	if _, err := ai.JSON(context.Background(), app, ai.Request{Task: ai.TaskIdeas, Messages: []ai.Message{{Role: "system", Content: "be useful"}, {Role: "user", Content: "x"}}}, &out); err != nil {
		t.Fatal(err)
	}
	c := srv.Calls()[0]
	if c.ResponseFormat != "json_object" || c.Strict {
		t.Fatalf("format %q strict %v", c.ResponseFormat, c.Strict)
	}
	if !strings.HasPrefix(c.Messages[0].Content, "be useful") || !strings.Contains(c.Messages[0].Content, `"enum":["informational"`) {
		t.Fatalf("system message lacks the schema: %q", c.Messages[0].Content)
	}
}

func TestJSONTopLevelSliceAndMap(t *testing.T) {
	t.Parallel()
	app, srv := setup(t)
	// a slice root is wrapped in {"result": ...}; a bare array reply is accepted too
	srv.Enqueue(aitest.JSON(map[string]any{"result": []string{"a", "b"}}), aitest.Fenced([]string{"c"}))
	var list []string
	if _, err := ai.JSON(context.Background(), app, ai.Request{Task: ai.TaskIdeas, Messages: user("x")}, &list); err != nil || len(list) != 2 {
		t.Fatalf("%v %v", list, err)
	}
	if _, err := ai.JSON(context.Background(), app, ai.Request{Task: ai.TaskIdeas, Messages: user("x")}, &list); err != nil || len(list) != 1 || list[0] != "c" {
		t.Fatalf("%v %v", list, err)
	}
	// maps cannot be strict: JSON mode
	srv.Enqueue(aitest.JSON(map[string]int{"x": 1}))
	var m map[string]int
	if _, err := ai.JSON(context.Background(), app, ai.Request{Task: ai.TaskIdeas, Messages: user("x")}, &m); err != nil || m["x"] != 1 {
		t.Fatalf("%v %v", m, err)
	}
	if f := srv.Calls()[2].ResponseFormat; f != "json_object" {
		t.Fatalf("map used %q", f)
	}
	if _, err := ai.JSON(context.Background(), app, ai.Request{Task: ai.TaskIdeas, Messages: user("x")}, m); err == nil {
		t.Fatal("non-pointer accepted")
	}
}

func TestSchemaOf(t *testing.T) {
	t.Parallel()
	type inner struct {
		N float64 `json:"n"`
	}
	type base struct {
		ID string `json:"id"`
	}
	type sample struct {
		base
		Name   string   `json:"name"`
		Opt    *int     `json:"opt,omitempty"`
		Tags   []string `json:"tags" jsonschema:"min=1,max=3,description=labels"`
		Inner  inner    `json:"inner"`
		Skip   string   `json:"-"`
		Flag   bool     `json:"flag"`
		hidden string
		Plain  string
	}
	s := ai.SchemaOf(reflect.TypeFor[sample]())
	if s.Wrapped || !s.StrictOK || s.Name != "sample" {
		t.Fatalf("%+v", s)
	}
	props := s.Root["properties"].(map[string]any)
	want := []string{"id", "name", "opt", "tags", "inner", "flag", "Plain"}
	if got := s.Root["required"].([]string); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("required %v", got)
	}
	if _, ok := props["Skip"]; ok {
		t.Fatal("json:- field present")
	}
	if !reflect.DeepEqual(props["opt"].(map[string]any)["type"], []any{"integer", "null"}) {
		t.Fatalf("optional field type %v", props["opt"])
	}
	tags := props["tags"].(map[string]any)
	if tags["minItems"] != 1.0 || tags["maxItems"] != 3.0 || tags["description"] != "labels" {
		t.Fatalf("tags %v", tags)
	}
	if props["inner"].(map[string]any)["additionalProperties"] != false {
		t.Fatal("nested object not closed")
	}
	if err := ai.Validate(map[string]any{"id": "1", "name": "n", "tags": []any{"a"}, "inner": map[string]any{"n": 1.5}, "flag": true, "Plain": ""}, s.Root); err != nil {
		t.Fatalf("valid value rejected: %v", err)
	}
	err := ai.Validate(map[string]any{"id": 1.0, "tags": []any{}, "inner": map[string]any{"n": "x"}, "flag": "yes", "Plain": ""}, s.Root)
	for _, frag := range []string{"$.name: required", "$.id: want string", "$.tags: 0 items", "$.inner.n: want number", "$.flag: want boolean"} {
		if err == nil || !strings.Contains(err.Error(), frag) {
			t.Fatalf("validation error %v lacks %q", err, frag)
		}
	}
	if w := ai.SchemaOf(reflect.TypeFor[[]inner]()); !w.Wrapped || w.Root["required"].([]string)[0] != "result" {
		t.Fatalf("slice root not wrapped: %+v", w)
	}
	if m := ai.SchemaOf(reflect.TypeFor[map[string]inner]()); m.StrictOK {
		t.Fatal("map schema marked strict")
	}
}

func TestExtractJSON(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{`{"a":1}`, `{"a":1}`},
		{"  [1,2]\n", `[1,2]`},
		{"```json\n{\"a\":1}\n```", `{"a":1}`},
		{"```\n{\"a\":1}\n```", `{"a":1}`},
		{"Here you go:\n```json\n{\"a\":\"}\"}\n```\nThanks", `{"a":"}"}`},
		{`Sure! {"a": {"b": "x { y"}} hope it helps`, `{"a": {"b": "x { y"}}`},
		{`Note [draft] then {"ok":true}`, `{"ok":true}`},
		{`{"a": [1, 2}`, ""},
		{``, ""},
		{`no json here`, ""},
	}
	for _, c := range cases {
		got, err := ai.ExtractJSON(c.in)
		if c.want == "" {
			if err == nil {
				t.Errorf("%q: want error, got %q", c.in, got)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%q: got %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}
