package planner_test

import (
	"strings"

	"github.com/igny8/igny8/planner"
	"github.com/pocketbase/pocketbase/core"
)

func planner_ImportFile(app core.App, site *core.Record, s string) (*planner.ImportResult, error) {
	return planner.ImportFile(app, site, strings.NewReader(s), planner.ParseOptions{})
}
