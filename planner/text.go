package planner

import "unicode/utf8"

// truncate cuts s to n characters (never inside a character), for the
// planner's own text limits (idea titles, intents, request echoes).
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
