package overlap_test

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/igny8/igny8/overlap"
)

type labelled struct {
	Pairs []struct {
		Title, Keyword, Page string
		Overlap              bool
	}
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

func slugOf(title string) string {
	return strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(title), "-"), "-")
}

// precisionRecall runs the lexical check over the labelled set at threshold.
func precisionRecall(t *testing.T, set labelled, threshold float64) (p, r float64, tp, fp, fn int) {
	for _, x := range set.Pairs {
		score, _ := overlap.Lexical(overlap.Text{Title: x.Title, Keyword: x.Keyword}, overlap.Text{Title: x.Page, Slug: slugOf(x.Page)})
		flagged := score >= threshold
		switch {
		case flagged && x.Overlap:
			tp++
		case flagged && !x.Overlap:
			fp++
		case !flagged && x.Overlap:
			fn++
		}
	}
	if tp+fp > 0 {
		p = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		r = float64(tp) / float64(tp+fn)
	}
	return
}

// TestLabelledSet measures the lexical check on the hand-labelled pairs of
// testdata/labelled.json (figures in docs/PERFORMANCE.md). Only the lexical
// part is measured: offline there is no embedding model (the dev provider's
// vectors are hashed words).
func TestLabelledSet(t *testing.T) {
	raw, err := os.ReadFile("testdata/labelled.json")
	if err != nil {
		t.Fatal(err)
	}
	var set labelled
	if err := json.Unmarshal(raw, &set); err != nil {
		t.Fatal(err)
	}
	var sweep []string
	for _, th := range []float64{0.3, 0.4, 0.5, 0.6, 0.7, 0.8} {
		p, r, tp, fp, fn := precisionRecall(t, set, th)
		sweep = append(sweep, fmt.Sprintf("threshold %.1f: precision %.2f recall %.2f (tp %d fp %d fn %d)", th, p, r, tp, fp, fn))
	}
	t.Log("lexical check on", len(set.Pairs), "labelled pairs:\n"+strings.Join(sweep, "\n"))
	p, r, _, _, _ := precisionRecall(t, set, overlap.LexicalThreshold)
	if p < 0.9 || r < 0.8 {
		t.Fatalf("at the threshold %.2f: precision %.2f, recall %.2f; want at least 0.90 and 0.80", overlap.LexicalThreshold, p, r)
	}
}

// TestLexicalReasons: a near-duplicate gets a high score and reasons that
// name the shared words and the keyword; a page of another subject scores 0.
func TestLexicalReasons(t *testing.T) {
	near, reasons := overlap.Lexical(overlap.Text{Title: "How to pick a pour-over coffee setup", Keyword: "pour-over coffee"},
		overlap.Text{Title: "How to choose pour-over coffee", Slug: "gen-1-how-to-choose-pour-over-coffee"})
	if near < overlap.LexicalThreshold || len(reasons) < 2 || !strings.Contains(strings.Join(reasons, "|"), `every word of the keyword "pour-over coffee"`) {
		t.Fatalf("near-duplicate: %.2f %v", near, reasons)
	}
	far, _ := overlap.Lexical(overlap.Text{Title: "Best hiking boots for beginners", Keyword: "hiking boots"},
		overlap.Text{Title: "How to choose pour-over coffee", Slug: "how-to-choose-pour-over-coffee"})
	if far != 0 {
		t.Fatalf("unrelated page scored %.2f", far)
	}
}
