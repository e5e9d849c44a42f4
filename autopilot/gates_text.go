package autopilot

import (
	"fmt"
	"html"
	"regexp"
	"strings"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

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
