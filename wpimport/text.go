package wpimport

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// What real WordPress databases hold, and how the import reads it. Every
// repair is noted on the row (the report lists it); nothing is changed silently.

// cp1252Byte maps the runes MySQL's latin1 (which is Windows-1252, with the
// five undefined bytes passed through as C1 controls) decodes bytes 0x80-0xFF
// to, back to those bytes.
var cp1252Byte = func() map[rune]byte {
	m := make(map[rune]byte, 128)
	for b := 0x80; b <= 0xFF; b++ {
		r := charmap.Windows1252.DecodeByte(byte(b))
		if r == utf8.RuneError {
			r = rune(b)
		}
		m[r] = byte(b)
	}
	return m
}()

// repairText returns s with double-encoded UTF-8 undone (UTF-8 bytes stored in
// a latin1 column and read back through a UTF-8 connection: "cafÃ©" for
// "café") and invalid UTF-8 (true latin1 bytes in a binary column) decoded as
// Windows-1252. note names what was done, empty when s was fine.
func repairText(s string) (string, string) {
	if !utf8.ValidString(s) {
		out, err := charmap.Windows1252.NewDecoder().String(s)
		if err != nil {
			return strings.ToValidUTF8(s, "\uFFFD"), "invalid UTF-8 replaced"
		}
		return out, "latin1 text decoded"
	}
	if fixed, ok := undoDoubleEncoding(s); ok {
		return fixed, "double-encoded latin1 text repaired"
	}
	return s, ""
}

func undoDoubleEncoding(s string) (string, bool) {
	high := false
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			high = true
			break
		}
	}
	if !high {
		return "", false
	}
	buf := make([]byte, 0, len(s))
	for _, r := range s {
		if r < 0x80 {
			buf = append(buf, byte(r))
			continue
		}
		b, ok := cp1252Byte[r]
		if !ok {
			return "", false // a rune latin1 cannot hold: real UTF-8 text
		}
		buf = append(buf, b)
	}
	if !utf8.Valid(buf) {
		return "", false
	}
	out := string(buf)
	// At least one multi-byte character must come out, or s was plain latin1
	// text that happens to be valid (it cannot be: lone high bytes are invalid).
	return out, utf8.RuneCountInString(out) < utf8.RuneCountInString(s)
}

// cleanSpace trims and collapses runs of white space to one space.
func cleanSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// legacyTime reads the date formats the plugin and WordPress write. zero is
// true for MySQL's zero date (and empty text); ok is false for text that is
// no date at all.
func legacyTime(s string) (t time.Time, zero, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasPrefix(s, "0000-00-00") {
		return time.Time{}, true, true
	}
	for _, layout := range []string{time.DateTime, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04", time.DateOnly, time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), false, true
		}
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && n > 0 {
		return time.Unix(n, 0).UTC(), false, true
	}
	return time.Time{}, false, false
}

var numberNoise = strings.NewReplacer(",", "", "$", "", "€", "", "%", "")

// legacyNumber reads a number as the plugin stored it: "1,200", " 12.5 ",
// "$0.40". ok is false for text that holds none ("N/A").
func legacyNumber(s string) (float64, bool) {
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return f, true
	}
	s = strings.TrimSpace(numberNoise.Replace(s))
	if s == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

// decodeValue reads a meta or option value: serialized PHP and JSON become
// structured values, anything else stays text. how names the decoding.
func decodeValue(s string) (v any, how string) {
	t := strings.TrimSpace(s)
	if looksSerialized(t) {
		if v, err := unserializePHP(t); err == nil {
			return v, "serialized PHP value decoded"
		}
	}
	if len(t) > 1 && (t[0] == '{' || t[0] == '[') && json.Valid([]byte(t)) {
		var v any
		if json.Unmarshal([]byte(t), &v) == nil {
			return v, ""
		}
	}
	return s, ""
}

// firstScalar returns the first element of a decoded list (meta the plugin
// sometimes saved as a one-element array) or the value itself, as text.
func firstScalar(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case []any:
		if len(x) == 0 {
			return ""
		}
		return firstScalar(x[0])
	case map[string]any:
		for _, k := range []string{"0", "id", "ID", "value"} {
			if y, ok := x[k]; ok {
				return firstScalar(y)
			}
		}
		return ""
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		if x {
			return "1"
		}
		return "0"
	}
	return ""
}

// stringList reads a list of strings from text that may be serialized PHP,
// JSON, or comma/newline separated.
func stringList(s string) []string {
	v, _ := decodeValue(s)
	var out []string
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			if t := cleanSpace(firstScalar(e)); t != "" {
				out = append(out, t)
			}
		}
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if t := cleanSpace(firstScalar(x[k])); t != "" {
				out = append(out, t)
			}
		}
	case string:
		for _, f := range strings.FieldsFunc(x, func(r rune) bool { return r == ',' || r == '\n' || r == ';' }) {
			if t := cleanSpace(f); t != "" {
				out = append(out, t)
			}
		}
	}
	return out
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
