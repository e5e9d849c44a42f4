package ops_test

import (
	"context"
	"testing"
	"time"

	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// A finished job leaves one structured entry in PocketBase's logs with the
// fields operators filter on.
func TestJobLog(t *testing.T) {
	app := testapp.New(t)
	s := app.Settings()
	s.Logs.MaxDays = 30 // test apps start with logs off
	if err := app.Save(s); err != nil {
		t.Fatal(err)
	}
	jobs.Handle(app, "t.logged", func(ctx context.Context, j *jobs.Job) error { return nil }, jobs.HandlerOptions{})
	rec, err := jobs.Enqueue(app, jobs.EnqueueParams{Tenant: testapp.TenantId(testapp.A), Type: "t.logged", Credits: 1})
	if err != nil {
		t.Fatal(err)
	}
	if ran, err := jobs.NewEngine(app, jobs.Options{}).RunOnce(); err != nil || !ran {
		t.Fatalf("run: %v %v", ran, err)
	}
	var logs []*core.Log
	// PocketBase writes logs in batches
	testapp.WaitForEvery(t, 30*time.Second, 100*time.Millisecond, func() bool {
		logs = nil
		if err := app.AuxDB().Select("*").From("_logs").Where(dbx.NewExp("json_extract(data, '$.job') = {:id}", dbx.Params{"id": rec.Id})).All(&logs); err != nil {
			t.Fatal(err)
		}
		return len(logs) > 0
	}, "no log entry for job %s", rec.Id)
	if len(logs) != 1 {
		t.Fatalf("%d log entries for the job, want 1", len(logs))
	}
	d := logs[0].Data
	if logs[0].Message != "job succeeded" || d["workspace"] != testapp.TenantId(testapp.A) || d["jobType"] != "t.logged" ||
		d["status"] != "succeeded" || d["credits"] != float64(1) || d["creditsState"] != "committed" || d["durationMs"] == nil {
		t.Fatalf("job log entry: %q %v", logs[0].Message, d)
	}
}
