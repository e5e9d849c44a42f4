package planner_test

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/autopilot"
	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/planner"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// scheduleFixture is a test app on a hand-moved job clock, with an engine the
// test steps one job at a time.
type scheduleFixture struct {
	app    *tests.TestApp
	clock  *testapp.Clock
	engine *jobs.Engine
	sites  map[string]*core.Record // workspace → its fixture site
}

func newScheduleFixture(t *testing.T) *scheduleFixture {
	t.Helper()
	f := &scheduleFixture{app: testapp.New(t), clock: testapp.NewClock(time.Now().UTC().Truncate(time.Second)), sites: map[string]*core.Record{}}
	jobs.SetClock(f.app, f.clock)
	f.engine = jobs.NewEngine(f.app, jobs.Options{Lease: time.Minute})
	for _, ws := range testapp.Workspaces {
		s, err := f.app.FindRecordById(collections.Sites, testapp.SiteId(ws))
		if err != nil {
			t.Fatal(err)
		}
		f.sites[ws] = s
	}
	return f
}

func (f *scheduleFixture) schedule(t *testing.T, ws, typ string) *core.Record {
	t.Helper()
	s, err := f.app.FindFirstRecordByFilter(collections.Schedules, "site = {:s} && type = {:t}", dbx.Params{"s": testapp.SiteId(ws), "t": typ})
	if err != nil {
		t.Fatalf("%s schedule of %s: %v", typ, ws, err)
	}
	return s
}

func (f *scheduleFixture) enable(t *testing.T, ws, typ string) {
	t.Helper()
	s := f.schedule(t, ws, typ)
	s.Set("enabled", true)
	if err := f.app.Save(s); err != nil {
		t.Fatal(err)
	}
}

func (f *scheduleFixture) lastResult(t *testing.T, ws, typ string) map[string]any {
	t.Helper()
	var out map[string]any
	if err := f.schedule(t, ws, typ).UnmarshalJSONField("last_result", &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// tick runs the scheduler n times at the current clock (as racing cron ticks
// would) and returns how many windows fired in total.
func (f *scheduleFixture) tick(t *testing.T, n int) int {
	t.Helper()
	fired := 0
	for i := 0; i < n; i++ {
		res, err := jobs.Tick(f.app)
		if err != nil {
			t.Fatalf("tick: %v", err)
		}
		fired += res.Fired
	}
	return fired
}

// runWindow runs due jobs one at a time until no schedule.run job of
// workspace ws is due (jobs due before it may run first, as in production).
func (f *scheduleFixture) runWindow(t *testing.T, ws string) {
	t.Helper()
	for i := 0; i < 20; i++ {
		due := 0
		for _, j := range f.jobsOfType(t, ws, jobs.TypeScheduleRun) {
			if j.GetString("status") == collections.JobQueued && !j.GetDateTime("run_after").Time().After(f.clock.Now()) {
				due++
			}
		}
		if due == 0 {
			return
		}
		if ran, err := f.engine.RunOnce(); err != nil || !ran {
			t.Fatalf("a schedule.run job is queued but none ran (%v)", err)
		}
	}
	t.Fatal("the schedule.run job did not run")
}

// jobsOfType lists the jobs of typ in workspace ws, oldest first.
func (f *scheduleFixture) jobsOfType(t *testing.T, ws, typ string) []*core.Record {
	t.Helper()
	recs, err := f.app.FindRecordsByFilter(collections.Jobs, "type = {:t} && tenant = {:ws}", "created,id", 0, 0,
		dbx.Params{"t": typ, "ws": testapp.TenantId(ws)})
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func (f *scheduleFixture) balance(t *testing.T, ws string) int {
	t.Helper()
	b, err := billing.GetBalance(f.app, testapp.TenantId(ws))
	if err != nil {
		t.Fatal(err)
	}
	return b.Total()
}

// setCredits moves ws's balance to plan credits and no top-ups with a ledger entry.
func (f *scheduleFixture) setCredits(t *testing.T, ws string, plan int) {
	t.Helper()
	b, err := billing.GetBalance(f.app, testapp.TenantId(ws))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := billing.Append(f.app, billing.Entry{Tenant: testapp.TenantId(ws), Kind: collections.LedgerAdjust,
		PlanDelta: plan - b.Plan, TopupDelta: -b.Topup, Note: "test", Key: "test-set:" + t.Name() + f.clock.Now().String()}); err != nil {
		t.Fatal(err)
	}
}

func (f *scheduleFixture) verifyLedger(t *testing.T) {
	t.Helper()
	bad, err := billing.Verify(f.app)
	if err != nil || len(bad) > 0 {
		t.Fatalf("ledger: %v %v", bad, err)
	}
}

func (f *scheduleFixture) unclustered(t *testing.T, ws string) []string {
	t.Helper()
	var ids []string
	if err := f.app.DB().Select("id").From(collections.Keywords).Where(dbx.HashExp{"site": testapp.SiteId(ws), "cluster": ""}).
		OrderBy("id").Column(&ids); err != nil {
		t.Fatal(err)
	}
	return ids
}

func clusterPayload(t *testing.T, job *core.Record) []string {
	t.Helper()
	var p planner.ClusterPayload
	if err := json.Unmarshal([]byte(job.GetString("payload")), &p); err != nil {
		t.Fatalf("payload of %s: %v", job.Id, err)
	}
	sort.Strings(p.Keywords)
	return p.Keywords
}

// TestClusteringSchedule drives site A's clustering schedule through the
// scheduler tick: nothing before its window, one clustering job per window
// however often the cron ticks, priced by billing's table and holding exactly
// A's unclustered keywords; B's disabled schedule and B's keywords are never
// touched; a canceled job's keywords are queued again in the next window.
func TestClusteringSchedule(t *testing.T) {
	t.Parallel()
	f := newScheduleFixture(t)
	for _, ws := range testapp.Workspaces {
		if _, err := planner.ImportLines(f.app, f.sites[ws], jobKeywords); err != nil {
			t.Fatal(err)
		}
	}
	want := f.unclustered(t, testapp.A)
	if len(want) != len(jobKeywords) {
		t.Fatalf("%d unclustered keywords on A, want %d", len(want), len(jobKeywords))
	}
	balanceA, balanceB := f.balance(t, testapp.A), f.balance(t, testapp.B)
	f.enable(t, testapp.A, planner.ScheduleClustering) // B's stays disabled

	f.clock.Add(time.Hour)
	if fired := f.tick(t, 3); fired != 0 {
		t.Fatalf("%d windows fired one hour into a 6h schedule", fired)
	}
	f.clock.Add(5*time.Hour + time.Minute)
	if fired := f.tick(t, 3); fired != 1 {
		t.Fatalf("three ticks in one window fired %d times, want 1", fired)
	}
	f.runWindow(t, testapp.A)

	cj := f.jobsOfType(t, testapp.A, planner.JobCluster)
	if len(cj) != 1 {
		t.Fatalf("%d clustering jobs after the first window, want 1", len(cj))
	}
	credits := billing.Cost(billing.ActionClustering, len(want))
	if credits <= 0 {
		t.Fatalf("clustering %d keywords costs %d credits", len(want), credits)
	}
	if got := cj[0]; got.GetInt("credits") != credits || got.GetString("site") != testapp.SiteId(testapp.A) ||
		got.GetString("status") != collections.JobQueued || got.GetString("credits_state") != collections.CreditsReserved {
		t.Fatalf("clustering job = %v, want %d credits reserved for site A", got.PublicExport(), credits)
	}
	if got := clusterPayload(t, cj[0]); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("job keywords %v, want A's unclustered %v", got, want)
	}
	if got := f.balance(t, testapp.A); got != balanceA-credits {
		t.Fatalf("A's balance %d, want %d - %d", got, balanceA, credits)
	}
	if last := f.lastResult(t, testapp.A, planner.ScheduleClustering); last["enqueued"] != 1.0 || last["error"] != nil {
		t.Fatalf("last_result = %v", last)
	}

	// the rest of the window: ticks fire nothing
	f.clock.Add(time.Hour)
	if fired := f.tick(t, 2); fired != 0 {
		t.Fatalf("%d more windows fired inside the same window", fired)
	}
	// the job is canceled (refunded); the next window queues the keywords again
	if err := jobs.Cancel(f.app, cj[0].Id); err != nil {
		t.Fatal(err)
	}
	f.clock.Add(5 * time.Hour)
	if fired := f.tick(t, 2); fired != 1 {
		t.Fatalf("second window fired %d times, want 1", fired)
	}
	f.runWindow(t, testapp.A)
	cj = f.jobsOfType(t, testapp.A, planner.JobCluster)
	if len(cj) != 2 || cj[1].GetString("status") != collections.JobQueued || cj[1].GetInt("credits") != credits {
		t.Fatalf("after cancel and the next window: %d clustering jobs (want the canceled one and a queued one)", len(cj))
	}
	if got := clusterPayload(t, cj[1]); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("second window's keywords %v, want %v", got, want)
	}
	if got := f.balance(t, testapp.A); got != balanceA-credits {
		t.Fatalf("A's balance %d after a refund and a new reservation, want %d", got, balanceA-credits)
	}

	// workspace B: disabled schedule, its keywords and credits untouched
	for _, typ := range []string{jobs.TypeScheduleRun, planner.JobCluster} {
		if n := len(f.jobsOfType(t, testapp.B, typ)); n != 0 {
			t.Fatalf("B got %d %s jobs", n, typ)
		}
	}
	if n := len(f.unclustered(t, testapp.B)); n != len(jobKeywords) {
		t.Fatalf("B has %d unclustered keywords, want %d", n, len(jobKeywords))
	}
	if got := f.balance(t, testapp.B); got != balanceB {
		t.Fatalf("B's balance moved from %d to %d", balanceB, got)
	}
	if last := f.lastResult(t, testapp.B, planner.ScheduleClustering); len(last) != 0 {
		t.Fatalf("B's disabled schedule has a result: %v", last)
	}
	f.verifyLedger(t)
}

// TestSchedulesWithoutCredits: a workspace that cannot pay gets no jobs and
// no ledger movement; the window stops cleanly (the schedule.run job
// succeeds, nothing is retried), the autopilot records that it waits on
// credits, and the schedule keeps its next window, so a grant resumes it.
func TestSchedulesWithoutCredits(t *testing.T) {
	t.Parallel()
	f := newScheduleFixture(t)
	if _, err := planner.ImportLines(f.app, f.sites[testapp.A], jobKeywords); err != nil {
		t.Fatal(err)
	}
	newCluster(t, f, testapp.A, "Sourdough", "sourdough starter", "sourdough bread recipe")
	f.setCredits(t, testapp.A, 0)
	f.enable(t, testapp.A, planner.ScheduleClustering)
	f.enable(t, testapp.A, planner.ScheduleIdeas)

	f.clock.Add(6*time.Hour + time.Minute)
	if fired := f.tick(t, 1); fired != 2 {
		t.Fatalf("%d windows fired, want clustering and ideas", fired)
	}
	f.runWindow(t, testapp.A)
	steps := autopilot.Steps(f.app, f.sites[testapp.A])
	for _, typ := range []string{planner.ScheduleClustering, planner.ScheduleIdeas} {
		last := f.lastResult(t, testapp.A, typ)
		if last["error"] != nil || last["enqueued"] != 0.0 {
			t.Fatalf("%s last_result = %v, want nothing enqueued and no error", typ, last)
		}
		if o := steps[typ]; o.State != autopilot.StateWaitingCredits || o.Enqueued != 0 {
			t.Fatalf("%s step outcome = %+v, want waiting_credits", typ, o)
		}
		s := f.schedule(t, testapp.A, typ)
		if !s.GetBool("enabled") || !s.GetDateTime("next_run").Time().After(f.clock.Now()) {
			t.Fatalf("%s schedule after the window: enabled %v, next_run %v", typ, s.GetBool("enabled"), s.GetDateTime("next_run"))
		}
	}
	for _, typ := range []string{planner.JobCluster, planner.JobIdeas} {
		if n := len(f.jobsOfType(t, testapp.A, typ)); n != 0 {
			t.Fatalf("%d %s jobs queued without credits", n, typ)
		}
	}
	runs := f.jobsOfType(t, testapp.A, jobs.TypeScheduleRun)
	if len(runs) != 2 {
		t.Fatalf("%d schedule.run jobs, want one per schedule", len(runs))
	}
	for _, j := range runs {
		if j.GetString("status") != collections.JobSucceeded {
			t.Fatalf("schedule.run job %s is %s with errors %s, want succeeded (a clean stop)", j.Id, j.GetString("status"), j.GetString("errors"))
		}
	}
	if got := f.balance(t, testapp.A); got != 0 {
		t.Fatalf("A's balance %d, want 0", got)
	}
	f.verifyLedger(t)
}
