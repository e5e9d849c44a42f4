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
	"github.com/igny8/igny8/tools/wpclient"
	"github.com/igny8/igny8/wordpress"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// JobImportWP is the job type of the in-app import.
const JobImportWP = "import_wp"

// checkTimeout bounds the synchronous dry run of the check route.
const checkTimeout = 2 * time.Minute

// importForm is the body of the check and start routes.
type importForm struct {
	// Bridge reads through the linked Bridge plugin's export instead of a
	// database address (DSN and Prefix are then not given).
	Bridge     bool     `json:"bridge"`
	DSN        string   `json:"dsn"`
	Prefix     *string  `json:"prefix"`
	Only       []string `json:"only"`
	WithAPIKey bool     `json:"withApiKey"`
}

// jobPayload is what the job keeps: the DSN encrypted like every secret, so
// the job record (members read it) never holds the password.
type jobPayload struct {
	Bridge     bool     `json:"bridge,omitempty"`
	DSN        string   `json:"dsn_encrypted"`
	Prefix     string   `json:"prefix"`
	Only       []string `json:"only"`
	WithAPIKey bool     `json:"withApiKey"`
	User       string   `json:"user"`
	Actor      string   `json:"actor"`
}

// HookRoutes is the id of the serve hook that mounts the import routes.
const HookRoutes = "igny8.wpimport.routes"

func bindRoutes(app core.App) {
	jobs.Handle(app, JobImportWP, importJob, jobs.HandlerOptions{Concurrency: 1, MaxAttempts: 1, Timeout: 2 * time.Hour})
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{Id: HookRoutes, Func: func(se *core.ServeEvent) error {
		g := se.Router.Group("/api/igny8").Bind(apis.RequireAuth(collections.Users, core.CollectionNameSuperusers))
		g.POST("/sites/{site}/import-wp/check", checkRoute)
		g.POST("/sites/{site}/import-wp", startRoute)
		g.POST("/import-batches/{batch}/rollback", rollbackRoute)
		return se.Next()
	}})
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
	for _, k := range f.Only {
		if !contains(AllKinds(), k) {
			return nil, f, "", bad(fmt.Sprintf("Unknown kind %q in only.", k), "only", "igny8_bad_kind")
		}
	}
	if f.Bridge {
		if strings.TrimSpace(f.DSN) != "" || f.Prefix != nil {
			return nil, f, "", bad("Give either bridge or a database address (dsn, prefix), not both.", "bridge", "igny8_bridge_or_dsn")
		}
		return site, f, "", nil
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
	return site, f, prefix, nil
}

// openGuarded connects through the outbound guard: the DSN's host must pass
// the same policy as every other address a user gives igny8.
func openGuarded(ctx context.Context, app core.App, dsn, prefix string) (*DBSource, error) {
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

// openForm opens the source the form names: the Bridge export of the path's
// site, or the database through the guard. Its errors are the routes' answers.
func openForm(ctx context.Context, app core.App, site *core.Record, f importForm, prefix string) (Source, error) {
	if f.Bridge {
		src, err := OpenBridge(ctx, app, site)
		if err != nil {
			return nil, bridgeError(app, site, err)
		}
		return src, nil
	}
	src, err := openGuarded(ctx, app, f.DSN, prefix)
	if err != nil {
		return nil, sourceError(app, err)
	}
	return src, nil
}

// bridgeError maps a failed OpenBridge: a site not linked through the plugin
// (or not checked, or disconnected) is a state conflict, 409; a plugin that
// is too old or does not answer is the site's failure, 502 with the reason
// in words (WordPress's own text stays in the log).
func bridgeError(app core.App, site *core.Record, err error) error {
	if errors.Is(err, ErrNotBridge) {
		return tenancy.APIError(&tenancy.StateError{Msg: "The site is not linked through the igny8 Bridge plugin: link it (Sites → Connect with the plugin), or import through the database address (dsn)."})
	}
	var state *tenancy.StateError
	if errors.As(err, &state) {
		return tenancy.APIError(err)
	}
	app.Logger().Warn("wpimport: bridge export", "site", site.Id, "error", err.Error())
	return apis.NewApiError(http.StatusBadGateway, "The site's Bridge plugin did not answer the move-in export: "+BridgeReason(err)+".",
		validation.Errors{"bridge": validation.NewError("igny8_bridge_unreachable", BridgeReason(err))})
}

// BridgeReason says in words why the Bridge export could not be read.
func BridgeReason(err error) string {
	var ae *wpclient.APIError
	switch {
	case errors.Is(err, wordpress.ErrExportUnsupported):
		return "the plugin is older than 1.3.0 and has no export route: update it on the site (Plugins), then try again"
	case errors.As(err, &ae) && ae.Status == http.StatusUnauthorized:
		return "the plugin refused igny8's signature: link the site again (Sites → Connect with the plugin)"
	case errors.As(err, &ae):
		return fmt.Sprintf("WordPress answered %d %s; run the connection check (Sites → Check)", ae.Status, http.StatusText(ae.Status))
	case errors.Is(err, context.DeadlineExceeded):
		return "the site took too long to answer"
	}
	return "the site could not be reached; run the connection check (Sites → Check)"
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
	src, err := openForm(ctx, e.App, site, f, prefix)
	if err != nil {
		return err
	}
	defer src.Close()
	rep, err := Run(ctx, e.App, src, site, Options{Only: f.Only, DryRun: true, WithAPIKey: f.WithAPIKey, Actor: actorOf(e), User: tenancy.AuthId(e)})
	if err != nil {
		if errors.Is(err, ErrNoLegacy) {
			return sourceError(e.App, err)
		}
		if errors.Is(err, ErrBridgeUnreachable) {
			return bridgeError(e.App, site, err)
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
	src, err := openForm(ctx, e.App, site, f, prefix)
	if err != nil {
		return err
	}
	src.Close()
	var enc string
	if !f.Bridge {
		if enc, err = tenancy.EncryptSecret(e.App, f.DSN); err != nil {
			return err
		}
	}
	job, err := jobs.Enqueue(e.App, jobs.EnqueueParams{
		Tenant: site.GetString("tenant"), Site: site.Id, Type: JobImportWP, TargetCollection: collections.Sites, Target: site.Id,
		Payload:   jobPayload{Bridge: f.Bridge, DSN: enc, Prefix: prefix, Only: f.Only, WithAPIKey: f.WithAPIKey, User: tenancy.AuthId(e), Actor: actorOf(e)},
		ActiveKey: jobs.ActiveKey(JobImportWP, site.Id), CreatedBy: tenancy.AuthId(e),
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
	site, err := app.FindRecordById(collections.Sites, job.Site())
	if err != nil {
		return err
	}
	var src Source
	if p.Bridge {
		if src, err = OpenBridge(ctx, app, site); err != nil {
			return fmt.Errorf("open the Bridge export: %w", err)
		}
	} else {
		dsn, err := tenancy.DecryptSecret(app, p.DSN)
		if err != nil {
			return fmt.Errorf("read the database address: %w", err)
		}
		if src, err = openGuarded(ctx, app, dsn, p.Prefix); err != nil {
			return fmt.Errorf("open the legacy database: %w", err)
		}
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
