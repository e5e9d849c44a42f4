package writer

import (
	"fmt"
	"math"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/igny8/igny8/ai"
)

// normaliseSection makes a reply one clean section: code fences, chat
// preambles and sign-offs (ai.CleanText) and H1s gone, exactly one leading H2
// with the planned heading, any further H2 demoted to H3.
func normaliseSection(text, heading string) (string, error) {
	text = ai.CleanText(text)
	doc, err := goquery.NewDocumentFromReader(strings.NewReader("<html><body>" + text + "</body></html>"))
	if err != nil {
		return "", fmt.Errorf("parse section html: %w", err)
	}
	body := doc.Find("body")
	body.Find("h1").Remove()
	first := body.Children().First()
	if first.Is("h2") {
		first.Remove()
	}
	body.Find("h2").Each(func(_ int, s *goquery.Selection) {
		s.Nodes[0].Data = "h3"
		s.Nodes[0].DataAtom = headingAtoms["h3"]
	})
	inner, err := body.Html()
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(body.Text()) == "" {
		return "", fmt.Errorf("section %q came back empty", heading)
	}
	return "<h2>" + escapeText(heading) + "</h2>\n" + strings.TrimSpace(inner), nil
}

func escapeText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func stripFirstH2(section string) string {
	if i := strings.Index(section, "</h2>"); strings.HasPrefix(section, "<h2>") && i >= 0 {
		return strings.TrimSpace(section[i+len("</h2>"):])
	}
	return section
}

func wordsIn(fragment string) int {
	p, err := Reparse(fragment)
	if err != nil {
		return 0
	}
	return p.WordCount
}

func countParts(parts []string) int {
	n := 0
	for _, p := range parts {
		n += wordsIn(p)
	}
	return n
}

// shortestBody returns the index in parts of the shortest body section
// (parts[0] is the introduction, body sections follow).
func shortestBody(parts []string, n int) int {
	best, bestWords := 1, math.MaxInt
	for i := 1; i <= n && i < len(parts); i++ {
		if w := wordsIn(parts[i]); w < bestWords {
			best, bestWords = i, w
		}
	}
	return best
}

// trimParts removes trailing paragraphs (never a section's first paragraph),
// then whole trailing H3 subsections, from the longest parts until the total
// is at most limit, never going below lo.
func trimParts(parts []string, lo, limit int) []string {
	for range 500 {
		total := countParts(parts)
		if total <= limit {
			return parts
		}
		longest, lw := -1, 0
		var cut *goquery.Selection
		var cutDoc *goquery.Document
		for i, p := range parts {
			doc, err := goquery.NewDocumentFromReader(strings.NewReader("<html><body>" + p + "</body></html>"))
			if err != nil {
				continue
			}
			sel := removableIn(doc.Find("body"))
			if sel == nil {
				continue
			}
			if w := wordsIn(p); w > lw {
				longest, lw, cut, cutDoc = i, w, sel, doc
			}
		}
		if longest < 0 {
			return parts
		}
		removed := 0
		cut.Each(func(_ int, s *goquery.Selection) {
			h, _ := goquery.OuterHtml(s)
			removed += wordsIn(h)
		})
		if total-removed < lo {
			return parts
		}
		cut.Remove()
		h, _ := cutDoc.Find("body").Html()
		parts[longest] = strings.TrimSpace(h)
	}
	return parts
}

// removableIn is what trimming may drop next: the last paragraph or list that
// does not directly follow a heading, else the last H3 with its content
// (when something else remains in the section).
func removableIn(body *goquery.Selection) *goquery.Selection {
	ps := body.Children().Filter("p, ul, ol")
	for i := ps.Length() - 1; i >= 0; i-- {
		p := ps.Eq(i)
		prev := p.Prev()
		if prev.Length() == 0 || prev.Is("h2, h3, h4") {
			continue
		}
		return p
	}
	h3 := body.Children().Filter("h3").Last()
	if h3.Length() == 0 || h3.PrevAll().Filter("p, ul, ol").Length() == 0 {
		return nil
	}
	return h3.AddSelection(h3.NextUntil("h2, h3"))
}
