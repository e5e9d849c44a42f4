package grouping

import (
	"strings"
	"unicode"
)

// latinHints are words and letters that mark a Latin-script keyword's language.
var latinHints = map[string][]string{
	"de": {"für", "und", "kaufen", "günstig", "wie", "beste", "vergleich", "selber", "anleitung", "erfahrungen", "ohne", "zum", "zur", "mit"},
	"fr": {"pour", "le", "la", "les", "des", "comment", "avec", "meilleur", "sans", "du"},
	"es": {"para", "cómo", "como", "el", "los", "las", "mejor", "con", "sin", "del", "hacer"},
}

// KeywordLanguage tells which rules tokenise a keyword, per keyword: the
// script first (kana means Japanese, Han alone Chinese, Hangul Korean,
// Cyrillic Russian…), then the language it was imported with, then letters
// and function words only one language uses (ß/ä/ö/ü or "für" → German;
// French and Spanish need two such words or an accent, since "la" or "con"
// also occur in English keywords),
// then fallback (the batch's language; English when empty). Short keywords
// give little to go on, so the declared language wins over hints; a script
// is certain and wins over both.
func KeywordLanguage(text, declared, fallback string) string {
	code, sure := detectLanguage(text, declared)
	if !sure {
		return StemLanguage(fallback)
	}
	return code
}

// detectLanguage is KeywordLanguage without a fallback: sure is false when
// neither the script, the declared language nor a hint tells.
func detectLanguage(text, declared string) (string, bool) {
	var kana, han, hangul, cyr, greek, latin int
	for _, r := range text {
		switch {
		case isKana(r):
			kana++
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.Is(unicode.Hangul, r):
			hangul++
		case unicode.Is(unicode.Cyrillic, r):
			cyr++
		case unicode.Is(unicode.Greek, r):
			greek++
		case unicode.Is(unicode.Latin, r):
			latin++
		}
	}
	switch {
	case kana > 0:
		return "ja", true
	case han > 0 && han >= latin:
		if c := languageCode(declared); c == "ja" {
			return "ja", true
		}
		return "zh", true
	case hangul > 0:
		return "ko", true
	case cyr > latin:
		return "ru", true
	case greek > latin:
		return "el", true
	}
	if declared != "" {
		return StemLanguage(declared), true
	}
	lower := strings.ToLower(text)
	if strings.ContainsAny(lower, "ßäöü") {
		return "de", true
	}
	words := strings.Fields(lower)
	best, bestN := "", 0
	for _, code := range []string{"de", "fr", "es"} {
		n := 0
		for _, w := range words {
			for _, h := range latinHints[code] {
				if w == h {
					n++
				}
			}
		}
		if n > bestN && (code == "de" || n >= 2) {
			best, bestN = code, n
		}
	}
	if best != "" {
		return best, true
	}
	if strings.ContainsAny(lower, "éèêàçœ") {
		return "fr", true
	}
	if strings.ContainsAny(lower, "ñ¿¡") {
		return "es", true
	}
	return "en", false
}

// languageCode is a declared language as a lower-case ISO 639-1 code, also
// for languages igny8 has no stemmer for ("Japanese", "ja-JP" → "ja").
func languageCode(l string) string {
	l = strings.ToLower(strings.TrimSpace(l))
	switch l {
	case "japanese", "日本語":
		return "ja"
	case "chinese":
		return "zh"
	}
	if i := strings.IndexAny(l, "-_"); i > 0 {
		l = l[:i]
	}
	return l
}
