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
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/igny8/igny8/collections"
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

// hints are what the dev provider reads from a prompt.
type hints struct {
	title    string
	keyword  string
	topic    string
	bullets  []string
	words    int
	count    int
	htmlBody string
}

var (
	reWords = regexp.MustCompile(`(?i)(\d{2,5})\s*(?:-|\s)?words`)
	reCount = regexp.MustCompile(`(?i)(?:count:\s*(\d{1,3}))|(?:\b(\d{1,3})\s+(?:ideas|clusters|titles|prompts|images|items|sections|questions))`)
	reLabel = regexp.MustCompile(`(?im)^\s*(title|keyword|primary keyword|topic|cluster)\s*:\s*(.+)$`)
)

func readHints(msgs []Message) hints {
	var h hints
	var user strings.Builder
	for _, m := range msgs {
		if m.Role == "user" {
			user.WriteString(m.Content)
			user.WriteString("\n")
		}
	}
	text := user.String()
	for _, line := range strings.Split(text, "\n") {
		l := strings.TrimSpace(line)
		if strings.HasPrefix(l, "- ") || strings.HasPrefix(l, "* ") {
			b := strings.TrimSpace(l[2:])
			if b != "" && len(b) < 200 {
				h.bullets = append(h.bullets, b)
			}
		}
	}
	for _, m := range reLabel.FindAllStringSubmatch(text, -1) {
		v := unquote(strings.TrimSpace(m[2]))
		switch strings.ToLower(m[1]) {
		case "title":
			if h.title == "" {
				h.title = v
			}
		case "keyword", "primary keyword":
			if h.keyword == "" {
				h.keyword = v
			}
		default:
			if h.topic == "" {
				h.topic = v
			}
		}
	}
	if m := reWords.FindStringSubmatch(text); m != nil {
		h.words, _ = strconv.Atoi(m[1])
	}
	if m := reCount.FindStringSubmatch(text); m != nil {
		n := m[1]
		if n == "" {
			n = m[2]
		}
		h.count, _ = strconv.Atoi(n)
	}
	if i, j := strings.Index(text, "<"), strings.LastIndex(text, ">"); i >= 0 && j > i {
		h.htmlBody = text[i : j+1]
	}
	switch {
	case h.topic != "":
	case h.title != "":
		h.topic = h.title
	case h.keyword != "":
		h.topic = h.keyword
	case len(h.bullets) > 0:
		h.topic = h.bullets[0]
	default:
		f := strings.Fields(text)
		h.topic = strings.Join(f[:min(6, len(f))], " ")
	}
	if h.keyword == "" {
		h.keyword = strings.ToLower(h.topic)
	}
	if h.title == "" {
		h.title = titleCase(h.topic)
	}
	return h
}

// unquote removes one pair of quotes around a whole value ("Coffee" →
// Coffee) and nothing else: a title that starts with a quoted phrase keeps
// its quotes ("Best" Coffee stays as it is).
func unquote(v string) string {
	if len(v) >= 2 && strings.HasPrefix(v, `"`) && strings.HasSuffix(v, `"`) && !strings.Contains(v[1:len(v)-1], `"`) {
		return v[1 : len(v)-1]
	}
	return v
}

func titleCase(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		words[i] = string(r)
	}
	return strings.Join(words, " ")
}

func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.Trim(b.String(), "-")
}

func tokensOf(s string) int { return len(s)/4 + 1 }

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

func devText(t Task, h hints) string {
	switch t {
	case TaskReparse:
		if h.htmlBody != "" {
			return h.htmlBody
		}
	case TaskContent:
	default:
		return fmt.Sprintf("%s: a practical overview of %s for readers who want clear, actionable steps.", h.title, h.keyword)
	}
	words := h.words
	if words <= 0 {
		words = 1000
	}
	return devArticle(h, words)
}

var devSentences = []string{
	"Start with a clear goal for %s and write down what success looks like before you change anything.",
	"Most readers looking into %s want a short answer first, then the detail that lets them act on it.",
	"Compare two or three options side by side, because %s rarely has a single right answer.",
	"Keep a simple checklist for %s so the steps stay repeatable when you come back to them.",
	"Small, measurable improvements to %s add up faster than one large change made all at once.",
	"Ask what could go wrong with %s and plan the fix in advance; it saves time later.",
	"Real examples make %s easier to understand, so note what worked and what did not.",
	"Review your results for %s after a few weeks and adjust the plan with what you learned.",
}

// devArticle writes an HTML article of about words words in H2/H3 sections.
func devArticle(h hints, words int) string {
	var b strings.Builder
	n := 0
	sentence := 0
	para := func() {
		b.WriteString("<p>")
		for i := 0; i < 4; i++ {
			s := fmt.Sprintf(devSentences[sentence%len(devSentences)], h.keyword)
			sentence++
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(s)
			n += len(strings.Fields(s))
		}
		b.WriteString("</p>\n")
	}
	para()
	headings := []string{"What %s means", "Why %s matters", "How to get started with %s", "Common mistakes with %s", "Tools and resources for %s", "Measuring results with %s"}
	sections := max(2, min(len(headings), words/250))
	perSection := max(1, (words-n)/sections)
	for s := 0; s < sections; s++ {
		fmt.Fprintf(&b, "<h2>%s</h2>\n", titleCase(fmt.Sprintf(headings[s], h.keyword)))
		start := n
		para()
		fmt.Fprintf(&b, "<h3>%s</h3>\n", titleCase(fmt.Sprintf("Practical tips for %s, part %d", h.keyword, s+1)))
		for n-start < perSection && n < words {
			para()
		}
	}
	b.WriteString("<h2>Conclusion</h2>\n")
	para()
	return b.String()
}

// devGen fills a JSON schema with values chosen by field name and prompt hints.
type devGen struct{ h hints }

func (g devGen) value(s map[string]any, name string, idx, n int) any {
	ts := types(s)
	typ := ""
	for _, t := range ts {
		if t != "null" {
			typ = t
			break
		}
	}
	if enum, ok := s["enum"].([]any); ok && len(enum) > 0 {
		if idx < 0 {
			return enum[0]
		}
		return enum[idx%len(enum)]
	}
	switch typ {
	case "object":
		props, _ := s["properties"].(map[string]any)
		req, _ := s["required"].([]string)
		obj := map[string]any{}
		for _, k := range req {
			ps, _ := props[k].(map[string]any)
			obj[k] = g.value(ps, k, idx, n)
		}
		return obj
	case "array":
		items, _ := s["items"].(map[string]any)
		count := 3
		isObjects := len(types(items)) > 0 && types(items)[0] == "object"
		lname := strings.ToLower(name)
		if types(items) != nil && types(items)[0] == "string" && strings.Contains(lname, "keyword") && len(g.h.bullets) > 0 {
			return g.keywordsFor(idx, n)
		}
		if isObjects || name == "result" || idx < 0 {
			if g.h.count > 0 {
				count = g.h.count
			} else if strings.Contains(lname, "cluster") && len(g.h.bullets) > 0 {
				count = max(1, min(10, (len(g.h.bullets)+4)/5))
			}
		}
		if m, ok := s["minItems"].(float64); ok && count < int(m) {
			count = int(m)
		}
		if m, ok := s["maxItems"].(float64); ok && count > int(m) {
			count = int(m)
		}
		arr := make([]any, count)
		for i := range arr {
			arr[i] = g.value(items, singular(name), i, count)
		}
		return arr
	case "integer", "number":
		lname := strings.ToLower(name)
		v := 1.0
		switch {
		case strings.Contains(lname, "word"):
			v = float64(max(g.h.words, 800))
		case strings.Contains(lname, "priority") || strings.Contains(lname, "score"):
			v = float64(max(1, 10-max(idx, 0)))
		}
		if m, ok := s["minimum"].(float64); ok && v < m {
			v = m
		}
		if m, ok := s["maximum"].(float64); ok && v > m {
			v = m
		}
		if typ == "integer" {
			return math.Trunc(v)
		}
		return v
	case "boolean":
		return true
	case "string", "":
		return g.str(strings.ToLower(name), idx, n)
	}
	return nil
}

func singular(s string) string {
	if strings.HasSuffix(s, "s") {
		return s[:len(s)-1]
	}
	return s
}

// keywordsFor deals the prompt's bullet keywords round-robin over n items so
// every keyword lands in exactly one item.
func (g devGen) keywordsFor(idx, n int) []any {
	out := []any{}
	if idx < 0 || n <= 0 {
		for _, k := range g.h.bullets {
			out = append(out, k)
		}
		return out
	}
	for j, k := range g.h.bullets {
		if j%n == idx {
			out = append(out, k)
		}
	}
	return out
}

var devTitles = []string{
	"The Complete Guide to %s", "%s: 7 Mistakes to Avoid", "How to Choose the Right %s",
	"%s Explained for Beginners", "A Step-by-Step Plan for %s", "%s: What Experts Recommend",
}

func (g devGen) anchor(idx, n int) string {
	if kws := g.keywordsFor(idx, n); idx >= 0 && len(kws) > 0 {
		return kws[0].(string)
	}
	return g.h.keyword
}

func (g devGen) str(name string, idx, n int) string {
	i := max(idx, 0)
	kw := g.anchor(idx, n)
	switch {
	case strings.Contains(name, "html") || name == "content" || name == "body" || name == "article":
		words := g.h.words
		if words <= 0 {
			words = 800
		}
		if n > 1 {
			words = max(150, words/n)
		}
		return devArticle(hints{keyword: kw, title: g.h.title}, words)
	case name == "slug":
		return slugify(g.h.title)
	case strings.Contains(name, "meta_title") || strings.Contains(name, "seo_title"):
		return collections.Truncate(g.h.title, 60)
	case strings.Contains(name, "description") || strings.Contains(name, "summary") || strings.Contains(name, "excerpt"):
		d := fmt.Sprintf("Learn about %s: what it is, why it matters and the practical steps to get results.", kw)
		return collections.Truncate(d, 155)
	case strings.Contains(name, "prompt"):
		return fmt.Sprintf("Editorial photograph illustrating %s, scene %d, natural light, clean composition, no text", g.h.title, i+1)
	case name == "alt" || strings.Contains(name, "alt_text") || strings.Contains(name, "caption"):
		return "Illustration of " + kw
	case strings.Contains(name, "keyword"):
		return kw
	case strings.Contains(name, "title") || name == "headline":
		if idx >= 0 && n > 1 {
			return fmt.Sprintf(devTitles[i%len(devTitles)], titleCase(kw))
		}
		return g.h.title
	case strings.Contains(name, "name") || strings.Contains(name, "cluster") || strings.Contains(name, "topic"):
		return titleCase(kw)
	case strings.Contains(name, "heading") || name == "h2" || name == "h3" || strings.Contains(name, "section"):
		return titleCase(fmt.Sprintf("Part %d: %s", i+1, kw))
	case strings.Contains(name, "intent"):
		return "informational"
	case strings.Contains(name, "outline"):
		return fmt.Sprintf("Introduction; What %[1]s means; How to get started with %[1]s; Common mistakes; Conclusion", kw)
	}
	return fmt.Sprintf("%s for %s", strings.ReplaceAll(name, "_", " "), kw)
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
