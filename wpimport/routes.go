package wpimport

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/tenancy"
	"github.com/igny8/igny8/tools/safehttp"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// JobImportWP is the job type of the in-app import.
const JobImportWP = "import_wp"

// checkTimeout bounds the synchronous dry run of the check route.
const checkTimeout = 2 * time.Minute

// importForm is the body of the check and start routes.
type importForm struct {
	DSN        string   `json:"dsn"`
	Prefix     *string  `json:"prefix"`
	Only       []string `json:"only"`
	WithAPIKey bool     `json:"withApiKey"`
}

// jobPayload is what the job keeps: the DSN encrypted like every secret, so
// the job record (members read it) never holds the password.
type jobPayload struct {
	DSN        string   `json:"dsn_encrypted"`
	Prefix     string   `json:"prefix"`
	Only       []string `json:"only"`
	WithAPIKey bool     `json:"withApiKey"`
	User       string   `json:"user"`
	Actor      string   `json:"actor"`
}

func bindRoutes(app core.App) {
	jobs.Handle(app, JobImportWP, importJob, jobs.HandlerOptions{Concurrency: 1, MaxAttempts: 1, Timeout: 2 * time.Hour})
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		g := se.Router.Group("/api/igny8").Bind(apis.RequireAuth(collections.Users, core.CollectionNameSuperusers))
		g.POST("/sites/{site}/import-wp/check", checkRoute)
		g.POST("/sites/{site}/import-wp", startRoute)
		g.POST("/import-batches/{batch}/rollback", rollbackRoute)
		return se.Next()
	})
}

func bad(msg, field, code string) error {
	return apis.NewBadRequestError(msg, validation.Errors{field: validation.NewError(code, msg)})
}

// form reads and checks the body; the site is the path's (admin+, writable).
func form(e *core.RequestEvent) (*core.Record, importForm, string, error) {
	site, err := tenancy.RequireRecordWrite(e, collections.Sites, e.Request.PathValue("site"), collections.RoleAdmin)
	if err != nil {
		return nil, importForm{}, "", tenancy.APIError(err)
	}
	var f importForm
	if err := e.BindBody(&f); err != nil {
		return nil, f, "", apis.NewBadRequestError("The request body is not valid JSON.", nil)
	}
	if strings.TrimSpace(f.DSN) == "" {
		return nil, f, "", bad("The database address (dsn) is required: user:pass@tcp(host:port)/dbname.", "dsn", "validation_required")
	}
	if _, err := ParseDSN(f.DSN); err != nil {
		return nil, f, "", bad(ErrBadDSN.Error()+".", "dsn", "igny8_bad_dsn")
	}
	prefix := "wp_"
	if f.Prefix != nil {
		prefix = *f.Prefix
	}
	if !prefixRe.MatchString(prefix) {
		return nil, f, "", bad(ErrBadPrefix.Error()+".", "prefix", "igny8_bad_prefix")
	}
	for _, k := range f.Only {
		if !contains(AllKinds(), k) {
			return nil, f, "", bad(fmt.Sprintf("Unknown kind %q in only.", k), "only", "igny8_bad_kind")
		}
	}
	return site, f, prefix, nil
}

// openGuarded connects through the outbound guard: the DSN's host must pass
// the same policy as every other address a user gives igny8.
func openGuarded(ctx context.Context, app core.App, dsn, prefix string) (*Source, error) {
	cfg, err := safehttp.FromEnv()
	if err != nil {
		return nil, err
	}
	return Open(ctx, dsn, prefix, safehttp.NewDialer(cfg))
}

// sourceError maps a failed Open to an answer that names the problem without
// repeating the database server's own words (they stay in the log).
func sourceError(app core.App, err error) error {
	var blocked *safehttp.BlockedError
	switch {
	case errors.As(err, &blocked):
		return bad("The database address is refused: "+blocked.Error()+". An operator allows private hosts with "+safehttp.EnvAllowPrivateHosts+".", "dsn", "igny8_address_refused")
	case errors.Is(err, ErrNoLegacy):
		return bad("The database has no IGNY8 plugin data with that table prefix.", "prefix", "igny8_no_legacy_data")
	case errors.Is(err, ErrBadDSN), errors.Is(err, ErrBadPrefix):
		return bad(err.Error()+".", "dsn", "igny8_bad_dsn")
	}
	app.Logger().Warn("wpimport: legacy database", "error", err)
	return bad("igny8 could not read the database: check the address, the user's password and that it may SELECT.", "dsn", "igny8_database_unreachable")
}

// checkRoute is POST /api/igny8/sites/{site}/import-wp/check (admin+): the
// dry run — the whole import in a transaction rolled back — answered with
// its report.
func checkRoute(e *core.RequestEvent) error {
	site, f, prefix, err := form(e)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(e.Request.Context(), checkTimeout)
	defer cancel()
	src, err := openGuarded(ctx, e.App, f.DSN, prefix)
	if err != nil {
		return sourceError(e.App, err)
	}
	defer src.Close()
	rep, err := Run(ctx, e.App, src, site, Options{Only: f.Only, DryRun: true, WithAPIKey: f.WithAPIKey, Actor: actorOf(e), User: userOf(e)})
	if err != nil {
		if errors.Is(err, ErrNoLegacy) {
			return sourceError(e.App, err)
		}
		return fmt.Errorf("dry run: %w", err)
	}
	return e.JSON(http.StatusOK, rep)
}

// startRoute is POST /api/igny8/sites/{site}/import-wp (admin+): it checks
// that the database answers through the guard, then queues the import as a
// job (one per site at a time) whose progress and result the app watches.
func startRoute(e *core.RequestEvent) error {
	site, f, prefix, err := form(e)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(e.Request.Context(), 30*time.Second)
	defer cancel()
	src, err := openGuarded(ctx, e.App, f.DSN, prefix)
	if err != nil {
		return sourceError(e.App, err)
	}
	src.Close()
	enc, err := tenancy.EncryptSecret(e.App, f.DSN)
	if err != nil {
		return err
	}
	job, err := jobs.Enqueue(e.App, jobs.EnqueueParams{
		Tenant: site.GetString("tenant"), Site: site.Id, Type: JobImportWP, TargetCollection: collections.Sites, Target: site.Id,
		Payload:   jobPayload{DSN: enc, Prefix: prefix, Only: f.Only, WithAPIKey: f.WithAPIKey, User: userOf(e), Actor: actorOf(e)},
		ActiveKey: jobs.ActiveKey(JobImportWP, site.Id), CreatedBy: userOf(e),
	})
	if err != nil {
		return tenancy.APIError(err)
	}
	return e.JSON(http.StatusAccepted, map[string]any{"job": job.Id})
}

// rollbackRoute is POST /api/igny8/import-batches/{batch}/rollback (admin+).
func rollbackRoute(e *core.RequestEvent) error {
	batch, err := tenancy.RequireRecordWrite(e, collections.ImportBatches, e.Request.PathValue("batch"), collections.RoleAdmin)
	if err != nil {
		return tenancy.APIError(err)
	}
	rep, err := Rollback(e.Request.Context(), e.App, batch.Id)
	if errors.Is(err, ErrAlreadyRolledBack) {
		return tenancy.APIError(&tenancy.StateError{Msg: "The batch was rolled back already."})
	}
	if err != nil {
		return err
	}
	return e.JSON(http.StatusOK, rep)
}

func userOf(e *core.RequestEvent) string {
	if e.Auth != nil && e.Auth.Collection().Name == collections.Users {
		return e.Auth.Id
	}
	return ""
}

func actorOf(e *core.RequestEvent) string {
	if e.Auth == nil {
		return ""
	}
	return e.Auth.Email()
}

// importJob runs a queued import: progress between the kinds, the batch id
// and whether it validated as the job's result.
func importJob(ctx context.Context, job *jobs.Job) error {
	app := job.App()
	var p jobPayload
	if err := job.Payload(&p); err != nil {
		return err
	}
	dsn, err := tenancy.DecryptSecret(app, p.DSN)
	if err != nil {
		return fmt.Errorf("read the database address: %w", err)
	}
	site, err := app.FindRecordById(collections.Sites, job.Site())
	if err != nil {
		return err
	}
	src, err := openGuarded(ctx, app, dsn, p.Prefix)
	if err != nil {
		return fmt.Errorf("open the legacy database: %w", err)
	}
	defer src.Close()
	rep, err := Run(ctx, app, src, site, Options{Only: p.Only, WithAPIKey: p.WithAPIKey, User: p.User, Actor: p.Actor,
		Progress: func(pct int, step string) {
			_ = job.Progress(pct)
			_ = job.Step(step)
		}})
	if rep != nil {
		job.SetResult(map[string]any{"batch": rep.Batch, "validated": err == nil && rep.OK(), "skipped": rep.SkippedTotal, "warnings": rep.Warnings})
	}
	return err
}
