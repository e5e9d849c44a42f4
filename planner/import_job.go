package planner

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/tools/keywordfile"
	"github.com/pocketbase/pocketbase/core"
)

// importAttempts is how often an import job is tried; its stored upload is
// removed when the job ends (removeImportUpload).
const importAttempts = 3

func bindImportJob(app core.App) {
	jobs.Handle(app, JobImport, importHandler, jobs.HandlerOptions{Concurrency: 1, MaxAttempts: importAttempts, Timeout: 30 * time.Minute})
	app.OnRecordAfterUpdateSuccess(collections.Jobs).Bind(collections.Handler(HookImportUploadFinished, func(e *core.RecordEvent) error {
		if _, _, finished := collections.JobJustFinished(e.Record); finished {
			removeImportUpload(e.App, e.Record)
		}
		return e.Next()
	}))
	app.OnRecordAfterDeleteSuccess(collections.Jobs).Bind(collections.Handler(HookImportUploadDeleted, func(e *core.RecordEvent) error {
		removeImportUpload(e.App, e.Record)
		return e.Next()
	}))
}

// removeImportUpload deletes the stored upload of a planner.import job that
// will not run again: it succeeded, failed for good, was canceled (queued or
// running) or was deleted (with its workspace). The job's record is the one
// place that knows the file, so this is where it goes, whoever ended the job.
func removeImportUpload(app core.App, job *core.Record) {
	if job.GetString("type") != JobImport {
		return
	}
	var p ImportPayload
	if err := job.UnmarshalJSONField("payload", &p); err != nil || p.File == "" || filepath.Base(p.File) != p.File {
		return
	}
	if err := os.Remove(filepath.Join(importsDir(app), p.File)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		app.Logger().Warn("planner: removing a finished import's upload", "job", job.Id, "error", err)
	}
}

// importHandler runs a planner.import job: the stored upload is read through
// once (a fatal file error fails the job and changes nothing), then written
// in batches of importBatch rows with the job's progress after each. A
// rerun after a crash writes the same rows again (upserts), so it ends in
// the same state. The result is the import's ImportResult.
func importHandler(ctx context.Context, job *jobs.Job) error {
	app := job.App()
	var p ImportPayload
	if err := job.Payload(&p); err != nil {
		return err
	}
	if p.File == "" || filepath.Base(p.File) != p.File {
		return jobs.Permanent(fmt.Errorf("the job names no stored upload"))
	}
	path := filepath.Join(importsDir(app), p.File) // removed when the job ends (removeImportUpload)
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
	u, err := keywordfile.OpenUpload(f, st.Size(), p.Sheet, keywordfile.ParseOptions{Mapping: p.Mapping})
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
