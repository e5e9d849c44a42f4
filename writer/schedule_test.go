package writer_test

import (
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/writer"
	"github.com/pocketbase/dbx"
)

// TestSchedules runs the writing and images schedules of site A through the
// scheduler tick: queued tasks get articles, articles without images get a
// featured and the site's count of in-article images; B is untouched.
func TestSchedules(t *testing.T) {
	t.Parallel()
	p := newPipeline(t)
	enable := func(typ string) {
		s, err := p.app.FindFirstRecordByFilter(collections.Schedules, "site = {:s} && type = {:t}", dbx.Params{"s": testapp.SiteId(testapp.A), "t": typ})
		if err != nil {
			t.Fatalf("%s schedule of site A: %v", typ, err)
		}
		s.Set("enabled", true)
		if err := p.app.Save(s); err != nil {
			t.Fatal(err)
		}
	}
	site, _ := p.app.FindRecordById(collections.Sites, testapp.SiteId(testapp.A))
	site.Set("defaults", map[string]any{"images_per_article": 1})
	if err := p.app.Save(site); err != nil {
		t.Fatal(err)
	}
	t1 := newTask(t, p.app, testapp.A, 600, nil)
	t2 := newTask(t, p.app, testapp.A, 600, nil)
	tB := newTask(t, p.app, testapp.B, 600, nil)

	enable(writer.ScheduleWriting)
	p.clock.Add(4 * time.Hour) // enabling puts the first run one period ahead
	if _, err := jobs.Tick(p.app); err != nil {
		t.Fatal(err)
	}
	p.drain(t)
	for _, task := range []string{t1.Id, t2.Id} {
		if _, err := p.app.FindFirstRecordByFilter(collections.Contents, "task = {:t}", dbx.Params{"t": task}); err != nil {
			t.Fatalf("no content for scheduled task %s", task)
		}
	}
	if _, err := p.app.FindFirstRecordByFilter(collections.Contents, "task = {:t}", dbx.Params{"t": tB.Id}); err == nil {
		t.Fatal("site A's schedule wrote B's task")
	}

	enable(writer.ScheduleImages)
	p.clock.Add(4 * time.Hour)
	if _, err := jobs.Tick(p.app); err != nil {
		t.Fatal(err)
	}
	p.drain(t)
	n, _ := p.app.CountRecords(collections.Images, dbx.HashExp{"site": testapp.SiteId(testapp.A), "status": writer.ImageReady})
	// the fixture image plus featured + 1 in-article for each new article
	if n != 1+2*2 {
		t.Fatalf("%d ready images on site A", n)
	}
	verifyLedger(t, p.app)
}
