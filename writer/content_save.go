package writer

import (
	"context"
	"errors"
	"fmt"

	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// SaveArticle stores a generated article as the task's content: the first
// generation creates it, later ones update it (each is a new version). A
// regenerated article goes back to draft unless it is already published.
func SaveArticle(app core.App, task *core.Record, art *Article) (*core.Record, error) {
	var content *core.Record
	err := app.RunInTransaction(func(tx core.App) error {
		var err error
		content, err = tx.FindFirstRecordByFilter(collections.Contents, "task = {:t}", dbx.Params{"t": task.Id})
		if err != nil {
			col, cerr := tx.FindCachedCollectionByNameOrId(collections.Contents)
			if cerr != nil {
				return cerr
			}
			content = core.NewRecord(col)
			content.Load(map[string]any{"tenant": task.GetString("tenant"), "site": task.GetString("site"), "task": task.Id,
				"publish_status": collections.PublishNone})
		}
		if content.GetString("status") != collections.ContentPublished {
			content.Set("status", collections.ContentDraft)
		}
		content.Set("title", art.Title)
		content.Set("slug", art.Slug)
		content.Set("meta_title", art.MetaTitle)
		content.Set("meta_description", art.MetaDescription)
		content.Set("model", art.Usage.Model)
		apply(content, art.Parsed)
		MarkVersion(content, collections.VersionGeneration, "", art.Usage.Model)
		if err := tx.Save(content); err != nil {
			return fmt.Errorf("save content: %w", err)
		}
		task.Set("status", "done")
		task.Set("error", "")
		return tx.Save(task)
	})
	if err != nil {
		return nil, err
	}
	return content, nil
}

// ReparseContent runs reparse on a stored content and saves the result as a
// new version. With useAI the model first tidies the HTML (the reparse
// prompt); its answer is kept only if it lost no more than a fifth of the
// words and was not cut off, so a bad reply never replaces the article.
func ReparseContent(ctx context.Context, app core.App, contentId string, useAI bool) (ai.Usage, error) {
	var u ai.Usage
	content, err := app.FindRecordById(collections.Contents, contentId)
	if err != nil {
		return u, fmt.Errorf("content %s: %w", contentId, err)
	}
	html := content.GetString("html")
	if useAI {
		sys, user, err := ai.RenderPrompt(app, content.GetString("tenant"), ai.PromptReparse, map[string]any{"Title": content.GetString("title"), "HTML": html})
		if err != nil {
			return u, err
		}
		msgs := []ai.Message{{Role: "user", Content: user}}
		if sys != "" {
			msgs = append([]ai.Message{{Role: "system", Content: sys}}, msgs...)
		}
		out, cu, err := ai.Text(ctx, app, ai.Request{Task: ai.TaskReparse, Tenant: content.GetString("tenant"), Messages: msgs, MaxTokens: tokensFor(content.GetInt("word_count") + 200)})
		u = cu
		switch {
		case errors.Is(err, ai.ErrTruncated):
			return u, fmt.Errorf("reparse reply was cut off; the article is unchanged: %w", err)
		case err != nil:
			return u, err
		}
		out = ai.CleanText(out)
		if before, after := wordsIn(html), wordsIn(out); after >= before*4/5 {
			html = out
		} else {
			app.Logger().Warn("writer: AI reparse dropped words; keeping the deterministic reparse", "content", contentId, "before", before, "after", after)
		}
	}
	p, err := Reparse(html)
	if err != nil {
		return u, err
	}
	apply(content, p)
	MarkVersion(content, collections.VersionReparse, "", u.Model)
	if err := app.Save(content); err != nil {
		return u, fmt.Errorf("save reparsed content: %w", err)
	}
	return u, nil
}
