package autopilot

import (
	"fmt"
	"html"
	"math"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/overlap"
	"github.com/igny8/igny8/writer"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Gate names (contents.gates results and autopilots.gates settings).
const (
	GateWordCount     = "word_count"
	GateOutline       = "outline"
	GateMeta          = "meta"
	GateFeaturedImage = "featured_image"
	GateBannedWords   = "banned_words"
	GateDuplicate     = "duplicate"
	GateReadingLevel  = "reading_level"
	GateCannibal      = "cannibalisation"
)

// GateNames lists the gates in the order they are checked and reported.
var GateNames = []string{GateWordCount, GateOutline, GateMeta, GateFeaturedImage, GateBannedWords, GateDuplicate, GateReadingLevel, GateCannibal}

// Gate defaults (docs/AUTOMATION.md "Quality gates").
const (
	DefaultWordTolerance   = 0.25 // word count within ±25 % of the task's target
	DefaultTitleMin        = 20
	DefaultDescriptionMin  = 70
	DefaultMaxSimilarity   = 0.5 // Jaccard similarity of 5-word shingles
	DefaultMaxGrade        = 14.0
	maxDuplicateCandidates = 500
	shingleSize            = 5
)

// Gates are a site's gate settings. Every gate is on unless Off; zero limits
// take the defaults.
type Gates struct {
	WordCount struct {
		Off       bool    `json:"off"`
		Tolerance float64 `json:"tolerance"` // share of the target, e.g. 0.25
	} `json:"word_count"`
	Outline struct {
		Off bool `json:"off"`
	} `json:"outline"`
	Meta struct {
		Off            bool `json:"off"`
		TitleMin       int  `json:"title_min"`
		TitleMax       int  `json:"title_max"`
		DescriptionMin int  `json:"description_min"`
		DescriptionMax int  `json:"description_max"`
	} `json:"meta"`
	FeaturedImage struct {
		Off bool `json:"off"`
	} `json:"featured_image"`
	BannedWords struct {
		Off   bool     `json:"off"`
		Words []string `json:"words"` // besides the active strategies' never_mention terms
	} `json:"banned_words"`
	Duplicate struct {
		Off           bool    `json:"off"`
		MaxSimilarity float64 `json:"max_similarity"`
	} `json:"duplicate"`
	ReadingLevel struct {
		Off      bool    `json:"off"`
		MaxGrade float64 `json:"max_grade"` // Flesch-Kincaid grade
	} `json:"reading_level"`
	// Cannibalisation reads the overlap check's findings (package overlap,
	// run by the review before the gates): the gate fails while a page of the
	// live site overlaps the article undecided or decided "skip".
	Cannibalisation struct {
		Off bool `json:"off"`
	} `json:"cannibalisation"`
}

// Validate checks the settings' ranges.
func (g Gates) Validate() error {
	switch {
	case g.WordCount.Tolerance < 0 || g.WordCount.Tolerance > 1:
		return fmt.Errorf("word_count.tolerance must be between 0 and 1")
	case g.Meta.TitleMin < 0 || g.Meta.TitleMax < 0 || g.Meta.TitleMax > writer.MetaTitleMax*2 || (g.Meta.TitleMax > 0 && g.Meta.TitleMin > g.Meta.TitleMax):
		return fmt.Errorf("meta title limits must satisfy 0 <= title_min <= title_max <= %d", writer.MetaTitleMax*2)
	case g.Meta.DescriptionMin < 0 || g.Meta.DescriptionMax < 0 || g.Meta.DescriptionMax > 320 || (g.Meta.DescriptionMax > 0 && g.Meta.DescriptionMin > g.Meta.DescriptionMax):
		return fmt.Errorf("meta description limits must satisfy 0 <= description_min <= description_max <= 320")
	case len(g.BannedWords.Words) > 500:
		return fmt.Errorf("at most 500 banned words")
	case g.Duplicate.MaxSimilarity < 0 || g.Duplicate.MaxSimilarity > 1:
		return fmt.Errorf("duplicate.max_similarity must be between 0 and 1")
	case g.ReadingLevel.MaxGrade < 0 || g.ReadingLevel.MaxGrade > 30:
		return fmt.Errorf("reading_level.max_grade must be between 0 and 30")
	}
	for _, w := range g.BannedWords.Words {
		if len(w) > 200 {
			return fmt.Errorf("a banned word is longer than 200 characters")
		}
	}
	return nil
}

// GateResult is one gate's verdict on an article.
type GateResult struct {
	Gate   string `json:"gate"`
	Passed bool   `json:"passed"`
	Detail string `json:"detail"`
}

// Review is what contents.gates holds: when the gates ran, whether all
// passed, the names of the failed ones and every gate's verdict.
type Review struct {
	CheckedAt string       `json:"checked_at"`
	Passed    bool         `json:"passed"`
	Failed    []string     `json:"failed"`
	Results   []GateResult `json:"results"`
}

// Check runs every enabled gate on content (its task, idea, images and the
// site's other igny8 articles are read from app).
func Check(app core.App, content *core.Record, g Gates, now time.Time) (Review, error) {
	r := Review{CheckedAt: now.UTC().Format(time.RFC3339), Passed: true, Failed: []string{}}
	text := plainText(content.GetString("html"))
	var task, idea *core.Record
	if id := content.GetString("task"); id != "" {
		task, _ = app.FindRecordById(collections.Tasks, id)
	}
	if task != nil && task.GetString("idea") != "" {
		idea, _ = app.FindRecordById(collections.Ideas, task.GetString("idea"))
	}
	add := func(gate string, passed bool, detail string) {
		r.Results = append(r.Results, GateResult{Gate: gate, Passed: passed, Detail: detail})
		if !passed {
			r.Passed = false
			r.Failed = append(r.Failed, gate)
		}
	}
	if !g.WordCount.Off {
		ok, detail := checkWordCount(content, task, g)
		add(GateWordCount, ok, detail)
	}
	if !g.Outline.Off {
		ok, detail := checkOutline(content, task, idea)
		add(GateOutline, ok, detail)
	}
	if !g.Meta.Off {
		ok, detail := checkMeta(content, g)
		add(GateMeta, ok, detail)
	}
	if !g.FeaturedImage.Off {
		ok, detail, err := checkFeatured(app, content)
		if err != nil {
			return r, err
		}
		add(GateFeaturedImage, ok, detail)
	}
	if !g.BannedWords.Off {
		ok, detail, err := checkBanned(app, content, text, g)
		if err != nil {
			return r, err
		}
		add(GateBannedWords, ok, detail)
	}
	if !g.Duplicate.Off {
		ok, detail, err := checkDuplicate(app, content, text, g)
		if err != nil {
			return r, err
		}
		add(GateDuplicate, ok, detail)
	}
	if !g.ReadingLevel.Off {
		ok, detail := checkReading(text, task, g)
		add(GateReadingLevel, ok, detail)
	}
	if !g.Cannibalisation.Off {
		block, err := overlap.Blocking(app, content.Id)
		if err != nil {
			return r, fmt.Errorf("overlaps: %w", err)
		}
		if len(block) > 0 {
			var pages []string
			for _, b := range block {
				pages = append(pages, fmt.Sprintf("%s (%.0f %%)", b.GetString("url"), b.GetFloat("score")*100))
			}
			add(GateCannibal, false, "overlaps "+quoteList(pages, 5)+" on the live site: decide each overlap (skip, merge or go ahead)")
		} else {
			add(GateCannibal, true, "no undecided overlap with the site's indexed pages")
		}
	}
	return r, nil
}

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
		var o struct {
			Sections []struct {
				H2 string `json:"h2"`
			} `json:"sections"`
		}
		_ = idea.UnmarshalJSONField("outline", &o)
		for _, s := range o.Sections {
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

func checkBanned(app core.App, content *core.Record, text string, g Gates) (bool, string, error) {
	terms := append([]string{}, g.BannedWords.Words...)
	strategies, err := app.FindRecordsByFilter(collections.Strategies, "tenant = {:t} && active = true && (site = '' || site = {:s})",
		"created", 50, 0, dbx.Params{"t": content.GetString("tenant"), "s": content.GetString("site")})
	if err != nil {
		return false, "", fmt.Errorf("strategies: %w", err)
	}
	for _, s := range strategies {
		var never []string
		_ = s.UnmarshalJSONField("never_mention", &never)
		terms = append(terms, never...)
	}
	hay := " " + strings.Join(reWord.FindAllString(strings.ToLower(strings.Join([]string{content.GetString("title"),
		content.GetString("meta_title"), content.GetString("meta_description"), text}, " ")), -1), " ") + " "
	var found []string
	seen := map[string]bool{}
	for _, t := range terms {
		key := strings.Join(reWord.FindAllString(strings.ToLower(t), -1), " ")
		if key == "" || seen[key] {
			continue
		}
		seen[key] = true
		if strings.Contains(hay, " "+key+" ") {
			found = append(found, t)
		}
	}
	if len(found) > 0 {
		return false, "mentions " + quoteList(found, 10), nil
	}
	return true, fmt.Sprintf("none of %d banned terms", len(seen)), nil
}

func checkDuplicate(app core.App, content *core.Record, text string, g Gates) (bool, string, error) {
	limit := g.Duplicate.MaxSimilarity
	if limit == 0 {
		limit = DefaultMaxSimilarity
	}
	mine := shingles(text)
	if len(mine) == 0 {
		return true, "too short to compare", nil
	}
	others, err := app.FindRecordsByFilter(collections.Contents, "tenant = {:t} && site = {:s} && id != {:id} && html != ''", "-created",
		maxDuplicateCandidates, 0, dbx.Params{"t": content.GetString("tenant"), "s": content.GetString("site"), "id": content.Id})
	if err != nil {
		return false, "", fmt.Errorf("other articles: %w", err)
	}
	best, title := 0.0, ""
	for _, o := range others {
		if s := jaccard(mine, shingles(plainText(o.GetString("html")))); s > best {
			best, title = s, o.GetString("title")
		}
	}
	if best > limit {
		return false, fmt.Sprintf("%.0f %% like %q (allowed %.0f %%)", best*100, title, limit*100), nil
	}
	return true, fmt.Sprintf("at most %.0f %% like another article of the site", best*100), nil
}

func shingles(text string) map[string]bool {
	ws := reWord.FindAllString(strings.ToLower(text), -1)
	out := map[string]bool{}
	for i := 0; i+shingleSize <= len(ws); i++ {
		out[strings.Join(ws[i:i+shingleSize], " ")] = true
	}
	return out
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	inter := 0
	for k := range a {
		if b[k] {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// checkReading applies the Flesch-Kincaid grade, defined for English: other
// languages pass with a note.
func checkReading(text string, task *core.Record, g Gates) (bool, string) {
	if task != nil {
		if l := strings.ToLower(task.GetString("language")); l != "" && !strings.HasPrefix(l, "en") {
			return true, "reading level is measured for English only (" + l + ")"
		}
	}
	maxGrade := g.ReadingLevel.MaxGrade
	if maxGrade == 0 {
		maxGrade = DefaultMaxGrade
	}
	grade, ok := FleschKincaid(text)
	if !ok {
		return true, "too short to measure"
	}
	if grade > maxGrade {
		return false, fmt.Sprintf("grade %.1f, above %.1f", grade, maxGrade)
	}
	return true, fmt.Sprintf("grade %.1f", grade)
}

var reSentence = regexp.MustCompile(`[.!?]+(\s|$)`)

// FleschKincaid is the Flesch-Kincaid grade level of text:
// 0.39 × words/sentences + 11.8 × syllables/words − 15.59, with syllables
// counted as vowel groups (a silent final e dropped, at least one per word).
// ok is false below 30 words.
func FleschKincaid(text string) (float64, bool) {
	words := reWord.FindAllString(text, -1)
	if len(words) < 30 {
		return 0, false
	}
	sentences := max(len(reSentence.FindAllString(text, -1)), 1)
	syl := 0
	for _, w := range words {
		syl += syllables(w)
	}
	return 0.39*float64(len(words))/float64(sentences) + 11.8*float64(syl)/float64(len(words)) - 15.59, true
}

func syllables(w string) int {
	w = strings.ToLower(w)
	n, prev := 0, false
	rs := []rune(w)
	for _, r := range rs {
		v := strings.ContainsRune("aeiouy", r)
		if v && !prev {
			n++
		}
		prev = v
	}
	if len(rs) > 2 && rs[len(rs)-1] == 'e' && !strings.ContainsRune("aeiouy", rs[len(rs)-2]) && n > 1 {
		n--
	}
	return max(n, 1)
}

// plainText is html without tags and entities, blocks separated by spaces.
func plainText(s string) string {
	return strings.Join(strings.Fields(html.UnescapeString(reTag.ReplaceAllString(s, " "))), " ")
}

func quoteList(items []string, n int) string {
	out := make([]string, 0, n)
	for i, s := range items {
		if i == n {
			out = append(out, fmt.Sprintf("and %d more", len(items)-n))
			break
		}
		out = append(out, fmt.Sprintf("%q", s))
	}
	return strings.Join(out, ", ")
}
