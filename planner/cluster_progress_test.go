package planner_test

import (
	"slices"
	"sync"
	"testing"

	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/planner"
	"github.com/pocketbase/pocketbase/core"
)

// A clustering job reports its stages while it runs — grouping, embedding,
// asking the AI, saving — as saved progress between 0 and 100, each higher
// than the last, so the jobs tray moves while the model answers (with
// IGNY8_AI_DEV_LATENCY each stage is visible for that long). It used to save
// 80 once, after the AI had answered.
func TestClusteringReportsProgressWhileItRuns(t *testing.T) {
	t.Parallel()
	app, site := setupSite(t)
	ai.Configure(app, ai.Config{Dev: true})
	var mu sync.Mutex
	var seen []int
	var steps []string
	app.OnRecordAfterUpdateSuccess(collections.Jobs).BindFunc(func(e *core.RecordEvent) error {
		if e.Record.GetString("type") == planner.JobCluster && e.Record.GetString("status") == collections.JobRunning {
			mu.Lock()
			if p := e.Record.GetInt("progress"); len(seen) == 0 || seen[len(seen)-1] != p {
				seen = append(seen, p)
			}
			if s := e.Record.GetString("step"); s != "" && !slices.Contains(steps, s) {
				steps = append(steps, s)
			}
			mu.Unlock()
		}
		return e.Next()
	})
	js, _, err := planner.EnqueueClustering(app, site, 100, "")
	if err != nil || len(js) != 1 {
		t.Fatalf("enqueue: %v %d", err, len(js))
	}
	runJobs(t, app)
	if st := jobRecord(t, app, js[0].Id); st.GetString("status") != collections.JobSucceeded || st.GetInt("progress") != 100 {
		t.Fatalf("job %s at %d", st.GetString("status"), st.GetInt("progress"))
	}
	mu.Lock()
	defer mu.Unlock()
	var between []int
	for _, p := range seen {
		if p > 0 && p < 100 {
			between = append(between, p)
		}
	}
	if len(between) < 3 || !slices.IsSorted(between) {
		t.Fatalf("progress while running: %v (want at least 3 rising values between 0 and 100)", seen)
	}
	if len(steps) < 3 {
		t.Fatalf("steps while running: %q", steps)
	}
}
