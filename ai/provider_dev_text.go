package ai

import (
	"fmt"
	"math"
	"strings"

	"github.com/igny8/igny8/collections"
)

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
		return collections.Slug(g.h.title, collections.ContentSlugMax)
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
