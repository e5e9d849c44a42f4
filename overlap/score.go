package overlap

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"

	"github.com/igny8/igny8/tools/grouping"
)

// Thresholds of the check, chosen on the labelled set (overlap/testdata,
// docs/PERFORMANCE.md): a page is flagged when its lexical score reaches
// LexicalThreshold, or when its embedding cosine reaches SemanticThreshold
// and its lexical score at least SemanticFloor (two texts about different
// subjects never count, however close a model finds them).
const (
	LexicalThreshold  = 0.6
	SemanticThreshold = 0.85
	SemanticFloor     = 0.25
	// CandidateFloor: pages below this lexical score are not embedded.
	CandidateFloor = 0.2
	// MaxCandidates pages per check are embedded; MaxFindings are stored.
	MaxCandidates = 10
	MaxFindings   = 3
)

// Text is one side of a comparison: an idea or content, or a page.
type Text struct {
	Title    string
	Keyword  string // the primary keyword (an idea's, a task's first)
	Slug     string
	Headings []string
}

func set(words []string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

func tokensOf(parts ...string) map[string]bool {
	return set(grouping.Tokens(strings.Join(parts, " ")))
}

func jaccard(a, b map[string]bool) (float64, []string) {
	if len(a) == 0 || len(b) == 0 {
		return 0, nil
	}
	var shared []string
	for w := range a {
		if b[w] {
			shared = append(shared, w)
		}
	}
	sort.Strings(shared)
	union := len(a) + len(b) - len(shared)
	return float64(len(shared)) / float64(union), shared
}

// angles are the kinds of article a title announces, by its words: two
// articles on one topic compete when they take the same angle (two buying
// guides), much less when they do not (its history and a budget guide).
var angles = map[string][]string{
	"choosing":   {"choose", "choosing", "pick", "picking", "select", "selecting", "buy", "buying", "best", "top", "which", "right"},
	"comparison": {"vs", "versus", "compared", "comparison", "alternatives"},
	"beginner":   {"beginner", "beginners", "basics", "explained", "introduction", "guide", "everything", "complete", "101", "start", "started"},
	"mistakes":   {"mistakes", "mistake", "wrong", "myths", "avoid", "errors"},
	"history":    {"history", "origins", "evolution"},
	"budget":     {"budget", "cheap", "affordable", "tight"},
	"care":       {"care", "caring", "maintenance", "maintain", "clean", "cleaning", "storage", "store", "fresh", "keeping"},
	"tips":       {"tips", "tricks", "hacks"},
}

var angleOf = func() map[string]string {
	m := map[string]string{}
	for a, words := range angles {
		for _, w := range words {
			m[w] = a
		}
	}
	return m
}()

// anglesIn are the angles a title's words announce.
func anglesIn(title string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(title), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if a, ok := angleOf[w]; ok {
			out[a] = true
		}
	}
	return out
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Lexical scores how much page covers what s targets, from 0 to 1, with the
// reasons in words. The topic is the primary keyword (the title's content
// words without a keyword): the share of its stemmed words (grouping.Tokens)
// that the page's title, slug or headings carry. The angle is the kind of
// article both titles announce (angles): the same angle keeps the topic's
// score, an unknown angle on one side takes 0.7 of it, different angles 0.4.
func Lexical(s, page Text) (float64, []string) {
	kw := s.Keyword
	if strings.TrimSpace(kw) == "" {
		kw = s.Title
	}
	kt := tokensOf(kw)
	for w := range kt {
		if _, isAngle := angleOf[w]; isAngle && len(kt) > 1 {
			delete(kt, w)
		}
	}
	if len(kt) == 0 {
		return 0, nil
	}
	all := tokensOf(page.Title, strings.ReplaceAll(page.Slug, "-", " "), strings.Join(page.Headings, " "))
	var covered []string
	for w := range kt {
		if all[w] {
			covered = append(covered, w)
		}
	}
	sort.Strings(covered)
	topic := float64(len(covered)) / float64(len(kt))
	if topic == 0 {
		return 0, nil
	}
	var reasons []string
	if len(covered) == len(kt) {
		reasons = append(reasons, fmt.Sprintf("the page's title, address or headings carry every word of the keyword %q", kw))
	} else {
		reasons = append(reasons, fmt.Sprintf("the page carries %d of the %d words of the keyword %q (%s)", len(covered), len(kt), kw, strings.Join(covered, ", ")))
	}
	sa, pa := anglesIn(s.Title), anglesIn(page.Title)
	factor := 0.7
	switch {
	case len(sa) == 0 && len(pa) == 0:
		factor = 1
	case len(sa) > 0 && len(pa) > 0:
		factor = 0.4
		var same []string
		for a := range sa {
			if pa[a] {
				same = append(same, a)
			}
		}
		sort.Strings(same)
		if len(same) > 0 {
			factor = 1
			reasons = append(reasons, "both take the same angle ("+strings.Join(same, ", ")+")")
		} else {
			reasons = append(reasons, "different angles ("+strings.Join(keys(sa), ", ")+" / "+strings.Join(keys(pa), ", ")+")")
		}
	}
	if len(s.Headings) > 0 && len(page.Headings) > 0 {
		if _, hshared := jaccard(tokensOf(s.Headings...), tokensOf(page.Headings...)); len(hshared) > 0 {
			reasons = append(reasons, fmt.Sprintf("the headings share %d words (%s)", len(hshared), strings.Join(hshared[:min(len(hshared), 8)], ", ")))
		}
	}
	return math.Round(topic*factor*1000) / 1000, reasons
}

// Cosine is the cosine similarity of two vectors (0 when either is empty or
// their lengths differ).
func Cosine(a, b []float32) float64 {
	if len(a) == 0 || len(a) != len(b) {
		return 0
	}
	var dot, na, nb float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
		na += float64(a[i]) * float64(a[i])
		nb += float64(b[i]) * float64(b[i])
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}

// Flagged applies the thresholds; semantic < 0 means not measured.
func Flagged(lexical, semantic float64) bool {
	return lexical >= LexicalThreshold || (semantic >= SemanticThreshold && lexical >= SemanticFloor)
}

// embedText is what is embedded of a text: title, keyword and headings.
func embedText(t Text) string {
	return strings.TrimSpace(t.Title + "\n" + t.Keyword + "\n" + strings.Join(t.Headings, "\n"))
}
