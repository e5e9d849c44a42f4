// Package overlap is the cannibalisation check: before an idea is planned
// and before an article is published, it compares the work with the site's
// index (site_pages: what the live site already has) and with the site's
// other igny8 contents, and records each page the work would compete with
// (collections.Overlaps) with its scores and the reasons in words. The user
// decides: skip, merge into a refresh of the existing post (the Optimizer),
// or go ahead. A content with an undecided (or skipped) overlap is not
// published.
//
// The method is lexical first (stemmed content words of title, primary
// keyword, slug and headings; grouping.Tokens), then, for the few pages the
// lexical pass finds close, embeddings through the AI layer (cosine of the
// task "embeddings" model's vectors). Offline the dev provider's vectors are
// hashed words, not meaning, so only the lexical part is measured there and
// the semantic score is left out (docs/PERFORMANCE.md).
package overlap

import (
	"context"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// HookIdeaCheck is the id of the hook that checks a new idea for overlaps.
const HookIdeaCheck = "igny8.overlap.idea_check"

// CheckTimeout bounds one check (its embeddings call included).
const CheckTimeout = 30 * time.Second

// Register wires the idea check and the routes.
func Register(app core.App) error {
	// After the idea is stored (after its transaction commits, so a check
	// that calls the AI layer never holds the database's write lock).
	app.OnRecordAfterCreateSuccess(collections.Ideas).Bind(&hook.Handler[*core.RecordEvent]{
		Id: HookIdeaCheck,
		Func: func(e *core.RecordEvent) error {
			ctx, cancel := context.WithTimeout(context.Background(), CheckTimeout)
			defer cancel()
			if _, err := CheckIdea(ctx, app, e.Record); err != nil {
				app.Logger().Warn("overlap: idea check failed", "idea", e.Record.Id, "error", err)
			}
			return e.Next()
		},
	})
	bindRoutes(app)
	return nil
}

// MustRegister is [Register] that panics on an error.
func MustRegister(app core.App) {
	if err := Register(app); err != nil {
		panic(err)
	}
}
