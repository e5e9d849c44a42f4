package writer

import (
	"fmt"
	"strings"
)

// Outline is the plan the model returns before any prose is written.
type Outline struct {
	Title    string           `json:"title" jsonschema:"description=the article title (under 70 characters)"`
	Sections []OutlineSection `json:"sections" jsonschema:"description=the H2 sections in order (4-8); no introduction section"`
	FAQ      []string         `json:"faq" jsonschema:"description=questions for an FAQ section (0-5); empty when the article needs none"`
}

// OutlineSection is one H2 of the outline.
type OutlineSection struct {
	Heading     string   `json:"heading"`
	Subheadings []string `json:"subheadings"`
	Points      []string `json:"points"`
	Words       int      `json:"words"`
}

func isClosing(h string) bool {
	l := strings.ToLower(h)
	for _, w := range []string{"conclusion", "summary", "final thoughts", "takeaway", "wrapping up"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// normaliseOutline drops empty or duplicate sections, the model's own
// introduction/FAQ/conclusion (the writer adds those), and falls back to a
// generic plan when the model gave none.
func normaliseOutline(o Outline, b *brief) Outline {
	seen := map[string]bool{}
	var out []OutlineSection
	for _, s := range o.Sections {
		s.Heading = strings.Join(strings.Fields(s.Heading), " ")
		l := strings.ToLower(s.Heading)
		if s.Heading == "" || seen[l] || strings.HasPrefix(l, "introduction") || isClosing(l) ||
			strings.Contains(l, "frequently asked") || l == "faq" || l == "faqs" {
			continue
		}
		seen[l] = true
		out = append(out, s)
	}
	if len(out) > 10 {
		out = out[:10]
	}
	if len(out) == 0 {
		for _, h := range []string{"What %s is", "Why %s matters", "How to get started with %s", "Common mistakes with %s"} {
			out = append(out, OutlineSection{Heading: fmt.Sprintf(h, b.keyword)})
		}
	}
	o.Sections = out
	var faq []string
	for _, q := range o.FAQ {
		if q = strings.TrimSpace(q); q != "" && len(faq) < 5 {
			faq = append(faq, q)
		}
	}
	if len(faq) == 0 && b.alwaysFAQ {
		faq = []string{"What is " + b.keyword + "?", "How do I get started with " + b.keyword + "?", "What are common mistakes with " + b.keyword + "?"}
	}
	o.FAQ = faq
	return o
}

type shares struct {
	intro, faq, conclusion int
	sections               []int
}

// wordShares splits the target: about 10 % intro, 8 % conclusion, 12 % FAQ
// when there is one, the rest over the sections in proportion to the words the
// outline asked for (equal when it gave none).
func wordShares(o Outline, total int) shares {
	s := shares{intro: max(60, total/10), conclusion: max(60, total*8/100)}
	if len(o.FAQ) > 0 {
		s.faq = max(80, total*12/100)
	}
	body := max(100*len(o.Sections), total-s.intro-s.conclusion-s.faq)
	sum := 0
	for _, sec := range o.Sections {
		sum += max(sec.Words, 0)
	}
	s.sections = make([]int, len(o.Sections))
	for i, sec := range o.Sections {
		if sum > 0 && sec.Words > 0 {
			s.sections[i] = max(80, body*sec.Words/sum)
		} else {
			s.sections[i] = max(80, body/len(o.Sections))
		}
	}
	return s
}
