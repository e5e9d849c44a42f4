package keywordfile

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// errNotNumber is wrapped by parseNumber so row rejections can say which cell was wrong.
var errNotNumber = errors.New("not a number")

// numberValue is one parsed metric cell. Empty cells have ok=false. A range
// keeps its text in raw and has its representative value (see rangeValue)
// in value; callers that do not take ranges refuse isRange.
type numberValue struct {
	value   float64
	ok      bool
	isRange bool
	raw     string
}

// emptyCells are the placeholders vendors write for "no data".
var emptyCells = map[string]bool{"": true, "-": true, "–": true, "—": true, "n/a": true, "na": true, "null": true, "none": true, "--": true, "no data": true, "n.a.": true}

// parseNumber reads a metric the way keyword tools export it: thousands
// separators `1,300` `1.300` `1 300`, decimal commas `39,5`, currency signs and
// percent, K/M suffixes, and ranges such as `1K – 10K` or Moz's `4,301-6,500`
// (raw kept, value the range's representative, see rangeValue).
func parseNumber(s string) (numberValue, error) {
	s = strings.TrimSpace(s)
	if emptyCells[strings.ToLower(s)] {
		return numberValue{}, nil
	}
	if r, ok := asRange(s); ok {
		return numberValue{isRange: true, raw: r, value: rangeValue(r), ok: true}, nil
	}
	v, err := parseSingle(s)
	if err != nil {
		return numberValue{}, err
	}
	return numberValue{value: v, ok: true, raw: s}, nil
}

// rangeValue is the one number stored for a range: the midpoint of its two
// bounds rounded to a whole number ("4,301-6,500" → 5401, "1K – 10K" →
// 5500), or the bound itself for an open range ("10K+" → 10000, "<10" → 10).
// The midpoint orders ranges as their bounds do and is what a range says
// when nothing else is known; the text is always kept beside it.
func rangeValue(s string) float64 {
	if strings.HasSuffix(s, "+") || strings.HasPrefix(s, "<") || strings.HasPrefix(s, ">") {
		v, _ := parseSingle(strings.Trim(s, "+<>= "))
		return v
	}
	lo, hi, _ := rangeBounds(s)
	return math.Round((lo + hi) / 2)
}

// rangeBounds splits a two-sided range into its bounds.
func rangeBounds(s string) (float64, float64, bool) {
	for _, sep := range []string{"–", "—", " - ", "-", " to "} {
		i := strings.Index(s, sep)
		if i <= 0 {
			continue
		}
		lo, hi := strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+len(sep):])
		if lo == "" || hi == "" {
			continue
		}
		l, err := parseSingle(lo)
		if err != nil {
			continue
		}
		h, err := parseSingle(hi)
		if err != nil {
			continue
		}
		return l, h, true
	}
	return 0, 0, false
}

// parseDecimal reads a figure that is never written with a thousands
// separator: a CTR or an average position ("3.250" is 3.25, "7,5" is 7.5),
// with an optional percent sign. Anything else goes through parseSingle.
func parseDecimal(s string) (numberValue, error) {
	s = strings.TrimSpace(s)
	if emptyCells[strings.ToLower(s)] {
		return numberValue{}, nil
	}
	if _, ok := asRange(s); ok {
		return numberValue{}, &cellError{value: truncate(s, 40), err: errRange}
	}
	t := strings.TrimSpace(strings.TrimSuffix(s, "%"))
	if strings.Count(t, ",")+strings.Count(t, ".") == 1 {
		t = strings.Replace(t, ",", ".", 1)
		if plainDecimal(t) {
			if v, err := strconv.ParseFloat(t, 64); err == nil {
				return numberValue{value: v, ok: true, raw: s}, nil
			}
		}
	}
	v, err := parseSingle(s)
	if err != nil {
		return numberValue{}, err
	}
	return numberValue{value: v, ok: true, raw: s}, nil
}

// plainDecimal reports digits with at most one dot and an optional leading minus.
func plainDecimal(t string) bool {
	digits := 0
	for i, r := range t {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.' || r == '-' && i == 0:
		default:
			return false
		}
	}
	return digits > 0
}

// errRange is a range in a column that takes one number only.
var errRange = errors.New("a range; only a volume column may hold one")

// asRange reports whether s is a range like "1K – 10K", "100-1K", "10K+" or "<10".
func asRange(s string) (string, bool) {
	if strings.HasSuffix(s, "+") || strings.HasPrefix(s, "<") || strings.HasPrefix(s, ">") {
		if _, err := parseSingle(strings.Trim(s, "+<>= ")); err == nil {
			return s, true
		}
		return "", false
	}
	if _, _, ok := rangeBounds(s); ok {
		return s, true
	}
	return "", false
}

// parseSingle reads one number. A lone separator followed by exactly three
// digits is a thousands separator (1,300 and 1.300 are both 1300) unless the
// integer part is 0; otherwise it is the decimal mark (39,5 is 39.5).
func parseSingle(s string) (float64, error) {
	orig := s
	s = strings.TrimSpace(s)
	s = strings.TrimFunc(s, func(r rune) bool {
		return r == '$' || r == '€' || r == '£' || r == '¥' || r == '₹' || r == '%' || unicode.IsSpace(r)
	})
	for _, cur := range []string{"USD", "EUR", "GBP", "usd", "eur", "gbp"} {
		s = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(s, cur), cur))
	}
	mult := 1.0
	if n := len(s); n > 1 {
		switch s[n-1] {
		case 'k', 'K':
			mult, s = 1e3, s[:n-1]
		case 'm', 'M':
			mult, s = 1e6, s[:n-1]
		case 'b', 'B':
			mult, s = 1e9, s[:n-1]
		}
	}
	// Spaces of any kind (incl. no-break and narrow no-break) and apostrophes group thousands.
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\'' || r == '’' || r == '\u202f' || r == '\u00a0' {
			return -1
		}
		return r
	}, s)
	if s == "" {
		return 0, errNotNumberf(orig)
	}
	lastComma, lastDot := strings.LastIndexByte(s, ','), strings.LastIndexByte(s, '.')
	switch {
	case lastComma >= 0 && lastDot >= 0:
		// Both present: the later one is the decimal mark.
		if lastComma > lastDot {
			s = strings.ReplaceAll(s, ".", "")
			s = strings.Replace(s, ",", ".", 1)
		} else {
			s = strings.ReplaceAll(s, ",", "")
		}
	case lastComma >= 0:
		s = oneSeparator(s, ",")
	case lastDot >= 0:
		s = oneSeparator(s, ".")
	}
	if s == "" || strings.ContainsAny(s, ",") || strings.Count(s, ".") > 1 {
		return 0, errNotNumberf(orig)
	}
	for i, r := range s {
		if !(r >= '0' && r <= '9' || r == '.' || (r == '-' && i == 0)) {
			return 0, errNotNumberf(orig)
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, errNotNumberf(orig)
	}
	return v * mult, nil
}

// oneSeparator handles a number with only one kind of separator.
func oneSeparator(s, sep string) string {
	parts := strings.Split(s, sep)
	if len(parts) > 2 {
		// 1,234,567 or 1.234.567: every group after the first has three digits.
		for _, p := range parts[1:] {
			if len(p) != 3 {
				return ","
			}
		}
		return strings.Join(parts, "")
	}
	intPart, frac := parts[0], parts[1]
	if len(frac) == 3 && intPart != "" && intPart != "0" && intPart != "-0" {
		return intPart + frac
	}
	return intPart + "." + frac
}

func errNotNumberf(s string) error {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return &cellError{value: s, err: errNotNumber}
}

// cellError names the offending value of a rejected cell.
type cellError struct {
	value string
	err   error
}

func (e *cellError) Error() string { return strconv.Quote(e.value) + " is " + e.err.Error() }
func (e *cellError) Unwrap() error { return e.err }
