package wordpress

import (
	"strings"
	"unicode"

	"github.com/igny8/igny8/collections"
	"golang.org/x/text/unicode/norm"
)

// SlugMax is the longest slug igny8 sends (WordPress allows 200 bytes).
const SlugMax = 190

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

// Slug is the URL slug igny8 asks WordPress for: Latin, Cyrillic and Greek
// text spelled in ASCII (accents dropped, "Как заварить кофе" →
// "kak-zavarit-kofe"), cut at a word boundary within SlugMax. It returns ""
// when s holds letters of another script (Japanese, Chinese, Arabic, Hebrew,
// Thai…): transliterating those is guesswork, so the final update sends an
// empty slug and WordPress builds one from the title in that script, as it
// does for posts written in its editor.
func Slug(s string) string {
	var b strings.Builder
	dash := false
	sep := func() {
		if b.Len() > 0 && !dash {
			b.WriteByte('-')
			dash = true
		}
	}
	for _, whole := range strings.ToLower(s) {
		if t, ok := translit[whole]; ok {
			if t != "" {
				b.WriteString(t)
				dash = false
			}
			continue
		}
		for _, r := range norm.NFKD.String(string(whole)) {
			switch {
			case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
				b.WriteRune(r)
				dash = false
			case unicode.Is(unicode.Mn, r):
				// an accent of the letter before it
			case translit[r] != "":
				b.WriteString(translit[r])
				dash = false
			case unicode.IsLetter(r) || unicode.IsDigit(r):
				return "" // a script igny8 does not spell in ASCII
			case r == '\'' || r == '’':
				// it's → its
			default:
				sep()
			}
		}
	}
	return collections.TruncateSlug(b.String(), SlugMax)
}
