package jobs

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/robfig/cron/v3"
)

// ScheduleFunc does one due run of a per-site schedule: it enqueues up to
// batch items of work for site (through Enqueue, so credits are reserved) and
// returns how many it queued.
type ScheduleFunc func(ctx context.Context, app core.App, site *core.Record, batch int) (int, error)

// ScheduleCleanup is the engine's own (global) schedule type; the per-site
// types belong to the modules that register them (RegisterSiteSchedule).
const ScheduleCleanup = "cleanup"

// Job types of the engine itself.
const (
	TypeScheduleRun = "schedule.run"
	TypeCleanup     = "system.cleanup"
)

// SiteDefault is one schedule every new site gets, disabled until the user
// enables it: its type, cadence and batch size, as the module that runs it
// registered them.
type SiteDefault struct {
	Type  string
	Spec  string
	Batch int
}

// RegisterSiteSchedule is how a module declares a per-site schedule: every
// new site gets it (disabled) with the module's default spec and batch, and
// fn runs its due windows. The engine knows no module's schedule.
func RegisterSiteSchedule(app core.App, d SiteDefault, fn ScheduleFunc) {
	r := registryOf(app)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.schedules[d.Type] = fn
	for i, old := range r.siteDefaults {
		if old.Type == d.Type {
			r.siteDefaults[i] = d
			return
		}
	}
	r.siteDefaults = append(r.siteDefaults, d)
}

// SiteDefaults lists the registered per-site schedules in registration order.
func SiteDefaults(app core.App) []SiteDefault {
	r := registryOf(app)
	r.mu.RLock()
	defer r.mu.RUnlock()
	return slices.Clone(r.siteDefaults)
}

// RegisterSchedule sets the function that runs due schedules of type typ
// without changing its site default (RegisterSiteSchedule declares both). A
// later registration replaces an earlier one, which lets tests substitute
// their own.
func RegisterSchedule(app core.App, typ string, fn ScheduleFunc) {
	r := registryOf(app)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.schedules[typ] = fn
}

func (r *registry) schedule(typ string) (ScheduleFunc, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	fn, ok := r.schedules[typ]
	return fn, ok
}

// ParseSpec parses a robfig/cron spec: five fields ("0 */3 * * *") or a
// descriptor ("@every 6h", "@daily").
func ParseSpec(spec string) (cron.Schedule, error) {
	s, err := cron.ParseStandard(spec)
	if err != nil {
		return nil, fmt.Errorf("invalid schedule %q: %w", spec, err)
	}
	return s, nil
}

// TickResult summarises one scheduler tick.
type TickResult struct {
	Fired   int // schedules whose window job was enqueued by this tick
	Resets  int // workspaces whose plan credits were reset
	Skipped int // due schedules whose window another tick already took
	// Suspended counts past-due workspaces suspended by this tick (grace over)
	Suspended int
}

// Tick is what the cron entry runs every minute: it enqueues one job per due
// schedule window, resets plan credits whose period ended and suspends
// past-due workspaces whose grace ended (billing.SuspendOverdue). Each window's
// job carries the idempotency key schedule:<id>:<window>, so ticks that race
// (two processes, a manual run from the admin UI) enqueue it once.
func Tick(app core.App) (TickResult, error) {
	reg := registryOf(app)
	now := reg.now()
	var res TickResult
	var errs []error

	due, err := app.FindRecordsByFilter(collections.Schedules,
		"enabled = true && (next_run = '' || next_run <= {:now})", "next_run", 500, 0, dbx.Params{"now": dateString(now)})
	if err != nil {
		return res, fmt.Errorf("due schedules: %w", err)
	}
	for _, s := range due {
		fired, err := fireSchedule(app, s, now)
		if err != nil {
			errs = append(errs, err)
		}
		switch fired {
		case fireEnqueued:
			res.Fired++
		case fireDuplicate:
			res.Skipped++
		}
	}

	ids, err := billing.DueForReset(app, now)
	if err != nil {
		errs = append(errs, err)
	}
	for _, id := range ids {
		ok, err := billing.ResetPlanCredits(app, id, now)
		if err != nil {
			errs = append(errs, err)
		}
		if ok {
			res.Resets++
		}
	}
	suspended, err := billing.SuspendOverdue(app, now)
	if err != nil {
		errs = append(errs, err)
	}
	res.Suspended = suspended
	return res, errors.Join(errs...)
}

type fireOutcome int

const (
	fireNone fireOutcome = iota
	fireEnqueued
	fireDuplicate
)

func fireSchedule(app core.App, s *core.Record, now time.Time) (fireOutcome, error) {
	spec, err := ParseSpec(s.GetString("spec"))
	if err != nil {
		s.Set("enabled", false)
		s.Set("last_result", map[string]any{"error": err.Error() + "; schedule disabled", "at": dateString(now)})
		return fireNone, errors.Join(err, app.Save(s))
	}
	window := s.GetDateTime("next_run").Time()
	if window.IsZero() {
		// just enabled: the first window opens one period from now
		s.Set("next_run", spec.Next(now))
		return fireNone, app.Save(s)
	}
	key := fmt.Sprintf("schedule:%s:%s", s.Id, window.UTC().Format(time.RFC3339))
	params := EnqueueParams{Tenant: s.GetString("tenant"), Site: s.GetString("site"), Type: TypeScheduleRun,
		Payload: map[string]any{"schedule": s.Id, "window": window.UTC().Format(time.RFC3339)}, IdempotencyKey: key}
	if s.GetString("type") == ScheduleCleanup {
		params.Type, params.Tenant, params.Site = TypeCleanup, "", ""
	}
	outcome := fireEnqueued
	job, created, err := enqueue(app, params)
	result := map[string]any{"at": dateString(now), "window": window.UTC().Format(time.RFC3339)}
	switch {
	case err != nil:
		result["error"] = err.Error()
		outcome = fireNone
	case !created:
		outcome = fireDuplicate
		result["job"] = job.Id
	default:
		result["job"] = job.Id
	}
	// the next window is the first one after now: missed windows are not replayed
	s.Set("next_run", spec.Next(now))
	s.Set("last_run", now)
	if outcome != fireDuplicate {
		s.Set("last_result", result)
	}
	if serr := app.Save(s); serr != nil {
		return outcome, serr
	}
	if err != nil {
		return outcome, fmt.Errorf("schedule %s: %w", s.Id, err)
	}
	return outcome, nil
}

type scheduleKey struct{}

// ScheduleOf is the schedule record whose window a ScheduleFunc is running
// (nil outside a schedule run), so a module can name the schedule in what it
// records (jobs' created_by, the audit log).
func ScheduleOf(ctx context.Context) *core.Record {
	s, _ := ctx.Value(scheduleKey{}).(*core.Record)
	return s
}

// scheduleRun is the handler of schedule.run jobs: it calls the function
// registered for the schedule's type with the site and batch size.
func scheduleRun(ctx context.Context, job *Job) error {
	var p struct {
		Schedule string `json:"schedule"`
		Window   string `json:"window"`
	}
	if err := job.Payload(&p); err != nil {
		return err
	}
	app := job.App()
	s, err := app.FindRecordById(collections.Schedules, p.Schedule)
	if err != nil {
		return Permanent(fmt.Errorf("schedule %s: %w", p.Schedule, err))
	}
	fn, ok := registryOf(app).schedule(s.GetString("type"))
	if !ok {
		return Permanent(fmt.Errorf("no handler is registered for schedules of type %q", s.GetString("type")))
	}
	site, err := app.FindRecordById(collections.Sites, s.GetString("site"))
	if err != nil || site.GetString("tenant") != s.GetString("tenant") || site.GetString("tenant") != job.Tenant() {
		return Permanent(fmt.Errorf("site %s of schedule %s not found in its workspace", s.GetString("site"), s.Id))
	}
	n, runErr := fn(context.WithValue(ctx, scheduleKey{}, s), app, site, s.GetInt("batch_size"))
	result := map[string]any{"window": p.Window, "enqueued": n, "job": job.Id(), "at": dateString(registryOf(app).now())}
	if runErr != nil {
		result["error"] = runErr.Error()
	}
	s.Set("last_result", result)
	if err := app.Save(s); err != nil {
		return errors.Join(runErr, err)
	}
	job.SetResult(result)
	return runErr
}

// bindScheduleHooks gives every new site its default schedules (disabled) in
// the transaction that creates the site, and keeps next_run in step with the
// spec: an invalid spec is refused with a field error, and enabling a
// schedule or changing its spec moves next_run one period from now.
func bindScheduleHooks(app core.App) {
	app.OnRecordCreate(collections.Sites).Bind(&hook.Handler[*core.RecordEvent]{
		Id: HookSiteSchedules,
		Func: func(e *core.RecordEvent) error {
			return collections.RunInHookTransaction(e, func(tx core.App) error {
				if err := e.Next(); err != nil {
					return err
				}
				return CreateSiteSchedules(tx, e.Record)
			})
		},
	})
	specCheck := func(e *core.RecordEvent) error {
		spec, err := ParseSpec(e.Record.GetString("spec"))
		if err != nil {
			return validationError("spec", err.Error()+` (use five cron fields like "0 */3 * * *" or "@every 6h")`)
		}
		orig := e.Record.Original()
		changed := e.Record.IsNew() || orig.GetString("spec") != e.Record.GetString("spec") ||
			orig.GetBool("enabled") != e.Record.GetBool("enabled")
		if changed && e.Record.GetBool("enabled") {
			e.Record.Set("next_run", spec.Next(registryOf(e.App).now()))
		}
		return e.Next()
	}
	app.OnRecordCreate(collections.Schedules).Bind(&hook.Handler[*core.RecordEvent]{Id: HookScheduleSpec, Func: specCheck})
	app.OnRecordUpdate(collections.Schedules).Bind(&hook.Handler[*core.RecordEvent]{Id: HookScheduleSpec, Func: specCheck})
}

// BackfillSiteSchedules gives every existing site the registered schedules it
// has none of, disabled with their defaults, and returns how many it created.
// A new site gets them in the transaction that creates it; a site made before
// a release added a schedule type (indexing, linking, optimizer) would
// otherwise never have one. The server runs it at start.
func BackfillSiteSchedules(app core.App) (int, error) {
	col, err := app.FindCachedCollectionByNameOrId(collections.Schedules)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, d := range SiteDefaults(app) {
		var sites []*core.Record
		err := app.RecordQuery(collections.Sites).AndWhere(dbx.NewExp("NOT EXISTS (SELECT 1 FROM {{"+collections.Schedules+
			"}} x WHERE x.site = [["+collections.Sites+".id]] AND x.type = {:type})", dbx.Params{"type": d.Type})).All(&sites)
		if err != nil {
			return n, fmt.Errorf("sites without a %s schedule: %w", d.Type, err)
		}
		for _, site := range sites {
			r := core.NewRecord(col)
			r.Load(map[string]any{"tenant": site.GetString("tenant"), "site": site.Id, "type": d.Type,
				"spec": d.Spec, "enabled": false, "batch_size": d.Batch})
			if err := app.Save(r); err != nil {
				return n, fmt.Errorf("backfill %s schedule of site %s: %w", d.Type, site.Id, err)
			}
			n++
		}
	}
	return n, nil
}

// CreateSiteSchedules creates site's default schedules, disabled.
func CreateSiteSchedules(app core.App, site *core.Record) error {
	col, err := app.FindCachedCollectionByNameOrId(collections.Schedules)
	if err != nil {
		return err
	}
	for _, d := range SiteDefaults(app) {
		r := core.NewRecord(col)
		r.Load(map[string]any{"tenant": site.GetString("tenant"), "site": site.Id, "type": d.Type,
			"spec": d.Spec, "enabled": false, "batch_size": d.Batch})
		if err := app.Save(r); err != nil {
			return fmt.Errorf("default %s schedule: %w", d.Type, err)
		}
	}
	return nil
}
