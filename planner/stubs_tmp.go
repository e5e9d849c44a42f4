package planner

import "github.com/pocketbase/pocketbase/core"

func bindJobs(app core.App)                    {}
func clusterRoute(e *core.RequestEvent) error    { return nil }
func ideasRoute(e *core.RequestEvent) error      { return nil }
func queueIdeasRoute(e *core.RequestEvent) error { return nil }
func queueIdeaRoute(e *core.RequestEvent) error  { return nil }
