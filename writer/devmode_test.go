package writer_test

import (
	"testing"

	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/writer"
	"github.com/pocketbase/dbx"
)

// TestDevModeOffline runs the whole writer pipeline on the offline dev
// provider: no AI server at all.
func TestDevModeOffline(t *testing.T) {
	t.Parallel()
	p := newPipeline(t)
	ai.Configure(p.app, ai.Config{Dev: true})
	editor := testapp.Token(t, p.app, testapp.A, "editor")
	task := newTask(t, p.app, testapp.A, 900, nil)
	p.call(t, "POST", "/api/igny8/writer/tasks/"+task.Id+"/generate", "", editor, 202)
	p.drain(t)
	content, err := p.app.FindFirstRecordByFilter(collections.Contents, "task = {:t}", dbx.Params{"t": task.Id})
	if err != nil {
		t.Fatal(err)
	}
	if w := content.GetInt("word_count"); w < 765 || w > 1035 {
		t.Errorf("dev article has %d words for a 900 target", w)
	}
	if content.GetString("model") != "dev" || len(content.GetString("meta_title")) > 60 {
		t.Errorf("model %q meta %q", content.GetString("model"), content.GetString("meta_title"))
	}
	p.call(t, "POST", "/api/igny8/writer/contents/"+content.Id+"/images", "", editor, 202)
	p.drain(t)
	n, _ := p.app.CountRecords(collections.Images, dbx.HashExp{"content": content.Id, "status": writer.ImageReady})
	if n != 3 {
		t.Fatalf("%d dev images ready", n)
	}
}
