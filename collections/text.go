package collections

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text limits of fields that code (not only users) fills, named so that the
// field definitions and every place that cuts a value to fit share one number.
// PocketBase counts a text field's Max in characters (runes), as Truncate does.
const (
	ContentTitleMax           = 300
	ContentSlugMax            = 200
	ContentMetaTitleMax       = 200
	ContentMetaDescriptionMax = 500
	ContentPublishErrorMax    = 5000
	ImagePromptMax            = 4000
	ImageAltMax               = 500
	JobErrorMax               = 4000
	// JobAttemptErrorMax bounds one entry of a job's errors history.
	JobAttemptErrorMax    = 2000
	ClusterNameMax        = 200
	ClusterDescriptionMax = 2000
	// ModelMax bounds the model id stored on what an AI call made
	// (clusters, ideas).
	ModelMax              = 120
	IdeaTitleMax          = 300
	IdeaPrimaryKeywordMax = 500
	IdeaIntentMax         = 60
	TaskBriefMax          = 20000
	// TaskErrorMax and ImageErrorMax bound the failure a task or an image
	// shows (the job's own error is cut to JobErrorMax).
	TaskErrorMax  = 5000
	ImageErrorMax = 5000
)

// Truncate cuts s to at most limit characters (runes, never inside a UTF-8
// sequence) at the last word boundary that fits, dropping the spaces and
// punctuation a cut leaves dangling (", ; : - – —"). A value that fits is
// returned unchanged (leading quotes and all). Only a first word longer than
// limit is cut inside the word. Callers that want single-line text collapse
// its whitespace first (strings.Fields). Every length cut of generated or foreign text goes through here,
// so titles, slugs, meta and errors are never cut mid-word or mid-character.
func Truncate(s string, limit int) string {
	if limit <= 0 {
		return ""
	}
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	r := []rune(s)
	cut := r[:limit]
	if !endsWord(r, limit) {
		if i := lastSpace(cut); i > 0 {
			cut = cut[:i]
		}
	}
	return strings.TrimRightFunc(string(cut), func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(",;:-–—", r) })
}

// endsWord reports whether a cut before r[i] falls between words: r[i] is a
// space, or punctuation that ends the word (followed by a space or the end).
func endsWord(r []rune, i int) bool {
	if unicode.IsSpace(r[i]) {
		return true
	}
	return unicode.IsPunct(r[i]) && (i+1 == len(r) || unicode.IsSpace(r[i+1]))
}

// TruncateSlug cuts a slug (words joined by "-") to at most limit characters
// at a "-", so the last word stays whole.
func TruncateSlug(slug string, limit int) string {
	slug = strings.Trim(slug, "-")
	if limit <= 0 {
		return ""
	}
	r := []rune(slug)
	if len(r) <= limit {
		return slug
	}
	cut := r[:limit]
	if r[limit] != '-' {
		for i := len(cut) - 1; i > 0; i-- {
			if cut[i] == '-' {
				cut = cut[:i]
				break
			}
		}
	}
	return strings.Trim(string(cut), "-")
}

func lastSpace(r []rune) int {
	for i := len(r) - 1; i >= 0; i-- {
		if unicode.IsSpace(r[i]) {
			return i
		}
	}
	return -1
}
