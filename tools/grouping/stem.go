package grouping

import (
	"strings"
	"sync"
	"unicode"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/danish"
	"github.com/blevesearch/snowballstem/dutch"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/finnish"
	"github.com/blevesearch/snowballstem/french"
	"github.com/blevesearch/snowballstem/german"
	"github.com/blevesearch/snowballstem/hungarian"
	"github.com/blevesearch/snowballstem/italian"
	"github.com/blevesearch/snowballstem/norwegian"
	"github.com/blevesearch/snowballstem/portuguese"
	"github.com/blevesearch/snowballstem/romanian"
	"github.com/blevesearch/snowballstem/russian"
	"github.com/blevesearch/snowballstem/spanish"
	"github.com/blevesearch/snowballstem/swedish"
	"github.com/blevesearch/snowballstem/turkish"
)

// stemmers are the Snowball stemmers (github.com/blevesearch/snowballstem,
// generated from the Snowball project's own definitions) by ISO 639-1 code.
// English is the default: keyword tools export mostly English keywords, and
// the stop words are English.
var stemmers = map[string]func(*snowballstem.Env) bool{
	"en": english.Stem, "da": danish.Stem, "nl": dutch.Stem, "fi": finnish.Stem, "fr": french.Stem,
	"de": german.Stem, "hu": hungarian.Stem, "it": italian.Stem, "no": norwegian.Stem, "nb": norwegian.Stem,
	"pt": portuguese.Stem, "ro": romanian.Stem, "ru": russian.Stem, "es": spanish.Stem, "sv": swedish.Stem,
	"tr": turkish.Stem,
}

// languageNames maps the language names keyword tools export (Google Keyword
// Planner writes "English", "German"…) to their codes.
var languageNames = map[string]string{
	"english": "en", "danish": "da", "dutch": "nl", "finnish": "fi", "french": "fr", "german": "de",
	"hungarian": "hu", "italian": "it", "norwegian": "no", "portuguese": "pt", "romanian": "ro",
	"russian": "ru", "spanish": "es", "swedish": "sv", "turkish": "tr",
	"deutsch": "de", "français": "fr", "español": "es", "italiano": "it", "português": "pt", "nederlands": "nl",
}

// StemLanguage returns the code of the Snowball stemmer used for language (a
// code such as "de", "pt-BR" or a name such as "German"); "en" when igny8 has
// no stemmer for it.
func StemLanguage(language string) string {
	l := strings.ToLower(strings.TrimSpace(language))
	if code, ok := languageNames[l]; ok {
		return code
	}
	if i := strings.IndexAny(l, "-_"); i > 0 {
		l = l[:i]
	}
	if _, ok := stemmers[l]; ok {
		return l
	}
	return "en"
}

var envPool = sync.Pool{New: func() any { return snowballstem.NewEnv("") }}

// Stem is the Snowball stem of a lower-case word in English.
func Stem(w string) string { return StemIn("en", w) }

// StemIn is the Snowball stem of a lower-case word in the language of code
// (see [StemLanguage]); English for an unknown code.
func StemIn(code, w string) string {
	stem, ok := stemmers[code]
	if !ok {
		stem = english.Stem
	}
	env := envPool.Get().(*snowballstem.Env)
	env.SetCurrent(w)
	stem(env)
	out := env.Current()
	envPool.Put(env)
	return out
}

// trigrams are a word's character trigrams, anchored at its start ("^ch",
// "cha", …) so words that begin alike share the most.
func trigrams(w string) map[string]bool {
	r := []rune("^" + w)
	out := make(map[string]bool, len(r))
	for i := 0; i+3 <= len(r); i++ {
		out[string(r[i:i+3])] = true
	}
	if len(r) < 3 {
		out[string(r)] = true
	}
	return out
}

// trigramDice is the Dice coefficient of a's and b's trigrams (1 = the same).
func trigramDice(a, b string) float64 {
	ta, tb := trigrams(a), trigrams(b)
	inter := 0
	for g := range ta {
		if tb[g] {
			inter++
		}
	}
	return 2 * float64(inter) / float64(len(ta)+len(tb))
}

// minStemDice is the trigram overlap at which two stems of one batch count
// as the same word (see nearStems).
const minStemDice = 0.55

// nearStems maps stems that Snowball leaves apart but that are the same word
// to one of them, within one batch of keywords. Snowball keeps an English
// agent or instrument noun ("charger", "swimmer", "mower") apart from its
// verb's stem ("charg", "swim", "mow") when the suffix falls outside the
// word's R2 region, which splits a topic in two. A stem joins a shorter stem
// of the batch when it is that stem plus "er" (after a doubled consonant,
// as in "swimmer") and their character trigrams overlap by at least
// minStemDice; the overlap keeps very short stems apart ("pa" and "paper").
// Other endings stay apart on purpose: "plant" is not "plan", "classic" not
// "class". Only English uses this (the suffix is English).
func nearStems(code string, stems map[string]bool) map[string]string {
	out := map[string]string{}
	if code != "en" {
		return out
	}
	for t := range stems {
		base, ok := strings.CutSuffix(t, "er")
		if !ok || len(base) < 3 {
			continue
		}
		cands := []string{base, t[:len(t)-1]} // "charg" for "charger", "move" for "mover"
		if n := len(base); n >= 4 && base[n-1] == base[n-2] {
			cands = append(cands, base[:n-1]) // "swim" for "swimmer"
		}
		for _, b := range cands {
			if stems[b] && trigramDice(b, t) >= minStemDice {
				out[t] = b
				break
			}
		}
	}
	return out
}

// splitCompounds finds German compounds among a batch's stems: a stem of at
// least 8 letters that begins with another stem of the batch (at least 5
// letters: "siebtrag" in "siebtragermaschin", "warmepump" in
// "warmepumpenheiz") or ends in one (at least 4: "schloss" in
// "faltschloss", "sauerteig" in "roggensauerteig"), leaving at least 3
// letters besides. The compound keeps its own feature and gains those parts
// ("a|b"), so "siebträgermaschine kaufen" meets "siebträger reinigen" and
// "luftwärmepumpe" meets "wärmepumpe kosten". The longest part wins on each
// side; parts must be words of the batch, so no dictionary is needed and
// nothing is split that the batch does not itself use.
func splitCompounds(stems map[string]bool) map[string]string {
	out := map[string]string{}
	for t := range stems {
		r := []rune(t)
		if len(r) < 8 || !isLatinWord(t) {
			continue
		}
		var parts []string
		for k := len(r) - 3; k >= 5; k-- { // longest prefix first
			if p := string(r[:k]); stems[p] {
				parts = append(parts, p)
				break
			}
		}
		for k := 3; k <= len(r)-4; k++ { // longest suffix first
			if p := string(r[k:]); stems[p] {
				parts = append(parts, p)
				break
			}
		}
		if len(parts) > 0 {
			out[t] = strings.Join(parts, "|")
			if len(parts) == 1 {
				out[t] += "|" + parts[0]
			}
		}
	}
	return out
}

func isLatinWord(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Latin, r) {
			return false
		}
	}
	return true
}
