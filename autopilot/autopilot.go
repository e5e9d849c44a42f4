// Package autopilot runs each site's content chain without clicks
// (docs/AUTOMATION.md): the five per-site schedules (clustering, ideas,
// writing, images, publishing) call the same enqueue functions as the
// buttons, and between them the autopilot queues the best ideas as writer
// tasks, sends finished articles to review through the quality gates
// (approving those that pass when the site asks for it) and gives approved
// articles the posting cadence's next free slots. A site's policy (pause,
// monthly credit budget, batch sizes, gates, cadence) is its autopilots
// record; every automatic action is in the audit log with the schedule that
// did it.
package autopilot

import (
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/pocketbase/core"
)

// Register wires the five site schedules and the autopilot routes. It must run after planner, writer and wordpress (their
// job handlers are what the steps enqueue).
func Register(app core.App) error {
	registerSchedules(app)
	bindRoutes(app)
	return nil
}

// MustRegister is [Register] that panics on an error.
func MustRegister(app core.App) {
	if err := Register(app); err != nil {
		panic(err)
	}
}

// Location is the site's time zone for the cadence (collections.SiteLocation:
// sites.timezone, else WordPress's own, else UTC).
func Location(site *core.Record) *time.Location { return collections.SiteLocation(site) }
