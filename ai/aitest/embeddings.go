package aitest

import (
	"hash/fnv"
	"net/http"
	"strings"
)

// Vector is the default embedding of text: hashed words, 8 dimensions.
func Vector(text string) []float32 {
	v := make([]float32, 8)
	for _, w := range strings.Fields(strings.ToLower(text)) {
		h := fnv.New32a()
		h.Write([]byte(w))
		v[h.Sum32()%8]++
	}
	return v
}

func (s *Server) embeddings(w http.ResponseWriter, r *http.Request) {
	c, m := readCall(r)
	switch in := m["input"].(type) {
	case string:
		c.Input = []string{in}
	case []any:
		for _, x := range in {
			str, _ := x.(string)
			c.Input = append(c.Input, str)
		}
	}
	rep, _ := s.next(c)
	if !hold(r, rep) || writeSpecial(w, rep) {
		return
	}
	vecs := rep.Embeddings
	if vecs == nil {
		for _, t := range c.Input {
			vecs = append(vecs, Vector(t))
		}
	}
	data := make([]any, len(vecs))
	tokens := rep.TokensIn
	for i, v := range vecs {
		data[i] = map[string]any{"object": "embedding", "index": i, "embedding": v}
		if rep.TokensIn == 0 && i < len(c.Input) {
			tokens += len(c.Input[i])/4 + 1
		}
	}
	writeJSON(w, map[string]any{"object": "list", "model": c.Model, "data": data,
		"usage": map[string]any{"prompt_tokens": tokens, "total_tokens": tokens}})
}
