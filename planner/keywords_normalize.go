package planner

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/igny8/igny8/collections"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// Hook ids of the keyword identity hooks.
const (
	HookKeywordNormalizeCreate = "igny8.planner.keywordNormalizeCreate"
	HookKeywordNormalizeUpdate = "igny8.planner.keywordNormalizeUpdate"
)

// Reasons a keyword is refused, shared by the file import, the paste and the
// record hook so every way in says the same thing.
const (
	reasonKeywordEmpty    = "the keyword is empty"
	reasonKeywordNoLetter = "the keyword has no letters or digits"
)

var reasonKeywordTooLong = fmt.Sprintf("the keyword is longer than %d characters", maxKeywordLen)

// cleanKeyword is the one place a keyword's stored text and identity are
// derived: the text with single spaces (valid UTF-8) and its [Normalize]d
// form. reason is set (and both strings are empty) when the keyword cannot be
// stored.
func cleanKeyword(raw string) (keyword, normalized, reason string) {
	keyword = cleanText(raw)
	if keyword == "" {
		return "", "", reasonKeywordEmpty
	}
	if utf8.RuneCountInString(keyword) > maxKeywordLen {
		return "", "", reasonKeywordTooLong
	}
	normalized = Normalize(keyword)
	if normalized == "" {
		return "", "", reasonKeywordNoLetter
	}
	return keyword, normalized, ""
}

// bindKeywordNormalize derives normalized from keyword on every record save
// (the collections API, the admin UI, Go code), exactly as the import derives
// it, so a client never has to know the normalisation rule and cannot store an
// identity that disagrees with the text. It runs before validation, so a
// keyword that normalises to nothing is a validation error on keyword. The
// bulk import and paste write through SQL and call cleanKeyword themselves.
func bindKeywordNormalize(app core.App) {
	derive := func(e *core.RecordEvent) error {
		kw, n, reason := cleanKeyword(e.Record.GetString("keyword"))
		if reason != "" {
			if reason == reasonKeywordEmpty {
				// blank text is the field's own required error
				e.Record.Set("keyword", "")
				e.Record.Set("normalized", "")
				return e.Next()
			}
			return validation.Errors{"keyword": validation.NewError("igny8_invalid_keyword", strings.ToUpper(reason[:1])+reason[1:]+".")}
		}
		e.Record.Set("keyword", kw)
		e.Record.Set("normalized", n)
		return e.Next()
	}
	app.OnRecordCreate(collections.Keywords).Bind(handler(HookKeywordNormalizeCreate, derive))
	app.OnRecordUpdate(collections.Keywords).Bind(handler(HookKeywordNormalizeUpdate, derive))
}
