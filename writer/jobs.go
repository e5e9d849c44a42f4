package writer

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/tenancy"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// Job types the writer handles.
const (
	JobContent = "writer.content"
	JobReparse = "writer.reparse"
	JobImages  = "writer.images"
)

// Schedule types the writer runs per site.
const (
	ScheduleWriting = "writing"
	ScheduleImages  = "images"
)

// contentPayload, reparsePayload and imagePayload are the job payloads.
type contentPayload struct {
	Task string `json:"task"`
}

type reparsePayload struct {
	Content string `json:"content"`
	AI      bool   `json:"ai"`
}

type imagePayload struct {
	Image   string `json:"image"`
	Content string `json:"content"`
}

func bindJobs(app core.App) {
	jobs.Handle(app, JobContent, handleContent, jobs.HandlerOptions{Concurrency: 4, MaxAttempts: 3, Timeout: 30 * time.Minute})
	jobs.Handle(app, JobReparse, handleReparse, jobs.HandlerOptions{MaxAttempts: 2, Timeout: 10 * time.Minute})
	jobs.Handle(app, JobImages, handleImage, jobs.HandlerOptions{Concurrency: 4, MaxAttempts: 2, Timeout: 10 * time.Minute})
}

func record(job *jobs.Job, u ai.Usage) {
	if u.Calls > 0 || u.Model != "" {
		job.RecordUsage(u.Model, u.TokensIn, u.TokensOut, u.CostUSD)
	}
}

// ownTarget loads the job's target and checks it belongs to the job's
// workspace: handlers bypass API rules, so a forged payload must not reach
// another workspace's record.
func ownTarget(app core.App, job *jobs.Job, collection, id string) (*core.Record, error) {
	rec, err := app.FindRecordById(collection, id)
	if err != nil || rec.GetString("tenant") != job.Tenant() {
		return nil, jobs.Permanent(fmt.Errorf("%s %q not found in this workspace", collection, id))
	}
	return rec, nil
}

func handleContent(ctx context.Context, job *jobs.Job) error {
	app := job.App()
	var p contentPayload
	if err := job.Payload(&p); err != nil {
		return jobs.Permanent(err)
	}
	task, err := ownTarget(app, job, collections.Tasks, p.Task)
	if err != nil {
		return err
	}
	task.Set("status", "in_progress")
	if err := app.Save(task); err != nil {
		return err
	}
	art, err := WriteWithProgress(ctx, app, task, func(pct int) {
		// a failed progress write (the job was canceled or taken over) only loses the figure
		_ = job.Progress(pct)
	})
	if art != nil {
		record(job, art.Usage)
	}
	if err != nil {
		task.Set("status", "failed")
		task.Set("error", collections.Truncate(err.Error(), collections.TaskErrorMax))
		_ = app.Save(task)
		return err
	}
	content, err := SaveArticle(app, task, art)
	if err != nil {
		return err
	}
	job.SetResult(map[string]any{"content": content.Id, "version": content.GetInt("version"), "words": art.Parsed.WordCount,
		"target": art.Target, "warnings": art.Warnings})
	return nil
}

func handleReparse(ctx context.Context, job *jobs.Job) error {
	var p reparsePayload
	if err := job.Payload(&p); err != nil {
		return jobs.Permanent(err)
	}
	if _, err := ownTarget(job.App(), job, collections.Contents, p.Content); err != nil {
		return err
	}
	u, err := ReparseContent(ctx, job.App(), p.Content, p.AI)
	record(job, u)
	return err
}

func handleImage(ctx context.Context, job *jobs.Job) error {
	var p imagePayload
	if err := job.Payload(&p); err != nil {
		return jobs.Permanent(err)
	}
	if _, err := ownTarget(job.App(), job, collections.Images, p.Image); err != nil {
		return err
	}
	u, err := GenerateImage(ctx, job.App(), p.Image)
	record(job, u)
	return err
}

// EnqueueContent queues the generation of task's article (3 credits) unless
// one is already queued or running, and marks the task queued. The mark and
// the job are one transaction: a worker sees the job only once it commits, so
// its in_progress (and its outcome) always come after the queued mark, never
// under it.
//
// The duplicate-click rule is the engine's active key: a second request while
// the job is queued or running gets that job (and the task is left alone).
func EnqueueContent(app core.App, task *core.Record, by string) (*core.Record, bool, error) {
	var j *core.Record
	created := false
	err := app.RunInTransaction(func(tx core.App) error {
		var err error
		j, created, err = jobs.EnqueueCreated(tx, jobs.EnqueueParams{Tenant: task.GetString("tenant"), Site: task.GetString("site"), Type: JobContent,
			TargetCollection: collections.Tasks, Target: task.Id, Payload: contentPayload{Task: task.Id},
			Credits: billing.Cost(billing.ActionArticle, 1), ActiveKey: jobs.ActiveKey(JobContent, task.Id), CreatedBy: by})
		if err != nil || !created {
			return err
		}
		fresh, err := tx.FindRecordById(collections.Tasks, task.Id)
		if err != nil {
			return err
		}
		fresh.Set("status", "queued")
		fresh.Set("error", "")
		return tx.Save(fresh)
	})
	if err != nil {
		return nil, false, err
	}
	if created {
		task.Set("status", "queued")
		task.Set("error", "")
	}
	return j, created, nil
}

func generateRoute(e *core.RequestEvent) error {
	task, err := tenancy.RequireRecordWrite(e, collections.Tasks, e.Request.PathValue("id"), collections.RoleEditor)
	if err != nil {
		return tenancy.APIError(err)
	}
	j, created, err := EnqueueContent(e.App, task, tenancy.AuthId(e))
	if err != nil {
		return tenancy.APIError(err)
	}
	return e.JSON(http.StatusAccepted, map[string]any{"job": j.Id, "created": created, "credits": j.GetInt("credits")})
}

type imagesForm struct {
	// Featured asks for a featured image too (default true).
	Featured *bool `json:"featured"`
	// Count is the number of in-article images (default: the site's defaults.images_per_article, else 2).
	Count *int `json:"count"`
}

// EnqueueImages prepares the image records of content and queues one job (1
// credit) per image, so a failed image refunds only its own credit. All of it
// is one transaction: a workspace that cannot pay for every image queues none
// (the error names what the whole request needs), and an image whose job is
// still queued or running keeps it (the engine's active key) and its state.
func EnqueueImages(app core.App, content *core.Record, featured bool, count int, by string) ([]*core.Record, error) {
	var out []*core.Record
	err := app.RunInTransaction(func(tx core.App) error {
		out = nil
		imgs, err := PrepareImages(tx, content, featured, count)
		if err != nil {
			return err
		}
		for _, img := range imgs {
			j, err := jobs.Enqueue(tx, jobs.EnqueueParams{Tenant: content.GetString("tenant"), Site: content.GetString("site"), Type: JobImages,
				TargetCollection: collections.Images, Target: img.Id, Payload: imagePayload{Image: img.Id, Content: content.Id},
				Credits: billing.Cost(billing.ActionImage, 1), ActiveKey: imageKey(img.Id), CreatedBy: by})
			if err != nil {
				return err
			}
			out = append(out, j)
		}
		return nil
	})
	if err != nil {
		return nil, billing.ForRequest(app, content.GetString("tenant"), billing.Cost(billing.ActionImage, count+btoi(featured)), err)
	}
	return out, nil
}

// imageKey is the active key of an image's job.
func imageKey(imageId string) string { return jobs.ActiveKey(JobImages, imageId) }

func imagesRoute(e *core.RequestEvent) error {
	content, err := tenancy.RequireRecordWrite(e, collections.Contents, e.Request.PathValue("id"), collections.RoleEditor)
	if err != nil {
		return tenancy.APIError(err)
	}
	var f imagesForm
	if e.Request.ContentLength != 0 {
		if err := e.BindBody(&f); err != nil {
			return apis.NewBadRequestError("The request body is not valid JSON.", err)
		}
	}
	featured := f.Featured == nil || *f.Featured
	count := ImagesPerArticle(e.App, content.GetString("site"))
	if f.Count != nil {
		if *f.Count < 0 || *f.Count > MaxImagesPerArticle {
			return apis.NewBadRequestError(fmt.Sprintf("count must be between 0 and %d.", MaxImagesPerArticle), nil)
		}
		count = *f.Count
	}
	if !featured && count == 0 {
		return apis.NewBadRequestError("Nothing to generate: featured is false and count is 0.", nil)
	}
	js, err := EnqueueImages(e.App, content, featured, count, tenancy.AuthId(e))
	if err != nil {
		return tenancy.APIError(err)
	}
	ids := make([]string, len(js))
	for i, j := range js {
		ids[i] = j.Id
	}
	return e.JSON(http.StatusAccepted, map[string]any{"jobs": ids, "credits": billing.Cost(billing.ActionImage, len(js))})
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

type reparseForm struct {
	AI bool `json:"ai"`
}

func reparseRoute(e *core.RequestEvent) error {
	content, err := tenancy.RequireRecordWrite(e, collections.Contents, e.Request.PathValue("id"), collections.RoleEditor)
	if err != nil {
		return tenancy.APIError(err)
	}
	var f reparseForm
	if e.Request.ContentLength != 0 {
		if err := e.BindBody(&f); err != nil {
			return apis.NewBadRequestError("The request body is not valid JSON.", err)
		}
	}
	j, created, err := jobs.EnqueueCreated(e.App, jobs.EnqueueParams{Tenant: content.GetString("tenant"), Site: content.GetString("site"), Type: JobReparse,
		TargetCollection: collections.Contents, Target: content.Id, Payload: reparsePayload{Content: content.Id, AI: f.AI},
		Credits: billing.Cost(billing.ActionReparse, 1), ActiveKey: jobs.ActiveKey(JobReparse, content.Id), CreatedBy: tenancy.AuthId(e)})
	if err != nil {
		return tenancy.APIError(err)
	}
	return e.JSON(http.StatusAccepted, map[string]any{"job": j.Id, "created": created, "credits": j.GetInt("credits")})
}

// Writable lists up to batch queued tasks of site that have no content yet,
// oldest first: what the writing schedule takes.
func Writable(app core.App, siteId string, batch int) ([]*core.Record, error) {
	return without(app, collections.Tasks, "[[status]] = 'queued'", collections.Contents, "task", siteId, batch)
}

// Unillustrated lists up to batch written, unpublished contents of site that
// have no image records yet, oldest first: what the images schedule takes.
func Unillustrated(app core.App, siteId string, batch int) ([]*core.Record, error) {
	return without(app, collections.Contents, "[[html]] != '' AND [[status]] != 'published'", collections.Images, "content", siteId, batch)
}

// without lists up to batch records of collection in site matching cond that
// no record of other points at through field, oldest first.
func without(app core.App, collection, cond, other, field, site string, batch int) ([]*core.Record, error) {
	var out []*core.Record
	err := app.RecordQuery(collection).
		AndWhere(dbx.HashExp{"site": site}).
		AndWhere(dbx.NewExp(cond)).
		AndWhere(dbx.NewExp("NOT EXISTS (SELECT 1 FROM {{" + other + "}} o WHERE o.[[" + field + "]] = {{" + collection + "}}.[[id]])")).
		OrderBy("created ASC").Limit(int64(max(batch, 1))).All(&out)
	return out, err
}
