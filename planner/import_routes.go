package planner

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/hooks"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/tenancy"
	"github.com/igny8/igny8/tools/keywordfile"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// AsyncImportBytes is the upload size above which an import runs as a job
// (planner.import) with progress; smaller files are imported in the
// request. A client may choose with async=true (the job whatever the size)
// or async=false (in the request whatever the size).
const AsyncImportBytes = 4 << 20

// importBatch is how many rows an import job writes per transaction.
const importBatch = 5000

// importForm is what both import routes read from the multipart form.
type importForm struct {
	site    *core.Record
	mapping keywordfile.Mapping
	sheet   string
	period  keywordfile.Period
	async   string // "true", "false" or "" (by size)
	name    string
	size    int64
	file    multipart.File
}

// readImportForm parses the form (files above 1 MiB are spooled to disk by
// the multipart reader, so memory stays flat whatever the size) and checks
// the caller may import into the site. The caller closes form.file and
// removes the form.
func readImportForm(e *core.RequestEvent) (*importForm, error) {
	if err := e.Request.ParseMultipartForm(1 << 20); err != nil {
		return nil, apis.NewBadRequestError("Send the file as multipart/form-data with fields site and file.", err)
	}
	site, err := siteFor(e, e.Request.FormValue("site"), collections.RoleEditor)
	if err != nil {
		return nil, err
	}
	form := &importForm{site: site, sheet: strings.TrimSpace(e.Request.FormValue("sheet")), async: e.Request.FormValue("async")}
	if m := e.Request.FormValue("mapping"); strings.TrimSpace(m) != "" {
		if err := json.Unmarshal([]byte(m), &form.mapping); err != nil {
			return nil, apis.NewBadRequestError("The mapping must be a JSON object of field → header.",
				validation.Errors{"mapping": validation.NewError("igny8_invalid_mapping", err.Error())})
		}
		for f := range form.mapping {
			if !contains(keywordfile.Fields, f) {
				return nil, apis.NewBadRequestError(fmt.Sprintf("Unknown mapping field %q; use %s.", truncate(f, 40), strings.Join(keywordfile.Fields, ", ")),
					validation.Errors{"mapping": validation.NewError("igny8_invalid_mapping", "Unknown field "+truncate(f, 40)+".")})
			}
		}
	}
	if form.period, err = keywordfile.ParsePeriod(e.Request.FormValue("period_start"), e.Request.FormValue("period_end")); err != nil {
		return nil, apis.NewBadRequestError(err.Error(), validation.Errors{"period_start": validation.NewError("igny8_invalid_period", err.Error())})
	}
	fhs := e.Request.MultipartForm.File["file"]
	if len(fhs) == 0 {
		return nil, apis.NewBadRequestError("Missing file.", validation.Errors{"file": validation.NewError("validation_required", "Cannot be blank.")})
	}
	if form.file, err = fhs[0].Open(); err != nil {
		return nil, apis.NewBadRequestError("Cannot read the uploaded file.", err)
	}
	form.name, form.size = fhs[0].Filename, fhs[0].Size
	return form, nil
}

// fileError answers a fatal file error: 400 with the error's code, or 500.
func fileError(err error) error {
	code := fileErrorCode(err)
	if code == "" {
		return apis.NewInternalServerError("The import failed; nothing was changed.", err)
	}
	return apis.NewApiError(http.StatusBadRequest, "The file cannot be imported; nothing was changed: "+err.Error(),
		validation.Errors{"file": validation.NewError("igny8_"+code, err.Error())})
}

// importPreviewRoute answers what the import would make of a file — the
// detected source, format and encoding, which column becomes which field,
// the first 20 rows as read and every rejection — without writing. The
// import wizard shows it, lets the user change the mapping (sent again
// here, then to /import) and the period.
func importPreviewRoute(e *core.RequestEvent) error {
	form, err := readImportForm(e)
	if e.Request.MultipartForm != nil {
		defer e.Request.MultipartForm.RemoveAll()
	}
	if err != nil {
		return err
	}
	defer form.file.Close()
	u, err := keywordfile.OpenUpload(form.file, form.size, form.sheet, keywordfile.ParseOptions{Mapping: form.mapping})
	if err != nil {
		return fileError(err)
	}
	defer u.Close()
	pv, err := PreviewUpload(u, form.site.GetString("url"), ImportOptions{Period: form.period})
	if err != nil {
		return fileError(err)
	}
	return e.JSON(http.StatusOK, pv)
}

func importRoute(e *core.RequestEvent) error {
	form, err := readImportForm(e)
	if e.Request.MultipartForm != nil {
		defer e.Request.MultipartForm.RemoveAll()
	}
	if err != nil {
		return err
	}
	defer form.file.Close()
	site := form.site
	fail := func(err error) error {
		hooks.Audit(e.App, e.Auth, site.GetString("tenant"), "planner.import_failed", site,
			map[string]any{"file": form.name, "error": err.Error()})
		return fileError(err)
	}
	u, err := keywordfile.OpenUpload(form.file, form.size, form.sheet, keywordfile.ParseOptions{Mapping: form.mapping})
	if err != nil {
		return fail(err)
	}
	defer u.Close()
	if form.async == "true" || form.async != "false" && form.size > AsyncImportBytes {
		return enqueueImport(e, form, u)
	}
	res, err := ImportUpload(e.App, site, u, ImportOptions{Period: form.period})
	if err != nil {
		return fail(err)
	}
	auditImport(e.App, e.Auth, site, form.name, res)
	return e.JSON(http.StatusOK, res)
}

func auditImport(app core.App, auth *core.Record, site *core.Record, name string, res *ImportResult) {
	changes := map[string]any{
		"file": name, "vendor": res.Vendor, "rows": res.Rows, "imported": res.Imported,
		"updated": res.Updated, "duplicates": res.Duplicates, "rejected": res.Rejected, "metrics": res.Metrics}
	if res.Pages != nil {
		changes["pages"] = res.Pages.Written
	}
	hooks.Audit(app, auth, site.GetString("tenant"), "planner.import", site, changes)
}

// ImportPayload is a planner.import job's payload: the stored upload (a file
// name in the data dir's imports folder) and the form's choices.
type ImportPayload struct {
	File    string              `json:"file"`
	Name    string              `json:"name"`
	Mapping keywordfile.Mapping `json:"mapping,omitempty"`
	Sheet   string              `json:"sheet,omitempty"`
	Period  keywordfile.Period  `json:"period,omitempty"`
}

// importsDir holds uploads waiting for their import job.
func importsDir(app core.App) string { return filepath.Join(app.DataDir(), "imports") }

// QueuedImport is the 202 answer of an import that runs as a job: the job to
// watch (its progress, then its result, an ImportResult) and what was
// detected.
type QueuedImport struct {
	Job     string              `json:"job"`
	Source  string              `json:"source"`
	Format  string              `json:"format"`
	Sheet   string              `json:"sheet,omitempty"`
	Columns map[string]string   `json:"columns,omitempty"`
	Period  *keywordfile.Period `json:"period,omitempty"`
	Archive *ArchiveResult      `json:"archive,omitempty"`
	Pages   *PagesResult        `json:"pages,omitempty"`
}

// enqueueImport stores the upload in the data dir and queues a planner.import
// job for it: 202 {job, ...what was detected}. The same file sent again to
// the same site while its job is queued or running gets that job.
func enqueueImport(e *core.RequestEvent, form *importForm, u *keywordfile.Upload) error {
	dir := importsDir(e.App)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return apis.NewInternalServerError("Storing the upload failed; nothing was changed.", err)
	}
	tmp, err := os.CreateTemp(dir, "upload-*.bin")
	if err != nil {
		return apis.NewInternalServerError("Storing the upload failed; nothing was changed.", err)
	}
	keep := false
	defer func() {
		if !keep {
			os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	if _, err := form.file.Seek(0, io.SeekStart); err == nil {
		_, err = io.Copy(io.MultiWriter(tmp, h), form.file)
	}
	if cerr := tmp.Close(); err != nil || cerr != nil {
		return apis.NewInternalServerError("Storing the upload failed; nothing was changed.", fmt.Errorf("copy upload: %v %v", err, cerr))
	}
	sum := hex.EncodeToString(h.Sum(nil))[:32]
	payload := ImportPayload{File: filepath.Base(tmp.Name()), Name: truncate(form.name, 200), Mapping: form.mapping, Sheet: form.sheet, Period: form.period}
	site := form.site
	rec, created, err := jobs.EnqueueCreated(e.App, jobs.EnqueueParams{Tenant: site.GetString("tenant"), Site: site.Id, Type: JobImport,
		TargetCollection: collections.Sites, Target: site.Id, Payload: payload, CreatedBy: tenancy.AuthId(e),
		ActiveKey: jobs.ActiveKey(JobImport, site.Id, sum)})
	if err != nil {
		return tenancy.APIError(err)
	}
	keep = created
	res := &ImportResult{}
	describe(u, importPeriod(u, ImportOptions{Period: form.period}), res)
	return e.JSON(http.StatusAccepted, QueuedImport{Job: rec.Id, Source: res.Source, Format: res.Format, Sheet: res.Sheet,
		Columns: res.Columns, Period: res.Period, Archive: res.Archive, Pages: res.Pages})
}
