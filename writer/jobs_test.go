package writer_test

import (
	"sync/atomic"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/writer"
	"github.com/pocketbase/pocketbase/core"
)

// A worker may take a content job the moment it is stored. Here it does, in
// the enqueue's own call (right after the job's insert commits), and runs it
// to the end before the route returns: the task must keep the worker's
// status, not go back to queued (it read queued while its job ran and then
// failed, 2 of 37 runs).
func TestGenerateLeavesTheWorkersTaskStatus(t *testing.T) {
	t.Parallel()
	p := newPipeline(t)
	editor := testapp.Token(t, p.app, testapp.A, "editor")
	task := newTask(t, p.app, testapp.A, 1000, nil)

	var ran atomic.Int32
	p.app.OnRecordAfterCreateSuccess(collections.Jobs).BindFunc(func(e *core.RecordEvent) error {
		if e.Record.GetString("type") == writer.JobContent && ran.Add(1) == 1 {
			if ok, err := p.engine.RunOnce(); !ok || err != nil {
				t.Errorf("the worker did not run the job: %v %v", ok, err)
			}
			if tk, _ := p.app.FindRecordById(collections.Tasks, task.Id); tk.GetString("status") != "done" {
				t.Errorf("task after its job ran: %s", tk.GetString("status"))
			}
		}
		return e.Next()
	})

	res := p.call(t, "POST", "/api/igny8/writer/tasks/"+task.Id+"/generate", "", editor, 202)
	if ran.Load() != 1 {
		t.Fatalf("content jobs created: %d", ran.Load())
	}
	job, _ := p.app.FindRecordById(collections.Jobs, res["job"].(string))
	if job.GetString("status") != collections.JobSucceeded {
		t.Fatalf("job %s %s", job.GetString("status"), job.GetString("error"))
	}
	if tk, _ := p.app.FindRecordById(collections.Tasks, task.Id); tk.GetString("status") != "done" {
		t.Fatalf("task status %q after its job succeeded, want done", tk.GetString("status"))
	}
	verifyLedger(t, p.app)
}
