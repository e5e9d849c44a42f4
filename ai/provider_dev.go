package ai

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
	"time"
	"unicode"
)

// devProvider answers offline with deterministic, plausible output built from
// the prompt: schema-valid JSON (values chosen by field name and prompt hints),
// HTML articles of about the requested length, hashed bag-of-words embeddings
// and generated PNG images. It cannot judge meaning (e.g. which keyword
// belongs in which cluster): a caller with its own decision without a model
// passes it as Request.DevAnswer and gets it back, so offline runs behave
// like a model that agrees; other callers post-validate and fall back.
type devProvider struct {
	// latency is waited before each answer (Config.DevLatency).
	latency time.Duration
}

var _ Provider = devProvider{}

// wait simulates a model's response time; it ends early with the context.
func (d devProvider) wait(ctx context.Context) error {
	if d.latency <= 0 {
		return nil
	}
	t := time.NewTimer(d.latency)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("ai: dev provider: %w", ctx.Err())
	}
}

func (d devProvider) Chat(ctx context.Context, _ Model, p ChatParams) (ChatResult, error) {
	if err := d.wait(ctx); err != nil {
		return ChatResult{}, err
	}
	h := readHints(p.Messages)
	if len(p.Items) > 0 {
		// the caller named its input: never guess it from the prompt's bullet lines
		h.bullets = append([]string(nil), p.Items...)
	}
	in := 0
	for _, m := range p.Messages {
		in += tokensOf(m.Content)
	}
	var out string
	if b, err := json.Marshal(p.DevAnswer); p.Schema != nil && p.DevAnswer != nil && err == nil {
		out = string(b)
	} else if p.Schema != nil {
		g := devGen{h: h}
		v := g.value(p.Schema, "", -1, 0)
		b, _ := json.Marshal(v)
		out = string(b)
	} else {
		out = devText(p.Task, h)
	}
	return ChatResult{Content: out, FinishReason: "stop", TokensIn: in, TokensOut: tokensOf(out)}, nil
}

// Embed hashes words into a normalised 256-dimension bag-of-words vector, so
// texts sharing words are close and the pipeline can cluster offline.
func (d devProvider) Embed(ctx context.Context, _ Model, texts []string) ([][]float32, int, error) {
	if err := d.wait(ctx); err != nil {
		return nil, 0, err
	}
	out := make([][]float32, len(texts))
	tokens := 0
	for i, t := range texts {
		v := make([]float32, 256)
		for _, w := range strings.FieldsFunc(strings.ToLower(t), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			hs := fnv.New32a()
			hs.Write([]byte(w))
			v[hs.Sum32()%256]++
		}
		var norm float64
		for _, x := range v {
			norm += float64(x * x)
		}
		if norm > 0 {
			for j := range v {
				v[j] /= float32(math.Sqrt(norm))
			}
		}
		out[i] = v
		tokens += tokensOf(t)
	}
	return out, tokens, nil
}

// Image draws a PNG whose colours derive from the prompt (same prompt, same image).
func (d devProvider) Image(ctx context.Context, _ Model, r ImageRequest) (ImageResult, error) {
	if err := d.wait(ctx); err != nil {
		return ImageResult{}, err
	}
	w, h := r.Width, r.Height
	if w <= 0 {
		w = 1024
	}
	if h <= 0 {
		h = w * 9 / 16
	}
	w, h = min(w, 2048), min(h, 2048)
	hs := fnv.New64a()
	hs.Write([]byte(r.Prompt))
	sum := hs.Sum64()
	c1 := color.RGBA{uint8(sum), uint8(sum >> 8), uint8(sum >> 16), 255}
	c2 := color.RGBA{uint8(sum >> 24), uint8(sum >> 32), uint8(sum >> 40), 255}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		t := float64(y) / float64(max(h-1, 1))
		row := color.RGBA{mix(c1.R, c2.R, t), mix(c1.G, c2.G, t), mix(c1.B, c2.B, t), 255}
		band := y > h*2/5 && y < h*3/5
		for x := 0; x < w; x++ {
			if band && x > w/10 && x < w*9/10 {
				img.SetRGBA(x, y, color.RGBA{255 - row.R, 255 - row.G, 255 - row.B, 255})
			} else {
				img.SetRGBA(x, y, row)
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return ImageResult{}, err
	}
	return ImageResult{Bytes: buf.Bytes(), MIME: "image/png", RevisedPrompt: "[dev] " + r.Prompt}, nil
}

func mix(a, b uint8, t float64) uint8 { return uint8(float64(a)*(1-t) + float64(b)*t) }
