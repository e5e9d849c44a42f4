package planner_test

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/ai/aitest"
	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/planner"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/tools/keywordfile"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// newCluster adds an active cluster to ws's site holding the given keywords
// (pasted first) and refreshes the site's cluster stats.
func newCluster(t *testing.T, f *scheduleFixture, ws, name string, keywords ...string) *core.Record {
	t.Helper()
	site := f.sites[ws]
	col, err := f.app.FindCollectionByNameOrId(collections.Clusters)
	if err != nil {
		t.Fatal(err)
	}
	c := core.NewRecord(col)
	c.Load(map[string]any{"tenant": site.GetString("tenant"), "site": site.Id, "name": name, "status": "active"})
	if err := f.app.Save(c); err != nil {
		t.Fatal(err)
	}
	if len(keywords) > 0 {
		if _, err := planner.ImportLines(f.app, site, keywords); err != nil {
			t.Fatal(err)
		}
		norm := make([]any, len(keywords))
		for i, k := range keywords {
			norm[i] = keywordfile.Normalize(k)
		}
		if _, err := f.app.DB().Update(collections.Keywords, dbx.Params{"cluster": c.Id, "status": "clustered"},
			dbx.And(dbx.HashExp{"site": site.Id}, dbx.In("normalized", norm...))).Execute(); err != nil {
			t.Fatal(err)
		}
	}
	if err := planner.RefreshSiteClusterStats(f.app, site.Id); err != nil {
		t.Fatal(err)
	}
	return c
}

func ideasTargets(jobs []*core.Record, status string) []string {
	var out []string
	for _, j := range jobs {
		if status == "" || j.GetString("status") == status {
			out = append(out, j.GetString("target"))
		}
	}
	sort.Strings(out)
	return out
}

// TestIdeasSchedule drives site A's ideas schedule: each window queues one
// ideas job (DefaultIdeasPerCluster ideas, priced per idea) for each active
// cluster with keywords and no ideas; clusters with ideas, empty clusters and
// B's clusters get none; a cluster whose ideas job is still waiting (the AI
// is down and it retries) does not get a second one in the next window.
func TestIdeasSchedule(t *testing.T) {
	t.Parallel()
	f := newScheduleFixture(t)
	srv := aitest.New(t)
	srv.Configure(f.app)
	srv.Handle(func(aitest.Call) aitest.Reply { return aitest.ServerError() })

	c1 := newCluster(t, f, testapp.A, "Espresso", "espresso machine", "best espresso machine")
	c2 := newCluster(t, f, testapp.A, "Yoga mats", "yoga mat", "thick yoga mat", "non slip yoga mat")
	newCluster(t, f, testapp.A, "Empty") // no keywords: nothing to write about
	cB := newCluster(t, f, testapp.B, "Sourdough", "sourdough starter")
	want := []string{c1.Id, c2.Id}
	sort.Strings(want)
	balanceA, balanceB := f.balance(t, testapp.A), f.balance(t, testapp.B)
	f.enable(t, testapp.A, planner.ScheduleIdeas) // B's stays disabled

	f.clock.Add(6*time.Hour + time.Minute)
	if fired := f.tick(t, 3); fired != 1 {
		t.Fatalf("three ticks in one window fired %d times, want 1", fired)
	}
	f.runWindow(t, testapp.A)
	ij := f.jobsOfType(t, testapp.A, planner.JobIdeas)
	if got := ideasTargets(ij, ""); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("ideas jobs for clusters %v, want %v (fixture cluster with ideas and the empty cluster excluded)", got, want)
	}
	per := billing.Cost(billing.ActionIdea, planner.DefaultIdeasPerCluster)
	for _, j := range ij {
		var p planner.IdeasPayload
		_ = json.Unmarshal([]byte(j.GetString("payload")), &p)
		if j.GetInt("credits") != per || p.Count != planner.DefaultIdeasPerCluster || p.Cluster != j.GetString("target") || j.GetString("site") != testapp.SiteId(testapp.A) {
			t.Fatalf("ideas job = %v, want %d ideas for %d credits", j.PublicExport(), planner.DefaultIdeasPerCluster, per)
		}
	}
	if got := f.balance(t, testapp.A); got != balanceA-2*per {
		t.Fatalf("A's balance %d, want %d - 2×%d", got, balanceA, per)
	}
	if last := f.lastResult(t, testapp.A, planner.ScheduleIdeas); last["enqueued"] != 2.0 || last["error"] != nil {
		t.Fatalf("last_result = %v", last)
	}

	// next window: both ideas jobs have run once, failed on the AI and wait to retry
	f.clock.Add(6 * time.Hour)
	if fired := f.tick(t, 2); fired != 1 {
		t.Fatalf("second window fired %d times, want 1", fired)
	}
	f.runWindow(t, testapp.A)
	ij = f.jobsOfType(t, testapp.A, planner.JobIdeas)
	if got := ideasTargets(ij, ""); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("after a second window: ideas jobs for %v, want one each for %v", got, want)
	}
	for _, j := range ij {
		if j.GetString("status") != collections.JobQueued || j.GetInt("attempts") != 1 {
			t.Fatalf("ideas job %s: status %s after %d attempts, want queued for a retry", j.Id, j.GetString("status"), j.GetInt("attempts"))
		}
	}
	if got := f.balance(t, testapp.A); got != balanceA-2*per {
		t.Fatalf("A's balance %d, want %d", got, balanceA-2*per)
	}
	if last := f.lastResult(t, testapp.A, planner.ScheduleIdeas); last["enqueued"] != 0.0 || last["error"] != nil {
		t.Fatalf("second window's last_result = %v", last)
	}

	for _, typ := range []string{jobs.TypeScheduleRun, planner.JobIdeas} {
		if n := len(f.jobsOfType(t, testapp.B, typ)); n != 0 {
			t.Fatalf("B got %d %s jobs", n, typ)
		}
	}
	if n, _ := f.app.CountRecords(collections.Jobs, dbx.HashExp{"target": cB.Id}); n != 0 {
		t.Fatalf("%d jobs target B's cluster", n)
	}
	if got := f.balance(t, testapp.B); got != balanceB {
		t.Fatalf("B's balance moved from %d to %d", balanceB, got)
	}
	f.verifyLedger(t)
}
