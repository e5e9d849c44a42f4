package planner

import (
	"strings"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tools/keywordfile"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// Hook ids of the keyword identity hooks.
const (
	HookKeywordNormalizeCreate = "igny8.planner.keywordNormalizeCreate"
	HookKeywordNormalizeUpdate = "igny8.planner.keywordNormalizeUpdate"
)

// bindKeywordNormalize derives normalized from keyword on every record save
// (the collections API, the admin UI, Go code), exactly as the import derives
// it, so a client never has to know the normalisation rule and cannot store an
// identity that disagrees with the text. It runs before validation, so a
// keyword that normalises to nothing is a validation error on keyword. The
// bulk import and paste write through SQL and call keywordfile.CleanKeyword themselves.
func bindKeywordNormalize(app core.App) {
	derive := func(e *core.RecordEvent) error {
		kw, n, reason := keywordfile.CleanKeyword(e.Record.GetString("keyword"))
		if reason != "" {
			if reason == keywordfile.ReasonKeywordEmpty {
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
	app.OnRecordCreate(collections.Keywords).Bind(collections.Handler(HookKeywordNormalizeCreate, derive))
	app.OnRecordUpdate(collections.Keywords).Bind(collections.Handler(HookKeywordNormalizeUpdate, derive))
}
