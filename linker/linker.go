// Package linker is the Linker (the plan's phase 2, the published IGNY8
// plugin's internal links): it suggests links from each new article to the
// site's existing posts and back-fills links from older posts to the new one,
// inserts a link only after a member approved it, and removes it again on
// request. Links go into igny8's own article text and reach WordPress through
// the publisher (wordpress.Edit), so an insertion has the publisher's
// guarantees: the same post, exactly once, across retries.
package linker

import (
	"time"

	"github.com/igny8/igny8/jobs"
	"github.com/pocketbase/pocketbase/core"
)

// Job types.
const (
	// JobSuggest finds link suggestions for one content (target).
	JobSuggest = "linker.suggest"
	// JobApply carries out the approved insertions and requested removals of
	// one source content (target) and republishes it when its post is live.
	JobApply = "linker.apply"
)

// ScheduleLinking is the per-site schedule type: suggestions for newly
// published articles, and the pending insertions and removals.
const ScheduleLinking = "linking"

// SuggestionsPerPost caps the suggestions one run makes per direction (from
// the article, and into it): the best-scored first.
const SuggestionsPerPost = 10

// Register wires the Linker's jobs, schedule and routes.
func Register(app core.App) error {
	jobs.Handle(app, JobSuggest, handleSuggest, jobs.HandlerOptions{Concurrency: 2, MaxAttempts: 3, Timeout: 5 * time.Minute})
	jobs.Handle(app, JobApply, handleApply, jobs.HandlerOptions{Concurrency: 4, MaxAttempts: 5, Timeout: 10 * time.Minute})
	jobs.RegisterSiteSchedule(app, jobs.SiteDefault{Type: ScheduleLinking, Spec: "@every 24h", Batch: 10}, scheduleLinking)
	bindRoutes(app)
	return nil
}

// MustRegister is [Register] that panics on an error.
func MustRegister(app core.App) {
	if err := Register(app); err != nil {
		panic(err)
	}
}
