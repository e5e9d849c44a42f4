// Package planner turns a pile of keywords into clusters and clusters into
// content ideas: the keyword import (CSV/TSV exports of Google Keyword Planner,
// Semrush, Ahrefs and generic files, or a pasted list), the non-AI grouping,
// the clustering and ideas job handlers, and the routes that queue ideas as
// writer tasks. [Register] is its only wiring point.
package planner

import (
	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/pocketbase/core"
)

// Hook and job ids, exported so tests and other packages can refer to them.
const (
	HookStatsCreate = "igny8.planner.statsCreate"
	HookStatsUpdate = "igny8.planner.statsUpdate"
	HookStatsDelete = "igny8.planner.statsDelete"

	HookImportUploadFinished = "igny8.planner.importUploadFinished"
	HookImportUploadDeleted  = "igny8.planner.importUploadDeleted"

	JobCluster = "planner.cluster"
	JobIdeas   = "planner.ideas"
	JobImport  = "planner.import"
)

// Register binds the planner's hooks, routes, job handlers and schedules to app.
func Register(app core.App) error {
	collections.RememberRootApp(app)
	bindKeywordNormalize(app)
	bindKeywordsTopic(app)
	bindStatsHooks(app)
	bindRoutes(app)
	bindExport(app)
	bindJobs(app)
	bindImportJob(app)
	return nil
}

// MustRegister is [Register] that panics on an error.
func MustRegister(app core.App) {
	if err := Register(app); err != nil {
		panic(err)
	}
}
