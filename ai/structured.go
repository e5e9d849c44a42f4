package ai

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
)

// jsonInstruction is added to every structured call; JSON mode needs the
// word JSON in the messages, and models without strict schemas get the schema.
const jsonInstruction = "Reply with one JSON object only: no prose, no markdown code fences."

func (e *engine) json(ctx context.Context, req Request, out any) (Usage, error) {
	rv := reflect.ValueOf(out)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return Usage{}, fmt.Errorf("%w: JSON needs a non-nil pointer, got %T", errBadRequest, out)
	}
	if err := checkMessages(req.Messages); err != nil {
		return Usage{}, err
	}
	sch := SchemaOf(rv.Type().Elem())
	schemaText, _ := json.Marshal(sch.Root)
	ctx, _ = withPayer(ctx, req.Tenant)
	return e.fallback(ctx, req.Task, req.Tenant, req.Model, func(m Model, p Provider, lim *keyLimit, u *Usage) error {
		strict := m.JSONSchema && sch.StrictOK
		instr := jsonInstruction
		if !strict {
			instr += " It must match this JSON schema:\n" + string(schemaText)
		}
		msgs := withSystem(req.Messages, instr)
		cp := ChatParams{Messages: msgs, MaxTokens: e.maxTokens(req, m), Temperature: req.Temperature,
			Schema: sch.Root, SchemaName: sch.Name, Strict: strict, Task: req.Task, Items: req.Items, DevAnswer: req.DevAnswer}
		for round := 0; ; round++ {
			res, err := e.chatOnce(ctx, m, p, lim, cp, u)
			if err != nil {
				return err
			}
			raw, verr := checkReply(res.Content, sch)
			if errors.Is(verr, ErrCutOff) {
				// no repair can finish it within the same budget: the caller retries with more
				return fmt.Errorf("%w (model %s: %v)", ErrTruncated, m.Name, verr)
			}
			if verr == nil {
				if err := decodeInto(raw, sch, out); err == nil {
					return nil
				} else {
					verr = err
				}
			}
			if round == 1 {
				return fmt.Errorf("%w: %s after one repair: %v", ErrInvalidOutput, m.Name, verr)
			}
			e.app.Logger().Debug("ai: asking for a JSON repair", "model", m.Name, "error", verr.Error())
			cp.Messages = append(append([]Message(nil), cp.Messages...),
				Message{Role: "assistant", Content: res.Content},
				Message{Role: "user", Content: "Your reply is not valid: " + verr.Error() +
					". Reply again with the complete corrected JSON object only."})
		}
	})
}

// withSystem appends instr to the first system message (or adds one).
func withSystem(msgs []Message, instr string) []Message {
	out := append([]Message(nil), msgs...)
	for i, m := range out {
		if m.Role == "system" {
			out[i].Content = m.Content + "\n\n" + instr
			return out
		}
	}
	return append([]Message{{Role: "system", Content: instr}}, out...)
}

// checkReply extracts and validates the JSON of a reply.
func checkReply(reply string, sch *Schema) (string, error) {
	raw, err := ExtractJSON(reply)
	if err != nil {
		return "", err
	}
	var v any
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		return "", err
	}
	// a bare value for a wrapped schema is accepted as the result itself
	if sch.Wrapped {
		if obj, ok := v.(map[string]any); !ok || obj["result"] == nil {
			v = map[string]any{"result": v}
			b, _ := json.Marshal(v)
			raw = string(b)
		}
	}
	if err := Validate(v, sch.Root); err != nil {
		return "", err
	}
	return raw, nil
}

func decodeInto(raw string, sch *Schema, out any) error {
	if sch.Wrapped {
		var w struct {
			Result json.RawMessage `json:"result"`
		}
		if err := json.Unmarshal([]byte(raw), &w); err != nil {
			return err
		}
		raw = string(w.Result)
	}
	if err := json.Unmarshal([]byte(raw), out); err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	return nil
}
