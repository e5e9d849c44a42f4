package autopilot

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/hooks"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/tenancy"
	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// HookRoutes is the id of the serve hook that mounts the autopilot routes.
const HookRoutes = "igny8.autopilot.routes"

func bindRoutes(app core.App) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{Id: HookRoutes, Func: func(se *core.ServeEvent) error {
		g := se.Router.Group("/api/igny8/autopilot").Bind(apis.RequireAuth(collections.Users))
		g.GET("/{site}", stateRoute)
		g.PATCH("/{site}", updateRoute)
		g.GET("/{site}/preview", previewRoute)
		g.GET("/{site}/calendar", calendarRoute)
		return se.Next()
	}})
}

// siteOf loads the path's site for a member with at least role min.
func siteOf(e *core.RequestEvent, min string) (*core.Record, error) {
	site, err := tenancy.RequireRecord(e.App, e.Auth, collections.Sites, e.Request.PathValue("site"), min)
	return site, tenancy.APIError(err)
}

// stateRoute is the chain-state route: the site's policy, each step's
// schedule and last outcome, the pipeline's counts, what waits for review
// (with the failed gates) and the chain's overall state.
func stateRoute(e *core.RequestEvent) error {
	site, err := siteOf(e, collections.RoleViewer)
	if err != nil {
		return err
	}
	st, err := State(e.App, site, jobs.Now(e.App))
	if err != nil {
		return apis.NewInternalServerError("Could not read the autopilot's state.", err)
	}
	return e.JSON(http.StatusOK, st)
}

// updateForm is the PATCH body; absent fields keep their value.
type updateForm struct {
	Paused         *bool          `json:"paused"`
	MonthlyBudget  *int           `json:"monthly_budget"`
	TasksPerWindow *int           `json:"tasks_per_window"`
	AutoApprove    *bool          `json:"auto_approve"`
	Gates          *Gates         `json:"gates"`
	Cadence        *Cadence       `json:"cadence"`
	Batch          map[string]int `json:"batch"` // schedule type -> batch size
}

// maxBatch is the largest stage batch size the route takes.
const maxBatch = 1000

// updateRoute changes the site's policy (admins; the monthly budget is the
// owner's), audited with what changed.
func updateRoute(e *core.RequestEvent) error {
	site, err := siteOf(e, collections.RoleAdmin)
	if err != nil {
		return err
	}
	if err := tenancy.CheckWrite(e, site.GetString("tenant")); err != nil {
		return tenancy.APIError(err)
	}
	var f updateForm
	if err := e.BindBody(&f); err != nil {
		return apis.NewBadRequestError("The request body is not valid JSON.", err)
	}
	if f.MonthlyBudget != nil {
		if _, err := tenancy.RequireAPI(e, site.GetString("tenant"), collections.RoleOwner); err != nil {
			return apis.NewForbiddenError("Only the workspace owner sets the autopilot's budget.", nil)
		}
	}
	errs := validation.Errors{}
	if f.MonthlyBudget != nil && (*f.MonthlyBudget < 0 || *f.MonthlyBudget > 10_000_000) {
		errs["monthly_budget"] = validation.NewError("validation_out_of_range", "Between 0 (no budget) and 10000000 credits.")
	}
	if f.TasksPerWindow != nil && (*f.TasksPerWindow < 0 || *f.TasksPerWindow > collections.AutopilotTasksPerWindowMax) {
		errs["tasks_per_window"] = validation.NewError("validation_out_of_range", "Between 0 (the default) and "+strconv.Itoa(collections.AutopilotTasksPerWindowMax)+".")
	}
	if f.Gates != nil {
		if err := f.Gates.Validate(); err != nil {
			errs["gates"] = validation.NewError("igny8_gates", err.Error())
		}
	}
	if f.Cadence != nil {
		if err := f.Cadence.Validate(); err != nil {
			errs["cadence"] = validation.NewError("igny8_cadence", err.Error())
		}
	}
	schedules := map[string]*core.Record{}
	for typ, n := range f.Batch {
		s, err := e.App.FindFirstRecordByFilter(collections.Schedules, "site = {:s} && type = {:t}", dbx.Params{"s": site.Id, "t": typ})
		if err != nil {
			errs["batch"] = validation.NewError("igny8_schedule", "The site has no "+typ+" schedule.")
			continue
		}
		if n < 1 || n > maxBatch {
			errs["batch"] = validation.NewError("validation_out_of_range", "Batch sizes are between 1 and "+strconv.Itoa(maxBatch)+".")
		}
		schedules[typ] = s
	}
	if len(errs) > 0 {
		return apis.NewBadRequestError("The autopilot settings are not valid.", errs)
	}
	changes := map[string]any{}
	err = e.App.RunInTransaction(func(tx core.App) error {
		rec, err := recordOf(tx, site)
		if err != nil {
			return err
		}
		set := func(field string, v any) {
			rec.Set(field, v)
			changes[field] = v
		}
		if f.Paused != nil {
			set("paused", *f.Paused)
		}
		if f.MonthlyBudget != nil {
			set("monthly_budget", *f.MonthlyBudget)
		}
		if f.TasksPerWindow != nil {
			set("tasks_per_window", *f.TasksPerWindow)
		}
		if f.AutoApprove != nil {
			set("auto_approve", *f.AutoApprove)
		}
		if f.Gates != nil {
			set("gates", f.Gates)
		}
		if f.Cadence != nil {
			set("cadence", f.Cadence)
		}
		if err := tx.Save(rec); err != nil {
			return err
		}
		for typ, s := range schedules {
			s.Set("batch_size", f.Batch[typ])
			if err := tx.Save(s); err != nil {
				return err
			}
		}
		if len(f.Batch) > 0 {
			changes["batch"] = f.Batch
		}
		hooks.Audit(tx, e.Auth, site.GetString("tenant"), "autopilot.settings", rec, changes)
		return nil
	})
	if err != nil {
		return apis.NewBadRequestError("Could not save the autopilot settings.", err)
	}
	st, err := State(e.App, site, jobs.Now(e.App))
	if err != nil {
		return apis.NewInternalServerError("Could not read the autopilot's state.", err)
	}
	return e.JSON(http.StatusOK, st)
}

// PreviewItem is one thing the next window of a step would do.
type PreviewItem struct {
	Kind    string         `json:"kind"`
	Target  string         `json:"target"`
	Credits int            `json:"credits"`
	Detail  map[string]any `json:"detail"`
}

// PreviewStep is the next window of one step.
type PreviewStep struct {
	Type    string        `json:"type"`
	Enabled bool          `json:"enabled"`
	NextRun string        `json:"next_run"`
	Batch   int           `json:"batch_size"`
	State   string        `json:"state"`
	Note    string        `json:"note"`
	Credits int           `json:"credits"`
	Items   []PreviewItem `json:"items"`
}

// previewRoute answers what each step's next window would do and reserve if
// it ran now (each step alone: a window's work feeds the next step's later
// window).
func previewRoute(e *core.RequestEvent) error {
	site, err := siteOf(e, collections.RoleViewer)
	if err != nil {
		return err
	}
	now := jobs.Now(e.App)
	pilot, err := Load(e.App, site)
	if err != nil {
		return apis.NewInternalServerError("Could not read the autopilot.", err)
	}
	out := struct {
		Site    string        `json:"site"`
		Steps   []PreviewStep `json:"steps"`
		Credits int           `json:"credits"`
	}{Site: site.Id, Steps: []PreviewStep{}}
	for _, d := range Chain {
		s, err := e.App.FindFirstRecordByFilter(collections.Schedules, "site = {:s} && type = {:t}", dbx.Params{"s": site.Id, "t": d.Type})
		if err != nil {
			continue
		}
		p, err := Plan(e.App, site, pilot, d.Type, s.GetInt("batch_size"), now)
		if err != nil {
			return apis.NewInternalServerError("Could not plan the "+d.Type+" step.", err)
		}
		ps := PreviewStep{Type: d.Type, Enabled: s.GetBool("enabled"), NextRun: s.GetDateTime("next_run").String(), Batch: s.GetInt("batch_size"),
			State: p.State, Note: p.Note, Credits: p.Credits(), Items: []PreviewItem{}}
		for _, a := range p.actions {
			ps.Items = append(ps.Items, PreviewItem{Kind: a.kind, Target: a.target.Id, Credits: a.credits, Detail: a.detail})
		}
		if ps.Enabled {
			out.Credits += ps.Credits
		}
		out.Steps = append(out.Steps, ps)
	}
	return e.JSON(http.StatusOK, out)
}

// CalendarItem is one article with a publishing time.
type CalendarItem struct {
	Content       string `json:"content"`
	Title         string `json:"title"`
	At            string `json:"at"`
	Local         string `json:"local"`
	Status        string `json:"status"`
	PublishStatus string `json:"publish_status"`
	WPStatus      string `json:"wp_status"`
	WPURL         string `json:"wp_url"`
}

// calendarRoute lists what goes out when: the site's articles with a
// publishing time from the start of today (site time) for ?days (default 14,
// at most 90), and the cadence's next free slots.
func calendarRoute(e *core.RequestEvent) error {
	site, err := siteOf(e, collections.RoleViewer)
	if err != nil {
		return err
	}
	days := 14
	if v := e.Request.URL.Query().Get("days"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > SlotHorizonDays {
			return apis.NewBadRequestError("days must be between 1 and "+strconv.Itoa(SlotHorizonDays)+".", nil)
		}
		days = n
	}
	now := jobs.Now(e.App)
	loc := Location(site)
	l := now.In(loc)
	from := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, loc)
	to := from.AddDate(0, 0, days)
	pilot, err := Load(e.App, site)
	if err != nil {
		return apis.NewInternalServerError("Could not read the autopilot.", err)
	}
	recs, err := e.App.FindRecordsByFilter(collections.Contents, "site = {:s} && scheduled_at >= {:from} && scheduled_at < {:to}", "scheduled_at", 500, 0,
		dbx.Params{"s": site.Id, "from": from.UTC().Format("2006-01-02 15:04:05.000Z"), "to": to.UTC().Format("2006-01-02 15:04:05.000Z")})
	if err != nil {
		return apis.NewInternalServerError("Could not read the calendar.", err)
	}
	items := make([]CalendarItem, 0, len(recs))
	for _, c := range recs {
		at := c.GetDateTime("scheduled_at").Time()
		items = append(items, CalendarItem{Content: c.Id, Title: c.GetString("title"), At: at.UTC().Format(time.RFC3339), Local: at.In(loc).Format("Mon 2006-01-02 15:04"),
			Status: c.GetString("status"), PublishStatus: c.GetString("publish_status"), WPStatus: c.GetString("wp_status"), WPURL: c.GetString("wp_url")})
	}
	taken, err := takenSlots(e.App, site.Id, now)
	if err != nil {
		return apis.NewInternalServerError("Could not read the calendar.", err)
	}
	free := []string{}
	for _, s := range pilot.Cadence.Next(loc, now, taken, 10) {
		free = append(free, s.Format(time.RFC3339))
	}
	cad, _ := json.Marshal(pilot.Cadence)
	return e.JSON(http.StatusOK, map[string]any{"site": site.Id, "timezone": loc.String(), "cadence": json.RawMessage(cad), "from": from.UTC().Format(time.RFC3339),
		"to": to.UTC().Format(time.RFC3339), "items": items, "next_free": free})
}
