// Package writer turns tasks into finished articles with images: the content
// generation, reparse and image jobs, the version history of every content,
// the editorial flow (draft → review → approved) and their routes under
// /api/igny8/writer. docs/WRITER.md describes the HTML conventions.
package writer

import (
	"github.com/pocketbase/pocketbase/core"
)

// Register binds the writer's hooks, routes, job handlers and schedules.
func Register(app core.App) error {
	bindVersions(app)
	bindEditorial(app)
	bindRoutes(app)
	bindJobs(app)
	return nil
}

// MustRegister is [Register] that panics on an error.
func MustRegister(app core.App) {
	if err := Register(app); err != nil {
		panic(err)
	}
}
