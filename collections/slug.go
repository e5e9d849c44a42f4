package collections

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Slug lower-cases s and keeps its ASCII letters and digits, joined by single
// dashes (every other character separates words: "Best ☕ Coffee & Tea" →
// "best-coffee-tea"), cut at a dash within limit (TruncateSlug). It is the
// one slug maker for heading anchors, article slugs, file and workspace
// names; TransliteratedSlug is the variant that spells other scripts.
func Slug(s string, limit int) string {
	var w slugWriter
	for _, r := range strings.ToLower(s) {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			w.letter(r)
		} else {
			w.sep()
		}
	}
	return TruncateSlug(w.String(), limit)
}

// translit spells letters of the scripts igny8 transliterates (Cyrillic,
// Greek, and Latin letters that do not decompose into a base letter and marks)
// in ASCII.
var translit = map[rune]string{
	// Latin
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d", 'þ': "th", 'ı': "i", 'ħ': "h",
	// Cyrillic (Russian, Ukrainian, Belarusian, Serbian, Macedonian, Bulgarian)
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "yo", 'ж': "zh", 'з': "z", 'и': "i",
	'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t",
	'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "",
	'э': "e", 'ю': "yu", 'я': "ya", 'і': "i", 'ї': "yi", 'є': "ye", 'ґ': "g", 'ў': "u", 'ђ': "dj", 'ј': "j",
	'љ': "lj", 'њ': "nj", 'ћ': "c", 'џ': "dz", 'ѓ': "gj", 'ќ': "kj", 'ѕ': "dz",
	// Greek
	'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i", 'θ': "th", 'ι': "i", 'κ': "k",
	'λ': "l", 'μ': "m", 'ν': "n", 'ξ': "x", 'ο': "o", 'π': "p", 'ρ': "r", 'σ': "s", 'ς': "s", 'τ': "t",
	'υ': "y", 'φ': "f", 'χ': "ch", 'ψ': "ps", 'ω': "o",
}

// TransliteratedSlug is the slug igny8 asks WordPress for: Latin, Cyrillic
// and Greek text spelled in ASCII (accents dropped, apostrophes dropped,
// "Как заварить кофе" → "kak-zavarit-kofe"), cut at a dash within limit. It
// returns "" when s holds letters of another script (Japanese, Chinese,
// Arabic, Hebrew, Thai…): transliterating those is guesswork, so WordPress
// builds the slug from the title in that script, as it does for posts written
// in its editor.
func TransliteratedSlug(s string, limit int) string {
	var w slugWriter
	for _, whole := range strings.ToLower(s) {
		if t, ok := translit[whole]; ok {
			w.spelled(t)
			continue
		}
		for _, r := range norm.NFKD.String(string(whole)) {
			switch {
			case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
				w.letter(r)
			case unicode.Is(unicode.Mn, r):
				// an accent of the letter before it
			case translit[r] != "":
				w.spelled(translit[r])
			case unicode.IsLetter(r) || unicode.IsDigit(r):
				return "" // a script igny8 does not spell in ASCII
			case r == '\'' || r == '’':
				// it's → its
			default:
				w.sep()
			}
		}
	}
	return TruncateSlug(w.String(), limit)
}

// slugWriter joins a slug's words with single dashes, none leading.
type slugWriter struct {
	strings.Builder
	dash bool
}

func (w *slugWriter) letter(r rune) {
	w.WriteRune(r)
	w.dash = false
}

// spelled writes a letter's ASCII spelling ("" for a letter spelled by
// nothing, like a Cyrillic soft sign).
func (w *slugWriter) spelled(s string) {
	if s != "" {
		w.WriteString(s)
		w.dash = false
	}
}

func (w *slugWriter) sep() {
	if w.Len() > 0 && !w.dash {
		w.WriteByte('-')
		w.dash = true
	}
}
