package autopilot_test

import (
	"encoding/json"
	"testing"

	"github.com/igny8/igny8/autopilot"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/planner"
	"github.com/igny8/igny8/wordpress"
	"github.com/igny8/igny8/writer"
	"github.com/pocketbase/dbx"
)

var chainKeywords = []string{"espresso machine", "best espresso machine", "espresso machine for home",
	"yoga mat", "thick yoga mat", "non slip yoga mat"}

// allSteps are the five schedule types of the chain.
var allSteps = []string{planner.ScheduleClustering, planner.ScheduleIdeas, writer.ScheduleWriting, writer.ScheduleImages, wordpress.SchedulePublishing}

// TestChainWithoutClicks: with the five schedules enabled and nothing else
// set, six imported keywords become clusters, ideas, writer tasks (the best
// idea of each cluster per window, never two of a cluster in flight),
// articles and their images, and the finished articles wait in review with
// the gates' verdict — through the scheduler alone. Every automatic action is
// in the audit log with the schedule that did it, and the ledger matches.
// On the base commit the chain stopped at ideas (no task was ever queued).
func TestChainWithoutClicks(t *testing.T) {
	t.Parallel()
	c := newChain(t, "http://127.0.0.1:9/autopilot")
	c.importKeywords(t, chainKeywords...)
	c.enable(t, allSteps...)
	for h := 0; h < 12; h++ {
		c.hour(t)
		var busy []struct {
			Cluster string `db:"cluster"`
			N       int    `db:"n"`
		}
		if err := c.app.DB().NewQuery("SELECT cluster, COUNT(*) AS n FROM tasks WHERE site = {:s} AND status IN ('queued','in_progress') GROUP BY cluster HAVING n > 1").
			Bind(dbx.Params{"s": c.site.Id}).All(&busy); err != nil || len(busy) > 0 {
			t.Fatalf("hour %d: clusters with two tasks in flight: %v %v", h, busy, err)
		}
	}
	ideas := c.count(t, collections.Ideas, nil)
	clusters := c.count(t, collections.Clusters, nil)
	if clusters < 2 || ideas < clusters {
		t.Fatalf("%d clusters, %d ideas", clusters, ideas)
	}
	tasks := c.count(t, collections.Tasks, nil)
	if tasks != ideas {
		t.Fatalf("%d tasks for %d ideas after twelve windows", tasks, ideas)
	}
	review := c.count(t, collections.Contents, dbx.HashExp{"status": collections.ContentReview})
	if review != ideas || c.count(t, collections.Contents, nil) != ideas {
		t.Fatalf("%d of %d contents in review, want every idea's article", review, c.count(t, collections.Contents, nil))
	}
	contents, _ := c.app.FindRecordsByFilter(collections.Contents, "site = {:s}", "", 0, 0, dbx.Params{"s": c.site.Id})
	for _, ct := range contents {
		n, _ := c.app.CountRecords(collections.Images, dbx.HashExp{"content": ct.Id, "status": writer.ImageReady})
		if n != int64(writer.ImagesPerArticle(c.app, c.site.Id)+1) {
			t.Fatalf("content %q has %d ready images", ct.GetString("title"), n)
		}
		var r autopilot.Review
		if err := ct.UnmarshalJSONField("gates", &r); err != nil || r.CheckedAt == "" || len(r.Results) != len(autopilot.GateNames) {
			t.Fatalf("content %q gates = %s", ct.GetString("title"), ct.GetString("gates"))
		}
	}
	// every automatic action names its schedule
	entries, _ := c.app.FindRecordsByFilter(collections.AuditLog, "action ~ 'autopilot.%'", "", 0, 0)
	kinds := map[string]int{}
	schedules := map[string]string{}
	for _, typ := range allSteps {
		schedules[c.schedule(t, typ).Id] = typ
	}
	for _, e := range entries {
		var ch map[string]any
		_ = json.Unmarshal([]byte(e.GetString("changes")), &ch)
		if typ, ok := schedules[ch["schedule"].(string)]; !ok || typ != ch["schedule_type"] || e.GetString("actor_type") != "system" {
			t.Fatalf("audit entry %s names schedule %v (%v)", e.GetString("action"), ch["schedule"], ch["schedule_type"])
		}
		kinds[e.GetString("action")]++
	}
	if kinds["autopilot.task"] != ideas || kinds["autopilot.write"] != ideas || kinds["autopilot.images"] != ideas || kinds["autopilot.review"] != ideas ||
		kinds["autopilot.cluster"] < 1 || kinds["autopilot.ideas"] != clusters {
		t.Fatalf("audit entries by action: %v (ideas %d, clusters %d)", kinds, ideas, clusters)
	}
	// the autopilot's jobs carry the schedule that queued them
	var unnamed int
	_ = c.app.DB().NewQuery("SELECT COUNT(*) FROM jobs WHERE site = {:s} AND type != 'schedule.run' AND created_by NOT LIKE 'schedule:%'").
		Bind(dbx.Params{"s": c.site.Id}).Row(&unnamed)
	if unnamed != 0 {
		t.Fatalf("%d jobs of the chain without their schedule", unnamed)
	}
	c.verify(t)
}
