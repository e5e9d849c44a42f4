package wordpress_test

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/wordpress"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// scheduledContent adds a content of site with the given editorial and publish status.
func scheduledContent(t *testing.T, app core.App, site *core.Record, title, status, publish string, wpPostId int) *core.Record {
	t.Helper()
	col, _ := app.FindCollectionByNameOrId(collections.Contents)
	c := core.NewRecord(col)
	c.Load(map[string]any{"tenant": site.GetString("tenant"), "site": site.Id, "title": title, "html": "<p>" + title + "</p>",
		"status": status, "publish_status": publish, "wp_post_id": wpPostId})
	if err := app.Save(c); err != nil {
		t.Fatalf("content %q: %v", title, err)
	}
	return c
}

// TestPublishingSchedule drives site A's publishing schedule through the
// scheduler tick, stopping at the enqueue (the publish jobs are not run, so no
// WordPress is reached): each window queues one publish job per approved
// content of the site that is not published or scheduled without a WordPress
// post; drafts, published content, content already handed to WordPress,
// another site of the same workspace and workspace B get nothing.
func TestPublishingSchedule(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	clock := testapp.NewClock(time.Now().UTC().Truncate(time.Second))
	jobs.SetClock(app, clock)
	engine := jobs.NewEngine(app, jobs.Options{Lease: time.Minute})
	siteA, _ := app.FindRecordById(collections.Sites, testapp.SiteId(testapp.A))
	siteB, _ := app.FindRecordById(collections.Sites, testapp.SiteId(testapp.B))
	otherA := newSite(t, app, "http://127.0.0.1:9/other", "admin", "other-app-password", "rest", "")

	approved := scheduledContent(t, app, siteA, "Approved", "approved", collections.PublishNone, 0)
	scheduled := scheduledContent(t, app, siteA, "Scheduled here", "approved", collections.PublishScheduled, 0)
	skipped := []*core.Record{
		scheduledContent(t, app, siteA, "Draft", "draft", collections.PublishNone, 0),
		scheduledContent(t, app, siteA, "In review", "review", collections.PublishNone, 0),
		scheduledContent(t, app, siteA, "Future post on WordPress", "approved", collections.PublishScheduled, 41),
		scheduledContent(t, app, siteA, "Already published", "approved", collections.PublishPublished, 42),
		scheduledContent(t, app, otherA, "Other site of A", "approved", collections.PublishNone, 0),
		scheduledContent(t, app, siteB, "Approved on B", "approved", collections.PublishNone, 0),
	}
	balanceA := balanceOf(t, app, testapp.A)

	schedule := func(site string) *core.Record {
		s, err := app.FindFirstRecordByFilter(collections.Schedules, "site = {:s} && type = {:t}", dbx.Params{"s": site, "t": wordpress.SchedulePublishing})
		if err != nil {
			t.Fatalf("publishing schedule of %s: %v", site, err)
		}
		return s
	}
	s := schedule(siteA.Id)
	s.Set("enabled", true) // B's and the other site's stay disabled
	if err := app.Save(s); err != nil {
		t.Fatal(err)
	}
	tick := func(n int) int {
		fired := 0
		for i := 0; i < n; i++ {
			res, err := jobs.Tick(app)
			if err != nil {
				t.Fatalf("tick: %v", err)
			}
			fired += res.Fired
		}
		return fired
	}
	// runSchedule runs the due schedule.run job (the only due job: the publish
	// jobs are canceled before the next window) and no other.
	runSchedule := func() {
		t.Helper()
		if ran, err := engine.RunOnce(); err != nil || !ran {
			t.Fatalf("schedule.run job did not run: %v", err)
		}
		runs, _ := app.FindRecordsByFilter(collections.Jobs, "type = {:t} && status != 'succeeded'", "", 0, 0, dbx.Params{"t": jobs.TypeScheduleRun})
		if len(runs) != 0 {
			t.Fatalf("schedule.run job %s is %s: %s", runs[0].Id, runs[0].GetString("status"), runs[0].GetString("errors"))
		}
	}
	publishJobs := func(status string) []string {
		t.Helper()
		recs, err := app.FindRecordsByFilter(collections.Jobs, "type = {:t} && status = {:s}", "", 0, 0,
			dbx.Params{"t": wordpress.JobPublish, "s": status})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range recs {
			var p wordpress.PublishPayload
			_ = json.Unmarshal([]byte(r.GetString("payload")), &p)
			if r.GetString("tenant") != testapp.TenantId(testapp.A) || r.GetString("site") != siteA.Id ||
				r.GetString("target_collection") != collections.Contents || p.Action != "publish" || r.GetInt("credits") != billing.Cost(billing.ActionPublish, 1) {
				t.Fatalf("publish job = %v", r.PublicExport())
			}
			out = append(out, r.GetString("target"))
		}
		sort.Strings(out)
		return out
	}
	ids := func(rs ...*core.Record) string {
		var out []string
		for _, r := range rs {
			out = append(out, r.Id)
		}
		sort.Strings(out)
		return strings.Join(out, ",")
	}

	clock.Add(6 * time.Hour)
	if fired := tick(2); fired != 0 {
		t.Fatalf("%d windows fired halfway into a 12h schedule", fired)
	}
	clock.Add(6*time.Hour + time.Minute)
	if fired := tick(3); fired != 1 {
		t.Fatalf("three ticks in one window fired %d times, want 1", fired)
	}
	runSchedule()
	if got := strings.Join(publishJobs(collections.JobQueued), ","); got != ids(approved, scheduled) {
		t.Fatalf("publish jobs for %s, want %s", got, ids(approved, scheduled))
	}
	var last map[string]any
	_ = schedule(siteA.Id).UnmarshalJSONField("last_result", &last)
	if last["enqueued"] != 2.0 || last["error"] != nil {
		t.Fatalf("last_result = %v", last)
	}
	clock.Add(time.Hour)
	if fired := tick(2); fired != 0 {
		t.Fatalf("%d more windows fired inside the same window", fired)
	}

	// before the next window: "Approved" went out, "Scheduled here" did not
	// (both jobs end canceled so no WordPress is contacted)
	queued, _ := app.FindRecordsByFilter(collections.Jobs, "type = {:t} && status = 'queued'", "", 0, 0, dbx.Params{"t": wordpress.JobPublish})
	for _, j := range queued {
		if err := jobs.Cancel(app, j.Id); err != nil {
			t.Fatal(err)
		}
	}
	approved.Set("publish_status", collections.PublishPublished)
	approved.Set("wp_post_id", 7)
	if err := app.Save(approved); err != nil {
		t.Fatal(err)
	}
	clock.Add(11 * time.Hour)
	if fired := tick(2); fired != 1 {
		t.Fatalf("second window fired %d times, want 1", fired)
	}
	runSchedule()
	if got := strings.Join(publishJobs(collections.JobQueued), ","); got != ids(scheduled) {
		t.Fatalf("second window queued publish jobs for %s, want only %s", got, ids(scheduled))
	}

	for _, c := range skipped {
		if n, _ := app.CountRecords(collections.Jobs, dbx.HashExp{"target": c.Id}); n != 0 {
			t.Fatalf("%q (site %s) got %d jobs", c.GetString("title"), c.GetString("site"), n)
		}
		r, _ := app.FindRecordById(collections.Contents, c.Id)
		if r.GetString("publish_status") != c.GetString("publish_status") || r.GetString("status") != c.GetString("status") {
			t.Fatalf("%q changed to %s/%s", c.GetString("title"), r.GetString("status"), r.GetString("publish_status"))
		}
	}
	for _, site := range []string{siteB.Id, otherA.Id} {
		if n, _ := app.CountRecords(collections.Jobs, dbx.HashExp{"site": site, "type": jobs.TypeScheduleRun}); n != 0 {
			t.Fatalf("site %s's disabled schedule fired %d times", site, n)
		}
	}
	if n, _ := app.CountRecords(collections.Jobs, dbx.HashExp{"tenant": testapp.TenantId(testapp.B), "status": collections.JobQueued}); n != 0 {
		t.Fatalf("%d jobs queued in workspace B", n)
	}
	if got := balanceOf(t, app, testapp.A); got != balanceA {
		t.Fatalf("publishing moved A's balance from %d to %d", balanceA, got)
	}
}

func balanceOf(t *testing.T, app core.App, ws string) int {
	t.Helper()
	b, err := billing.GetBalance(app, testapp.TenantId(ws))
	if err != nil {
		t.Fatal(err)
	}
	return b.Total()
}
