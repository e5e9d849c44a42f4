package planner

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/pocketbase/pocketbase/core"
)

// importAttempts is how often an import job is tried; its stored upload is
// removed after the last attempt, or as soon as the job succeeds or fails
// for good.
const importAttempts = 3

func bindImportJob(app core.App) {
	jobs.Handle(app, JobImport, importHandler, jobs.HandlerOptions{Concurrency: 1, MaxAttempts: importAttempts, Timeout: 30 * time.Minute})
}

// importHandler runs a planner.import job: the stored upload is read through
// once (a fatal file error fails the job and changes nothing), then written
// in batches of importBatch rows with the job's progress after each. A
// rerun after a crash writes the same rows again (upserts), so it ends in
// the same state. The result is the import's ImportResult.
func importHandler(ctx context.Context, job *jobs.Job) (err error) {
	app := job.App()
	var p ImportPayload
	if err := job.Payload(&p); err != nil {
		return err
	}
	if p.File == "" || filepath.Base(p.File) != p.File {
		return jobs.Permanent(fmt.Errorf("the job names no stored upload"))
	}
	path := filepath.Join(importsDir(app), p.File)
	defer func() {
		if err == nil || job.Attempt() >= importAttempts || jobs.IsPermanent(err) {
			os.Remove(path)
		}
	}()
	site, err := app.FindRecordById(collections.Sites, job.Site())
	if err != nil || site.GetString("tenant") != job.Tenant() {
		return jobs.Permanent(fmt.Errorf("site %q not found in the job's workspace", job.Site()))
	}
	f, err := os.Open(path)
	if err != nil {
		return jobs.Permanent(fmt.Errorf("the stored upload is gone: %w", err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("stat the stored upload: %w", err)
	}
	u, err := OpenUpload(f, st.Size(), p.Sheet, ParseOptions{Mapping: p.Mapping})
	if err != nil {
		return importJobError(err)
	}
	defer u.Close()
	res, err := ImportUpload(app, site, u, ImportOptions{Period: p.Period, Batch: importBatch, Progress: func(pct int) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		return job.Progress(pct)
	}})
	if err != nil {
		return importJobError(err)
	}
	job.SetResult(res)
	var auth *core.Record
	if id := job.Record.GetString("created_by"); id != "" {
		if u, err := app.FindRecordById(collections.Users, id); err == nil {
			auth = u
		}
	}
	auditImport(app, auth, site, p.Name, res)
	return nil
}

// importJobError makes a file's fatal error permanent: it fails the same way
// every time.
func importJobError(err error) error {
	if fileErrorCode(err) != "" {
		return jobs.Permanent(err)
	}
	return err
}
