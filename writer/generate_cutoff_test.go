package writer_test

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/igny8/igny8/ai/aitest"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/writer"
	"github.com/pocketbase/pocketbase/core"
)

func firstUser(c aitest.Call) string {
	for _, m := range c.Messages {
		if m.Role == "user" {
			return m.Content
		}
	}
	return ""
}

// The metadata reply is cut off at the token limit once: only the metadata
// is asked again (with a larger budget); the sections written stay.
func TestWriteRedoesOnlyACutOffMeta(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	srv := aitest.New(t)
	srv.Configure(app)
	m := newFakeModel()
	var mu sync.Mutex
	var metaBudgets []int
	srv.Handle(func(c aitest.Call) aitest.Reply {
		if strings.Contains(firstUser(c), "Write the SEO metadata") {
			mu.Lock()
			defer mu.Unlock()
			metaBudgets = append(metaBudgets, c.MaxTokens)
			if len(metaBudgets) == 1 {
				return aitest.Truncated(`{"meta_title":"Coffee at Home","meta_descr`)
			}
		}
		return m.answer(c)
	})
	art, err := writer.Write(context.Background(), app, newTask(t, app, testapp.A, 1000, nil))
	if err != nil {
		t.Fatal(err)
	}
	if m.count("section") != 6 || m.count("outline") != 1 {
		t.Errorf("parts regenerated: %v", m.seen)
	}
	if len(metaBudgets) != 2 || metaBudgets[1] != 2*metaBudgets[0] {
		t.Errorf("meta budgets %v, want the second twice the first", metaBudgets)
	}
	if art.MetaTitle != "Coffee at Home: A Practical Guide" {
		t.Errorf("meta title %q", art.MetaTitle)
	}
	checkArticle(t, art)
}

// An outline whose JSON stops in the middle, although the server says the
// reply finished, is a cut-off reply: it is asked again, and when every try is
// cut the error says so (it said "$: want object, got array", from a list
// inside the cut reply).
func TestCutOffOutlineSaysSo(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	srv := aitest.New(t)
	srv.Configure(app)
	var outlines atomic.Int32
	srv.Handle(func(c aitest.Call) aitest.Reply {
		outlines.Add(1)
		return aitest.Reply{Content: `{"title":"Coffee at Home","sections":[{"heading":"Beans","subheadings":[],"points":["fre`, FinishReason: "stop"}
	})
	_, err := writer.Write(context.Background(), app, newTask(t, app, testapp.A, 1000, nil))
	if err == nil || !strings.Contains(err.Error(), "cut off") || strings.Contains(err.Error(), "want object") {
		t.Fatalf("error: %v", err)
	}
	if outlines.Load() != 3 {
		t.Errorf("%d outline calls, want 3 (each with a larger budget)", outlines.Load())
	}
}

// The content job reports progress as each part is written, not only 0 and 100.
func TestContentJobReportsProgressPerSection(t *testing.T) {
	t.Parallel()
	p := newPipeline(t)
	editor := testapp.Token(t, p.app, testapp.A, "editor")
	task := newTask(t, p.app, testapp.A, 1000, nil)
	var mu sync.Mutex
	var seen []int
	p.app.OnRecordAfterUpdateSuccess(collections.Jobs).BindFunc(func(e *core.RecordEvent) error {
		if e.Record.GetString("type") == writer.JobContent && e.Record.GetString("status") == collections.JobRunning {
			mu.Lock()
			seen = append(seen, e.Record.GetInt("progress"))
			mu.Unlock()
		}
		return e.Next()
	})
	p.call(t, "POST", "/api/igny8/writer/tasks/"+task.Id+"/generate", "", editor, 202)
	p.drain(t)
	mu.Lock()
	defer mu.Unlock()
	steps := 0
	for i, v := range seen {
		if i > 0 && v < seen[i-1] {
			t.Fatalf("progress went back: %v", seen)
		}
		if v > 0 && v < 100 && (i == 0 || v != seen[i-1]) {
			steps++
		}
	}
	// outline + introduction + 4 sections + conclusion + metadata
	if steps < 8 {
		t.Fatalf("progress while running: %v", seen)
	}
}
