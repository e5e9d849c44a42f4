package planner_test

import (
	"strings"

	"github.com/igny8/igny8/planner"
	"github.com/igny8/igny8/tools/keywordfile"
	"github.com/pocketbase/pocketbase/core"
)

func planner_ImportFile(app core.App, site *core.Record, s string) (*planner.ImportResult, error) {
	return planner.ImportFile(app, site, strings.NewReader(s), keywordfile.ParseOptions{})
}

var planner_ParsePeriod = keywordfile.ParsePeriod

// planner_ImportUpload imports s as the route does, with period.
func planner_ImportUpload(app core.App, site *core.Record, s string, period keywordfile.Period) (*planner.ImportResult, error) {
	r := strings.NewReader(s)
	u, err := keywordfile.OpenUpload(r, r.Size(), "", keywordfile.ParseOptions{})
	if err != nil {
		return nil, err
	}
	defer u.Close()
	return planner.ImportUpload(app, site, u, planner.ImportOptions{Period: period})
}
