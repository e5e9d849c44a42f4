package ai

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Schema is the JSON schema derived from a Go type for structured output.
type Schema struct {
	// Root is the schema sent to the model; always an object (OpenAI's strict
	// mode needs one), so non-struct types are wrapped in {"result": ...}.
	Root map[string]any
	// Name is the schema name sent with response_format.
	Name string
	// Wrapped tells that the value sits under "result".
	Wrapped bool
	// StrictOK is false when the type has maps or interfaces, which strict
	// json_schema mode cannot express; JSON mode is used then.
	StrictOK bool
}

var schemaCache sync.Map // reflect.Type -> *Schema

// SchemaOf derives the schema of t: structs become objects (fields by json
// tag; fields without omitempty are required, the others nullable), slices
// arrays, maps objects with additionalProperties, and the tag
// `jsonschema:"enum=a|b,min=1,max=9,description=..."` adds constraints.
func SchemaOf(t reflect.Type) *Schema {
	if s, ok := schemaCache.Load(t); ok {
		return s.(*Schema)
	}
	b := &schemaBuilder{strict: true, seen: map[reflect.Type]bool{}}
	base := t
	for base.Kind() == reflect.Pointer {
		base = base.Elem()
	}
	root := b.of(base)
	s := &Schema{Name: schemaName(base)}
	if base.Kind() == reflect.Struct {
		s.Root = root
	} else {
		s.Wrapped = true
		s.Root = map[string]any{"type": "object", "properties": map[string]any{"result": root},
			"required": []string{"result"}, "additionalProperties": false}
	}
	s.StrictOK = b.strict
	schemaCache.Store(t, s)
	return s
}

func schemaName(t reflect.Type) string {
	n := t.Name()
	if n == "" {
		n = "result"
	}
	var sb strings.Builder
	for _, r := range n {
		if r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

type schemaBuilder struct {
	strict bool
	seen   map[reflect.Type]bool
}

var timeType = reflect.TypeFor[time.Time]()
var rawType = reflect.TypeFor[json.RawMessage]()

func (b *schemaBuilder) of(t reflect.Type) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "description": "RFC 3339 date-time"}
	case t == rawType:
		b.strict = false
		return map[string]any{}
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return map[string]any{"type": "string"}
		}
		return map[string]any{"type": "array", "items": b.of(t.Elem())}
	case reflect.Map:
		b.strict = false
		return map[string]any{"type": "object", "additionalProperties": b.of(t.Elem())}
	case reflect.Struct:
		if b.seen[t] { // recursive types: stop here
			b.strict = false
			return map[string]any{"type": "object"}
		}
		b.seen[t] = true
		defer delete(b.seen, t)
		props := map[string]any{}
		var required []string
		b.fields(t, props, &required)
		return map[string]any{"type": "object", "properties": props, "required": required, "additionalProperties": false}
	}
	b.strict = false
	return map[string]any{}
}

func (b *schemaBuilder) fields(t reflect.Type, props map[string]any, required *[]string) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() && !(f.Anonymous && name == "") {
			continue
		}
		if name == "-" && opts == "" {
			continue
		}
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				b.fields(ft, props, required)
				continue
			}
			if !f.IsExported() {
				continue
			}
		}
		if name == "" {
			name = f.Name
		}
		s := b.of(f.Type)
		applyTag(s, f.Tag.Get("jsonschema"))
		if strings.Contains(opts, "omitempty") || strings.Contains(opts, "omitzero") {
			if typ, ok := s["type"].(string); ok {
				s["type"] = []any{typ, "null"}
			}
		}
		if _, dup := props[name]; !dup {
			*required = append(*required, name)
		}
		props[name] = s
	}
}

// applyTag reads `jsonschema:"enum=a|b,min=1,max=5,description=text"`.
func applyTag(s map[string]any, tag string) {
	if tag == "" {
		return
	}
	for _, part := range strings.Split(tag, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "enum":
			vals := strings.Split(v, "|")
			enum := make([]any, len(vals))
			for i, x := range vals {
				enum[i] = x
			}
			s["enum"] = enum
		case "min", "max":
			n, err := strconv.ParseFloat(v, 64)
			if err != nil {
				continue
			}
			kw := map[string]string{"min": "minimum", "max": "maximum"}[k]
			if s["type"] == "array" {
				kw = map[string]string{"min": "minItems", "max": "maxItems"}[k]
			}
			s[kw] = n
		case "description", "desc":
			s["description"] = v
		}
	}
}
