package grouping

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// stopwords are words that say nothing about a keyword's topic, including the
// search modifiers ("best", "how", "near me", "kaufen", "おすすめ") that cross
// every topic, per language; the English ones apply to every language
// (keyword lists mix them in: "best kaffeemaschine").
var stopwords = map[string]map[string]bool{}

func init() {
	for code, list := range map[string]string{
		"en": `a an and are as at be by can do does for from how i in is it my of on or
		should that the this to vs versus what when where which who why will with without you your near me
		best top cheap cheapest good great review reviews guide tips ideas list free online
		new easy simple get make use using much many often long does do vs. get into per under over`,
		"de": `der die das den dem des ein eine einen einem einer eines und oder für mit ohne von vom zum zur
		im in am an auf aus bei nach über unter wie was wo wann warum welche welcher welches ist sind kann
		können ich mein meine sie es man nicht auch so als bis zu beste besten bester bestes günstig günstige
		günstigen günstiger billig billige kaufen kauf test testsieger vergleich erfahrungen erfahrung bewertung
		preis preise neu tipps anleitung selber machen online richtig gut gute guten`,
		"fr": `le la les un une des de du et ou pour avec sans sur dans en au aux comment quel quelle quels
		meilleur meilleure meilleurs pas cher prix avis acheter`,
		"es": `el la los las un una unos unas de del y o para con sin en por como cómo qué cual mejor mejores
		barato barata precio comprar opiniones`,
		"ja": `おすすめ オススメ ランキング 人気 比較 安い 口コミ 評判 とは 方法 簡単 最強 最新 通販 値段 価格 選び方`,
	} {
		m := map[string]bool{}
		for _, w := range strings.Fields(list) {
			m[w] = true
		}
		stopwords[code] = m
	}
}

func isStopword(code, w string) bool {
	return stopwords["en"][w] || stopwords[code][w]
}

// Tokens returns the stemmed content words of an English keyword, in order.
func Tokens(s string) []string { return TokensIn("en", s) }

// TokensIn returns the content words of a keyword in the language of code
// (see [StemLanguage] and [KeywordLanguage]), in order: Snowball stems for
// the languages that have a stemmer, character bigrams for Japanese and
// Chinese (see segmentCJK), words as they are otherwise.
func TokensIn(code, s string) []string { return tokensOf(code, s) }

func tokensOf(code, s string) []string {
	if code == "ja" || code == "zh" {
		return segmentCJK(code, s)
	}
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	_, stems := stemmers[code]
	out := words[:0]
	for _, w := range words {
		if isStopword(code, w) || len(w) < 2 && !unicode.IsDigit(rune(w[0])) || isYear(w) {
			continue
		}
		if stems {
			w = StemIn(code, w)
		}
		out = append(out, w)
	}
	return out
}

// Years from firstYear to lastYear date a search ("2026" in "best laptops
// 2026"); they do not name a topic, so they are not tokens.
const (
	firstYear = 1990
	lastYear  = 2099
)

// isYear is a four-digit year from firstYear to lastYear.
func isYear(w string) bool {
	if len(w) != 4 {
		return false
	}
	y := 0
	for _, c := range w {
		if c < '0' || c > '9' {
			return false
		}
		y = y*10 + int(c-'0')
	}
	return y >= firstYear && y <= lastYear
}

// particles are the Japanese hiragana words that join content words
// (コーヒーの淹れ方, 初心者におすすめ): a hiragana run that is exactly one of
// them separates segments.
var particles = map[string]bool{}

func init() {
	for _, p := range strings.Fields(`の を に が は で と へ も や か から まで より など って ための には では とは での への する した して な`) {
		particles[p] = true
	}
}

func isKana(r rune) bool { return unicode.In(r, unicode.Hiragana, unicode.Katakana) || r == 'ー' }
func isCJK(r rune) bool  { return unicode.Is(unicode.Han, r) || isKana(r) }

// script classes for segmenting: katakana (with the long-vowel mark),
// hiragana, han, other.
func scriptOf(r rune) int {
	switch {
	case unicode.Is(unicode.Katakana, r) || r == 'ー':
		return 1
	case unicode.Is(unicode.Hiragana, r):
		return 2
	case unicode.Is(unicode.Han, r):
		return 3
	}
	return 0
}

// segmentCJK tokenises Japanese (and Chinese) written without spaces. No
// dictionary: the text is cut into segments at particles (a hiragana run
// that is exactly の, を, に, …) and where katakana (loanwords: コーヒー,
// エスプレッソマシン) meets other script, or where a particle opens a hiragana
// run (犬|の|しつけ); a segment of up to 3 characters (a katakana one up to
// 6) is one word (転職, 家計簿, 淹れ方, コーヒー), a longer one is a compound
// and gives its character bigrams, so 英語勉強法 meets 英語 and 勉強. Bigrams are a standard way to index such text without a
// morphological dictionary (the IPA dictionary of a segmenter such as
// kagome would add tens of MB to the binary for keyword-length input).
// Latin words inside (iPhone) are kept as words.
func segmentCJK(code string, s string) []string {
	var out []string
	emit := func(seg []rune) {
		if len(seg) == 0 {
			return
		}
		w := string(seg)
		if isStopword(code, w) || stopwords["ja"][w] {
			return
		}
		if !isCJK(seg[0]) {
			if len(seg) >= 2 || unicode.IsDigit(seg[0]) {
				out = append(out, strings.ToLower(w))
			}
			return
		}
		// a short segment is one word (転職, 家計簿, 淹れ方; a katakana word up
		// to 6: コーヒー, エクセル); a longer one is a compound (英語勉強法,
		// 転職成功) and gives only its bigrams, so it weighs about as much as
		// the words it is made of (measured against bigrams everywhere: purity
		// 0.91 / ARI 0.72 on labelled_clusters_ja.csv against 0.74 / 0.50)
		if len(seg) <= 3 || scriptOf(seg[0]) == 1 && len(seg) <= 6 {
			out = append(out, w)
			return
		}
		for i := 0; i+2 <= len(seg); i++ {
			out = append(out, string(seg[i:i+2]))
		}
	}
	for _, chunk := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != 'ー' }) {
		rs := []rune(chunk)
		// runs of one script
		type run struct {
			script int
			r      []rune
		}
		var runs []run
		for _, r := range rs {
			sc := scriptOf(r)
			if n := len(runs); n > 0 && runs[n-1].script == sc {
				runs[n-1].r = append(runs[n-1].r, r)
				continue
			}
			runs = append(runs, run{sc, []rune{r}})
		}
		var seg []rune
		segScript := -1
		for _, rn := range runs {
			switch {
			case rn.script == 2 && particles[string(rn.r)]:
				emit(seg)
				seg, segScript = nil, -1
			case rn.script == 2 && segScript >= 0 && len(rn.r) > 1 && particles[string(rn.r[:1])] && !particles[string(rn.r[:2])]:
				// a particle opening a hiragana run after a word (犬|の|しつけ)
				emit(seg)
				seg, segScript = append([]rune(nil), rn.r[1:]...), 2
			case rn.script == 1 || segScript == 1 || rn.script == 0 || segScript == 0:
				emit(seg)
				seg, segScript = append([]rune(nil), rn.r...), rn.script
			default: // han and hiragana (okurigana) stay together: 淹れ方, 水出し
				seg = append(seg, rn.r...)
				segScript = rn.script
			}
		}
		emit(seg)
	}
	return out
}

// isGram reports a CJK token: bigrams and segments make no pair features
// (their neighbours are already inside them).
func isGram(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return isCJK(r)
}
