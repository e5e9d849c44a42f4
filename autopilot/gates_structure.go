package autopilot

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"unicode"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/writer"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

func checkWordCount(content, task *core.Record, g Gates) (bool, string) {
	target := 0
	if task != nil {
		target = task.GetInt("word_count_target")
	}
	words := content.GetInt("word_count")
	if target <= 0 {
		return true, fmt.Sprintf("%d words; the task sets no target", words)
	}
	tol := g.WordCount.Tolerance
	if tol == 0 {
		tol = DefaultWordTolerance
	}
	lo, hi := int(math.Floor(float64(target)*(1-tol))), int(math.Ceil(float64(target)*(1+tol)))
	if words < lo || words > hi {
		return false, fmt.Sprintf("%d words, outside %d-%d (target %d ± %.0f %%)", words, lo, hi, target, tol*100)
	}
	return true, fmt.Sprintf("%d words, within %d-%d", words, lo, hi)
}

var (
	reH2   = regexp.MustCompile(`(?is)<h2[^>]*>(.*?)</h2>`)
	reTag  = regexp.MustCompile(`(?s)<[^>]*>`)
	reWord = regexp.MustCompile(`[\p{L}\p{N}]+(?:['’][\p{L}]+)*`)
)

// outlineSections are the H2s the article was asked for: the idea's outline,
// else the "## " lines of the task's brief.
func outlineSections(task, idea *core.Record) []string {
	var out []string
	if idea != nil {
		for _, s := range collections.OutlineOf(idea).Sections {
			if strings.TrimSpace(s.H2) != "" {
				out = append(out, s.H2)
			}
		}
	}
	if len(out) == 0 && task != nil {
		for _, line := range strings.Split(task.GetString("brief"), "\n") {
			if h, ok := strings.CutPrefix(strings.TrimSpace(line), "## "); ok && strings.TrimSpace(h) != "" {
				out = append(out, h)
			}
		}
	}
	return out
}

func checkOutline(content, task, idea *core.Record) (bool, string) {
	want := outlineSections(task, idea)
	if len(want) == 0 {
		return true, "no outline was given"
	}
	have := map[string]bool{}
	for _, m := range reH2.FindAllStringSubmatch(content.GetString("html"), -1) {
		have[headingKey(plainText(m[1]))] = true
	}
	var missing []string
	for _, h := range want {
		if !have[headingKey(h)] {
			missing = append(missing, h)
		}
	}
	if len(missing) > 0 {
		return false, fmt.Sprintf("%d of %d outline sections missing: %s", len(missing), len(want), quoteList(missing, 5))
	}
	return true, fmt.Sprintf("all %d outline sections present", len(want))
}

// headingKey compares headings by their words, ignoring case, punctuation and
// numbering ("2. Why it matters" = "why it matters").
func headingKey(s string) string {
	ws := reWord.FindAllString(strings.ToLower(s), -1)
	for len(ws) > 0 && isNumber(ws[0]) {
		ws = ws[1:]
	}
	return strings.Join(ws, " ")
}

func isNumber(s string) bool {
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return s != ""
}

func checkMeta(content *core.Record, g Gates) (bool, string) {
	tmin, tmax := or(g.Meta.TitleMin, DefaultTitleMin), or(g.Meta.TitleMax, writer.MetaTitleMax)
	dmin, dmax := or(g.Meta.DescriptionMin, DefaultDescriptionMin), or(g.Meta.DescriptionMax, writer.MetaDescriptionMax)
	t := len([]rune(strings.TrimSpace(content.GetString("meta_title"))))
	d := len([]rune(strings.TrimSpace(content.GetString("meta_description"))))
	var bad []string
	if t < tmin || t > tmax {
		bad = append(bad, fmt.Sprintf("meta title %d characters (allowed %d-%d)", t, tmin, tmax))
	}
	if d < dmin || d > dmax {
		bad = append(bad, fmt.Sprintf("meta description %d characters (allowed %d-%d)", d, dmin, dmax))
	}
	if len(bad) > 0 {
		return false, strings.Join(bad, "; ")
	}
	return true, fmt.Sprintf("meta title %d, description %d characters", t, d)
}

func or(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}

func checkFeatured(app core.App, content *core.Record) (bool, string, error) {
	n, err := app.CountRecords(collections.Images, dbx.HashExp{"content": content.Id, "kind": collections.ImageFeatured, "status": "ready"},
		dbx.NewExp("[[file]] != ''"))
	if err != nil {
		return false, "", fmt.Errorf("featured image: %w", err)
	}
	if n == 0 {
		return false, "no generated featured image", nil
	}
	return true, "featured image ready", nil
}
