package keywordfile

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// maxKeywordLen bounds a keyword's text, in characters.
const maxKeywordLen = 500

// Reasons a keyword is refused, shared by the file import, the paste and the
// planner's record hook so every way in says the same thing.
const (
	ReasonKeywordEmpty    = "the keyword is empty"
	ReasonKeywordNoLetter = "the keyword has no letters or digits"
)

// ReasonKeywordTooLong is the reason for a keyword over 500 characters.
var ReasonKeywordTooLong = fmt.Sprintf("the keyword is longer than %d characters", maxKeywordLen)

// CleanKeyword is the one place a keyword's stored text and identity are
// derived: the text with single spaces (valid UTF-8) and its [Normalize]d
// form. reason is set (and both strings are empty) when the keyword cannot be
// stored.
func CleanKeyword(raw string) (keyword, normalized, reason string) {
	keyword = cleanText(raw)
	if keyword == "" {
		return "", "", ReasonKeywordEmpty
	}
	if utf8.RuneCountInString(keyword) > maxKeywordLen {
		return "", "", ReasonKeywordTooLong
	}
	normalized = Normalize(keyword)
	if normalized == "" {
		return "", "", ReasonKeywordNoLetter
	}
	return keyword, normalized, ""
}

// Normalize is the per-site identity of a keyword: lower case, single spaces,
// no surrounding punctuation. "Best  Espresso Machine" and "best espresso
// machine" are the same keyword.
func Normalize(s string) string {
	s = strings.ToLower(strings.ToValidUTF8(s, ""))
	s = strings.Join(strings.Fields(s), " ")
	return strings.Trim(s, " \"'`.,;:!?")
}

// cleanText makes a cell valid UTF-8 with single spaces.
func cleanText(s string) string {
	return strings.Join(strings.Fields(strings.ToValidUTF8(s, "")), " ")
}

// truncate cuts s to n characters (never inside a character).
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
