package writer_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/ai/aitest"
	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/writer"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// pipeline is one app with the fake AI server, a fake job clock and an
// engine the test steps by hand.
type pipeline struct {
	app    *tests.TestApp
	srv    *aitest.Server
	model  *fakeModel
	clock  *testapp.Clock
	engine *jobs.Engine
	mux    http.Handler
}

func newPipeline(t *testing.T) *pipeline {
	t.Helper()
	p := &pipeline{app: testapp.New(t), srv: aitest.New(t), model: newFakeModel(), clock: testapp.NewClock(time.Now())}
	p.srv.Configure(p.app)
	p.srv.Handle(p.model.answer)
	jobs.SetClock(p.app, p.clock)
	p.engine = jobs.NewEngine(p.app, jobs.Options{Workers: 1})
	p.mux = testapp.Mux(t, p.app)
	return p
}

// drain runs every due job, moving the clock past retry backoffs.
func (p *pipeline) drain(t *testing.T) {
	t.Helper()
	for i := 0; i < 50; i++ {
		ran, err := p.engine.RunOnce()
		if err != nil {
			t.Fatal(err)
		}
		if !ran {
			n, _ := p.app.CountRecords(collections.Jobs, dbx.HashExp{"status": collections.JobQueued})
			if n == 0 {
				return
			}
			p.clock.Add(time.Hour)
		}
	}
	t.Fatal("jobs did not settle")
}

// call makes one API request through the app's real router and returns the
// decoded JSON body.
func (p *pipeline) call(t *testing.T, method, url, body, token string, status int) map[string]any {
	t.Helper()
	req := httptest.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	rec := httptest.NewRecorder()
	p.mux.ServeHTTP(rec, req)
	if rec.Code != status {
		t.Fatalf("%s %s: status %d, want %d: %s", method, url, rec.Code, status, rec.Body.String())
	}
	var out map[string]any
	_ = json.Unmarshal(rec.Body.Bytes(), &out)
	return out
}

func balance(t *testing.T, app core.App, ws string) int {
	t.Helper()
	b, err := billing.GetBalance(app, testapp.TenantId(ws))
	if err != nil {
		t.Fatal(err)
	}
	return b.Total()
}

func verifyLedger(t *testing.T, app core.App) {
	t.Helper()
	if m, err := billing.Verify(app); err != nil || len(m) > 0 {
		t.Fatalf("credits verify: %v %v", m, err)
	}
}

func TestEndToEnd(t *testing.T) {
	t.Parallel()
	p := newPipeline(t)
	editor := testapp.Token(t, p.app, testapp.A, "editor")
	start := balance(t, p.app, testapp.A)

	// idea → task (as the planner's queue-idea does) → content
	task := newTask(t, p.app, testapp.A, 1000, map[string]any{"idea": testapp.RecordId(collections.Ideas, testapp.A)})
	res := p.call(t, "POST", "/api/igny8/writer/tasks/"+task.Id+"/generate", "", editor, 202)
	if res["credits"] != float64(3) {
		t.Fatalf("generate: %v", res)
	}
	again := p.call(t, "POST", "/api/igny8/writer/tasks/"+task.Id+"/generate", "", editor, 202)
	if again["job"] != res["job"] || again["created"] != false {
		t.Fatalf("second click queued another job: %v", again)
	}
	p.drain(t)
	job, _ := p.app.FindRecordById(collections.Jobs, res["job"].(string))
	if job.GetString("status") != collections.JobSucceeded || job.GetInt("tokens_in") == 0 {
		t.Fatalf("content job: %s %s", job.GetString("status"), job.GetString("errors"))
	}
	content, err := p.app.FindFirstRecordByFilter(collections.Contents, "task = {:t}", dbx.Params{"t": task.Id})
	if err != nil {
		t.Fatal(err)
	}
	if w := content.GetInt("word_count"); w < 850 || w > 1150 {
		t.Fatalf("word count %d", w)
	}
	html := content.GetString("html")
	if strings.Contains(html, "<h1") || strings.Count(html, "<h2") < 4 || len(content.GetString("meta_title")) > 60 ||
		len(content.GetString("meta_description")) > 160 || content.GetString("slug") != "coffee-at-home" || content.GetInt("version") != 1 {
		t.Fatalf("content: v%d %q %q\n%s", content.GetInt("version"), content.GetString("meta_title"), content.GetString("slug"), html)
	}
	if tk, _ := p.app.FindRecordById(collections.Tasks, task.Id); tk.GetString("status") != "done" {
		t.Fatalf("task status %s", tk.GetString("status"))
	}
	if got := balance(t, p.app, testapp.A); got != start-3 {
		t.Fatalf("balance %d after an article, want %d", got, start-3)
	}

	// featured + 2 in-article images
	res = p.call(t, "POST", "/api/igny8/writer/contents/"+content.Id+"/images", "", editor, 202)
	if res["credits"] != float64(3) || len(res["jobs"].([]any)) != 3 {
		t.Fatalf("images: %v", res)
	}
	p.drain(t)
	imgs, _ := p.app.FindRecordsByFilter(collections.Images, "content = {:c}", "position", 0, 0, dbx.Params{"c": content.Id})
	if len(imgs) != 3 {
		t.Fatalf("%d images", len(imgs))
	}
	content, _ = p.app.FindRecordById(collections.Contents, content.Id)
	html = content.GetString("html")
	for _, img := range imgs {
		if img.GetString("status") != writer.ImageReady || img.GetString("file") == "" || img.GetString("alt") == "" {
			t.Fatalf("image %s: %s %q %s", img.GetString("kind"), img.GetString("status"), img.GetString("file"), img.GetString("error"))
		}
		if img.GetInt("width") != writer.DefaultImageMaxWidth || img.GetInt("height") != 1067 {
			t.Fatalf("image not resized: %dx%d", img.GetInt("width"), img.GetInt("height"))
		}
		placed := strings.Contains(html, `data-igny8-image="`+img.Id+`"`)
		if placed != (img.GetString("kind") == collections.ImageInArticle) {
			t.Fatalf("%s image placed=%v", img.GetString("kind"), placed)
		}
		if placed {
			fig := strings.Index(html, `<figure data-igny8-image="`+img.Id+`"`)
			h2end := strings.LastIndex(html[:fig], "</h2>")
			if h2end < 0 || strings.TrimSpace(html[h2end+5:fig]) != "" {
				t.Fatalf("figure is not right after an H2:\n%s", html)
			}
			if !strings.Contains(html, `src="/api/files/images/`+img.Id+`/`+img.GetString("file")+`"`) {
				t.Fatalf("figure src wrong:\n%s", html)
			}
		}
	}
	if content.GetInt("version") != 3 || content.GetInt("word_count") < 850 {
		t.Fatalf("content after images: v%d, %d words", content.GetInt("version"), content.GetInt("word_count"))
	}
	if got := balance(t, p.app, testapp.A); got != start-6 {
		t.Fatalf("balance %d after article + 3 images, want %d", got, start-6)
	}
	// the stored file is the resized JPEG and PocketBase serves a thumbnail of it
	fs, err := p.app.NewFilesystem()
	if err != nil {
		t.Fatal(err)
	}
	defer fs.Close()
	attrs, err := fs.Attributes(imgs[1].BaseFilesPath() + "/" + imgs[1].GetString("file"))
	if err != nil || attrs.ContentType != "image/jpeg" {
		t.Fatalf("stored file: %v %v", attrs, err)
	}

	// reparse as its own 1-credit job
	res = p.call(t, "POST", "/api/igny8/writer/contents/"+content.Id+"/reparse", "", editor, 202)
	p.drain(t)
	if got := balance(t, p.app, testapp.A); got != start-7 {
		t.Fatalf("balance %d after reparse, want %d", got, start-7)
	}
	if n, _ := p.app.CountRecords(collections.ContentVersions, dbx.HashExp{"content": content.Id}); n != 3 {
		// reparse of an already clean article changes nothing, so it is not a new version
		t.Fatalf("%d versions", n)
	}
	verifyLedger(t, p.app)
}

func TestImageProviderFailure(t *testing.T) {
	t.Parallel()
	p := newPipeline(t)
	p.srv.Handle(func(c aitest.Call) aitest.Reply {
		if strings.HasSuffix(c.Path, "/images/generations") || strings.Contains(c.Path, "runware") {
			return aitest.ServerError()
		}
		return p.model.answer(c)
	})
	editor := testapp.Token(t, p.app, testapp.A, "editor")
	contentId := testapp.RecordId(collections.Contents, testapp.A)
	before, _ := p.app.FindRecordById(collections.Contents, contentId)
	start := balance(t, p.app, testapp.A)

	res := p.call(t, "POST", "/api/igny8/writer/contents/"+contentId+"/images", `{"featured":false,"count":1}`, editor, 202)
	if res["credits"] != float64(1) {
		t.Fatalf("images: %v", res)
	}
	p.drain(t)
	job, _ := p.app.FindRecordById(collections.Jobs, res["jobs"].([]any)[0].(string))
	if job.GetString("status") != collections.JobFailed || job.GetInt("attempts") != 2 {
		t.Fatalf("image job %s after %d attempts", job.GetString("status"), job.GetInt("attempts"))
	}
	imageCalls := 0
	for _, c := range p.srv.Calls() {
		if strings.HasSuffix(c.Path, "/images/generations") || strings.Contains(c.Path, "runware") {
			imageCalls++
		}
	}
	if imageCalls <= 2 {
		t.Fatalf("the provider was not retried: %d image calls", imageCalls)
	}
	img, _ := p.app.FindRecordById(collections.Images, job.GetString("target"))
	if img.GetString("status") != writer.ImageFailed || !strings.Contains(img.GetString("error"), "500") {
		t.Fatalf("image: %s %q", img.GetString("status"), img.GetString("error"))
	}
	after, _ := p.app.FindRecordById(collections.Contents, contentId)
	if after.GetString("html") != before.GetString("html") || after.GetInt("version") != before.GetInt("version") {
		t.Fatal("the article changed")
	}
	if got := balance(t, p.app, testapp.A); got != start {
		t.Fatalf("credit not refunded: %d, want %d", got, start)
	}
	verifyLedger(t, p.app)
}
