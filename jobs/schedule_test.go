package jobs_test

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/linker"
	"github.com/igny8/igny8/optimizer"
	"github.com/igny8/igny8/planner"
	"github.com/igny8/igny8/wordpress"
	"github.com/igny8/igny8/writer"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

func siteSchedule(t testing.TB, app core.App, site, typ string) *core.Record {
	t.Helper()
	r, err := app.FindFirstRecordByFilter(collections.Schedules, "site = {:s} && type = {:t}", dbx.Params{"s": site, "t": typ})
	if err != nil {
		t.Fatalf("%s schedule of %s: %v", typ, site, err)
	}
	return r
}

func TestNewSiteGetsDisabledDefaults(t *testing.T) {
	t.Parallel()
	app, _ := newApp(t)
	// each module registers its own default (the engine knows none of them)
	var types []string
	for _, d := range jobs.SiteDefaults(app) {
		types = append(types, d.Type)
	}
	want := []string{wordpress.ScheduleIndexing, wordpress.ScheduleSync, linker.ScheduleLinking,
		planner.ScheduleClustering, planner.ScheduleIdeas, writer.ScheduleWriting, writer.ScheduleImages, wordpress.SchedulePublishing,
		optimizer.ScheduleType}
	if !slices.Equal(types, want) {
		t.Fatalf("site defaults %v, want %v", types, want)
	}
	for _, d := range jobs.SiteDefaults(app) {
		s := siteSchedule(t, app, siteA, d.Type)
		if s.GetBool("enabled") || s.GetString("spec") != d.Spec || s.GetString("tenant") != tenantA {
			t.Errorf("%s: %v", d.Type, s.PublicExport())
		}
	}
}

// TestBackfillSiteSchedules: a site made before a schedule type existed (its
// record deleted here) gets it, disabled with the default, when the server
// starts; a second run creates nothing.
func TestBackfillSiteSchedules(t *testing.T) {
	t.Parallel()
	app, _ := newApp(t)
	lost := siteSchedule(t, app, siteA, linker.ScheduleLinking)
	if err := app.Delete(lost); err != nil {
		t.Fatal(err)
	}
	n, err := jobs.BackfillSiteSchedules(app)
	if err != nil || n != 1 {
		t.Fatalf("backfill created %d (err %v), want the one lost schedule", n, err)
	}
	s := siteSchedule(t, app, siteA, linker.ScheduleLinking)
	if s.Id == lost.Id || s.GetBool("enabled") || s.GetString("spec") != lost.GetString("spec") || s.GetString("tenant") != tenantA {
		t.Fatalf("backfilled schedule %v", s.PublicExport())
	}
	if n, err := jobs.BackfillSiteSchedules(app); err != nil || n != 0 {
		t.Fatalf("second backfill created %d (err %v), want 0", n, err)
	}
}

// Days of cadence in milliseconds: an enabled 6h schedule fires once per
// window however often the cron ticks, and racing ticks enqueue it once.
func TestScheduleOncePerWindow(t *testing.T) {
	t.Parallel()
	app, clock := newApp(t)
	var runs atomic.Int32
	jobs.RegisterSchedule(app, planner.ScheduleClustering, func(ctx context.Context, app core.App, site *core.Record, batch int) (int, error) {
		if site.Id != siteA || batch != 100 {
			t.Errorf("site %s batch %d", site.Id, batch)
		}
		runs.Add(1)
		return 7, nil
	})
	s := siteSchedule(t, app, siteA, planner.ScheduleClustering)
	s.Set("enabled", true)
	if err := app.Save(s); err != nil {
		t.Fatal(err)
	}
	if got := siteSchedule(t, app, siteA, planner.ScheduleClustering).GetDateTime("next_run").Time(); !got.Equal(clock.Now().Add(6 * time.Hour)) {
		t.Fatalf("next_run = %v, want now+6h", got)
	}
	e := jobs.NewEngine(app, jobs.Options{})
	fired := 0
	// two days, a tick every simulated minute, four racing ticks each time
	for m := 0; m < 2*24*60; m++ {
		clock.Add(time.Minute)
		var wg sync.WaitGroup
		var mu sync.Mutex
		for i := 0; i < 4; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, err := jobs.Tick(app)
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				fired += res.Fired
				mu.Unlock()
			}()
		}
		wg.Wait()
		runAll(t, e)
	}
	// the global clean-up schedule (24h) fires too
	cleanups, _ := app.CountRecords(collections.Jobs, dbx.HashExp{"type": jobs.TypeCleanup})
	if fired-int(cleanups) != 8 || runs.Load() != 8 || cleanups != 1 {
		t.Fatalf("fired %d (%d clean-ups), ran %d times in 48h of a 6h schedule, want 8", fired, cleanups, runs.Load())
	}
	n, _ := app.CountRecords(collections.Jobs, dbx.HashExp{"type": jobs.TypeScheduleRun, "site": siteA})
	if n != 8 {
		t.Fatalf("%d schedule.run jobs, want 8", n)
	}
	var last map[string]any
	_ = siteSchedule(t, app, siteA, planner.ScheduleClustering).UnmarshalJSONField("last_result", &last)
	if last["enqueued"] != float64(7) {
		t.Fatalf("last_result = %v", last)
	}
	// the disabled ideas schedule never fired
	if n, _ := app.CountRecords(collections.Jobs, dbx.HashExp{"type": jobs.TypeScheduleRun, "site": siteB}); n != 0 {
		t.Fatalf("B's disabled schedules fired %d jobs", n)
	}
}

func TestScheduleSpecValidation(t *testing.T) {
	t.Parallel()
	app, clock := newApp(t)
	s := siteSchedule(t, app, siteA, writer.ScheduleWriting)
	s.Set("spec", "every now and then")
	if err := app.Save(s); err == nil {
		t.Fatal("invalid spec saved")
	}
	s.Set("spec", "0 */3 * * *")
	s.Set("enabled", true)
	if err := app.Save(s); err != nil {
		t.Fatal(err)
	}
	want := time.Date(2026, 3, 1, 15, 0, 0, 0, time.UTC)
	if got := siteSchedule(t, app, siteA, writer.ScheduleWriting).GetDateTime("next_run").Time(); !got.Equal(want) || !clock.Now().Before(got) {
		t.Fatalf("next_run = %v, want %v", got, want)
	}
}

func TestCleanupDropsOldFinishedJobs(t *testing.T) {
	t.Parallel()
	app, clock := newApp(t)
	jobs.Handle(app, "t.x", noop, jobs.HandlerOptions{})
	old := mustEnqueue(t, app, jobs.EnqueueParams{Tenant: tenantA, Type: "t.x"})
	e := jobs.NewEngine(app, jobs.Options{})
	runAll(t, e)
	clock.Add(40 * 24 * time.Hour)
	recent := mustEnqueue(t, app, jobs.EnqueueParams{Tenant: tenantA, Type: "t.x"})
	runAll(t, e)
	waiting := mustEnqueue(t, app, jobs.EnqueueParams{Tenant: tenantA, Type: "t.x", RunAfter: clock.Now().Add(time.Hour)})
	// the seeded global clean-up schedule opens its first window on the first tick, 24h later
	if res, err := jobs.Tick(app); err != nil || res.Fired != 0 {
		t.Fatalf("first tick = %+v, %v", res, err)
	}
	clock.Add(24*time.Hour + time.Minute)
	res, err := jobs.Tick(app)
	if err != nil || res.Fired != 1 {
		t.Fatalf("tick = %+v, %v", res, err)
	}
	runAll(t, e)
	if _, err := app.FindRecordById(collections.Jobs, old.Id); err == nil {
		t.Fatal("40-day-old finished job kept")
	}
	for _, id := range []string{recent.Id, waiting.Id} {
		reload(t, app, id)
	}
	cl, _ := app.FindFirstRecordByData(collections.Jobs, "type", jobs.TypeCleanup)
	if cl == nil || cl.GetString("status") != collections.JobSucceeded || cl.GetString("tenant") != "" {
		t.Fatalf("cleanup job = %v", cl)
	}
}
