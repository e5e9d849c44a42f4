package writer_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/igny8/igny8/ai/aitest"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/writer"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// waitOrFail blocks until ch is closed; the bound only keeps a regression
// from hanging the suite, it asserts nothing about time.
func waitOrFail(t *testing.T, ch <-chan struct{}, what string) bool {
	select {
	case <-ch:
		return true
	case <-time.After(time.Minute):
		t.Errorf("gave up waiting for %s", what)
		return false
	}
}

// Two image jobs of one article run at once and both ask for the image
// prompts (neither sees the other's yet). The second prompt reply is held
// back until the first job's image is finished, the interleaving that used
// to put the finished image back to generating with its file cleared (the
// second job saved every image of the content from the copies it read
// before). Each job must touch only its own image, and the prompts stored
// first must stay.
func TestConcurrentImageJobsKeepEachOthersImages(t *testing.T) {
	t.Parallel()
	p := newPipeline(t)
	engine := jobs.NewEngine(p.app, jobs.Options{Workers: 2, TenantConcurrency: 2})
	editor := testapp.Token(t, p.app, testapp.A, "editor")
	contentId := testapp.RecordId(collections.Contents, testapp.A)

	var mu sync.Mutex
	promptCalls := 0
	secondArrived, firstReady := make(chan struct{}), make(chan struct{})
	var readyOnce sync.Once
	p.app.OnRecordAfterUpdateSuccess(collections.Images).BindFunc(func(e *core.RecordEvent) error {
		if e.Record.GetString("status") == writer.ImageReady {
			readyOnce.Do(func() { close(firstReady) })
		}
		return e.Next()
	})
	p.srv.Handle(func(c aitest.Call) aitest.Reply {
		user := ""
		for _, m := range c.Messages {
			if m.Role == "user" {
				user = m.Content
				break
			}
		}
		if strings.Contains(user, "image prompts") {
			mu.Lock()
			promptCalls++
			n := promptCalls
			mu.Unlock()
			switch n {
			case 1: // answer only once the other job asks too: both read the images before either wrote
				waitOrFail(t, secondArrived, "the second job's prompt call")
			case 2:
				close(secondArrived)
				waitOrFail(t, firstReady, "the first job's image")
			}
		}
		return p.model.answer(c)
	})

	res := p.call(t, "POST", "/api/igny8/writer/contents/"+contentId+"/images", `{"featured":true,"count":1}`, editor, 202)
	if len(res["jobs"].([]any)) != 2 {
		t.Fatalf("images: %v", res)
	}
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			// two claims at once may pick the same row; the loser gets none and claims again
			for range 1000 {
				ran, err := engine.RunOnce()
				if err != nil {
					t.Errorf("run: %v", err)
				}
				if ran || err != nil {
					return
				}
			}
			t.Errorf("no job to claim")
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}

	for _, id := range res["jobs"].([]any) {
		job, _ := p.app.FindRecordById(collections.Jobs, id.(string))
		if job.GetString("status") != collections.JobSucceeded {
			t.Errorf("job %s: %s %s", id, job.GetString("status"), job.GetString("error"))
		}
	}
	imgs, _ := p.app.FindRecordsByFilter(collections.Images, "content = {:c}", "position", 0, 0, dbx.Params{"c": contentId})
	if len(imgs) != 2 {
		t.Fatalf("%d images", len(imgs))
	}
	content, _ := p.app.FindRecordById(collections.Contents, contentId)
	fs, err := p.app.NewFilesystem()
	if err != nil {
		t.Fatal(err)
	}
	defer fs.Close()
	for _, img := range imgs {
		if img.GetString("status") != writer.ImageReady || img.GetString("file") == "" || img.GetString("prompt") == "" {
			t.Errorf("%s image after both jobs: status %s, file %q, prompt %q", img.GetString("kind"),
				img.GetString("status"), img.GetString("file"), img.GetString("prompt"))
			continue
		}
		if ok, err := fs.Exists(img.BaseFilesPath() + "/" + img.GetString("file")); !ok || err != nil {
			t.Errorf("%s image file missing: %v", img.GetString("kind"), err)
		}
		if img.GetString("kind") == collections.ImageInArticle && !strings.Contains(content.GetString("html"), `data-igny8-image="`+img.Id+`"`) {
			t.Errorf("in-article image not placed")
		}
	}
	if got := p.model.count("image_prompts"); got != 2 {
		t.Errorf("%d prompt calls, the test needs both jobs to ask", got)
	}
	verifyLedger(t, p.app)
}
