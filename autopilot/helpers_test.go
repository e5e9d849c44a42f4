package autopilot_test

import (
	"testing"
	"time"

	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/planner"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// chain is a test app with the dev AI provider, a hand-moved clock and an
// engine the test drives, plus a fresh site of workspace A.
type chain struct {
	app    core.App
	clock  *testapp.Clock
	engine *jobs.Engine
	site   *core.Record
}

func newChain(t *testing.T, url string) *chain {
	t.Helper()
	app := testapp.New(t)
	ai.Configure(app, ai.Config{Dev: true})
	c := &chain{app: app, clock: testapp.NewClock(time.Now().UTC().Truncate(time.Minute))}
	jobs.SetClock(app, c.clock)
	c.engine = jobs.NewEngine(app, jobs.Options{Workers: 2, Lease: time.Hour})
	col, _ := app.FindCollectionByNameOrId(collections.Sites)
	c.site = core.NewRecord(col)
	c.site.Load(map[string]any{"tenant": testapp.TenantId(testapp.A), "name": "Autopilot site", "url": url, "wp_username": "admin",
		"app_password": "app-password", "status": "connected"})
	if err := app.Save(c.site); err != nil {
		t.Fatal(err)
	}
	return c
}

// enable turns on the site's schedules of types with a one-hour cadence.
func (c *chain) enable(t *testing.T, types ...string) {
	t.Helper()
	for _, typ := range types {
		s := c.schedule(t, typ)
		s.Set("enabled", true)
		s.Set("spec", "@every 1h")
		if err := c.app.Save(s); err != nil {
			t.Fatal(err)
		}
	}
}

func (c *chain) schedule(t *testing.T, typ string) *core.Record {
	t.Helper()
	s, err := c.app.FindFirstRecordByFilter(collections.Schedules, "site = {:s} && type = {:t}", dbx.Params{"s": c.site.Id, "t": typ})
	if err != nil {
		t.Fatalf("%s schedule: %v", typ, err)
	}
	return s
}

func (c *chain) importKeywords(t *testing.T, kws ...string) {
	t.Helper()
	if _, err := planner.ImportLines(c.app, c.site, kws); err != nil {
		t.Fatal(err)
	}
}

// hour moves the clock one hour and a minute, ticks the scheduler and runs
// every job that is due, moving the clock past retry backoffs inside the hour.
func (c *chain) hour(t *testing.T) {
	t.Helper()
	c.clock.Add(time.Hour + time.Minute)
	if _, err := jobs.Tick(c.app); err != nil {
		t.Fatalf("tick: %v", err)
	}
	c.drain(t)
}

func (c *chain) drain(t *testing.T) {
	t.Helper()
	for i := 0; i < 500; i++ {
		ran, err := c.engine.RunOnce()
		if err != nil {
			t.Fatal(err)
		}
		if !ran {
			return
		}
	}
	t.Fatal("jobs did not settle")
}

func (c *chain) count(t *testing.T, collection string, exp dbx.Expression) int {
	t.Helper()
	n, err := c.app.CountRecords(collection, dbx.HashExp{"site": c.site.Id}, exp)
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

func (c *chain) verify(t *testing.T) {
	t.Helper()
	if m, err := billing.Verify(c.app); err != nil || len(m) > 0 {
		t.Fatalf("credits verify: %v %v", m, err)
	}
}

func balance(t *testing.T, app core.App, ws string) int {
	t.Helper()
	b, err := billing.GetBalance(app, testapp.TenantId(ws))
	if err != nil {
		t.Fatal(err)
	}
	return b.Total()
}

// newSite adds a connected site to workspace ws.
func (c *chain) newSite(t *testing.T, ws, url string) *core.Record {
	t.Helper()
	col, _ := c.app.FindCollectionByNameOrId(collections.Sites)
	s := core.NewRecord(col)
	s.Load(map[string]any{"tenant": testapp.TenantId(ws), "name": "Site " + url, "url": url, "wp_username": "admin",
		"app_password": "app-password", "status": "connected"})
	if err := c.app.Save(s); err != nil {
		t.Fatal(err)
	}
	return s
}

// enableOn turns on site's schedules of types with a one-hour cadence.
func (c *chain) enableOn(t *testing.T, site *core.Record, types ...string) {
	t.Helper()
	for _, typ := range types {
		s, err := c.app.FindFirstRecordByFilter(collections.Schedules, "site = {:s} && type = {:t}", dbx.Params{"s": site.Id, "t": typ})
		if err != nil {
			t.Fatal(err)
		}
		s.Set("enabled", true)
		s.Set("spec", "@every 1h")
		if err := c.app.Save(s); err != nil {
			t.Fatal(err)
		}
	}
}

func importInto(c *chain, site *core.Record, kws ...string) (*planner.ImportResult, error) {
	return planner.ImportLines(c.app, site, kws)
}
