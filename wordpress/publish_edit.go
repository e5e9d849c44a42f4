package wordpress

import (
	"context"
	"fmt"

	"github.com/pocketbase/pocketbase/core"
)

// EditFunc changes a content's article HTML (and may set other fields of the
// record); it returns the new HTML. It runs under the content's publish lock
// on the record as stored, so it must be idempotent: a retry runs it again on
// the text the earlier run saved.
type EditFunc func(content *core.Record, html string) (string, error)

// Live reports whether the content's post is public or scheduled on
// WordPress, so a change of its text must be sent there.
func Live(content *core.Record) bool {
	if content.GetInt("wp_post_id") <= 0 {
		return false
	}
	switch content.GetString("wp_status") {
	case PostPublish, PostFuture:
		return true
	}
	return false
}

// Edit is how another module (the Linker) changes a published article: under
// the content's publish lock it applies edit to the stored HTML and saves it
// (phase one: the change is in igny8 before WordPress hears of it), then,
// when the post is live, runs the publisher on the content (phase two: the
// same draft-find-update steps as every publish, so the post stays the one
// recorded in wp_post_id and a retry after a lost answer updates it again
// instead of making another). A content whose post is not live is only
// saved: its next publish carries the change. The returned Result is nil
// when nothing was sent.
func Edit(ctx context.Context, app core.App, contentId string, edit EditFunc) (*Result, error) {
	return withContent(app, contentId, func(t Transport, content, site *core.Record) (*Result, error) {
		html := content.GetString("html")
		next, err := edit(content, html)
		if err != nil {
			return nil, err
		}
		if next != html {
			content.Set("html", next)
			if err := app.Save(content); err != nil {
				return nil, fmt.Errorf("save the edited content %s: %w", content.Id, err)
			}
		}
		if !Live(content) {
			return nil, nil
		}
		return publishWith(ctx, app, t, content, site)
	})
}

// Classify is the publish job's rule for another module's job that publishes
// through Edit: WordPress's 4xx and igny8's own errors are permanent
// (jobs.Permanent), server errors, timeouts and a degraded site retry.
func Classify(err error) error { return classify(err) }
