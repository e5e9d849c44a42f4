package autopilot

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// DefaultTasksPerWindow is how many ideas one ideas window queues as writer
// tasks when the site did not set tasks_per_window.
const DefaultTasksPerWindow = 3

// Pilot is one site's autopilot policy, read from its autopilots record (the
// defaults when the site has none yet: nothing paused, no budget, auto-approve
// off, every gate on with its default limits, no cadence).
type Pilot struct {
	Record         *core.Record // nil until the site's policy was first saved
	Tenant, Site   string
	Paused         bool
	MonthlyBudget  int
	TasksPerWindow int
	AutoApprove    bool
	Gates          Gates
	Cadence        Cadence
}

// Load reads site's policy.
func Load(app core.App, site *core.Record) (*Pilot, error) {
	p := &Pilot{Tenant: site.GetString("tenant"), Site: site.Id, TasksPerWindow: DefaultTasksPerWindow}
	rec, err := app.FindFirstRecordByFilter(collections.Autopilots, "site = {:s}", dbx.Params{"s": site.Id})
	if err != nil {
		if isNotFound(err) {
			return p, nil
		}
		return nil, fmt.Errorf("autopilot of site %s: %w", site.Id, err)
	}
	p.Record = rec
	p.Paused = rec.GetBool("paused")
	p.MonthlyBudget = rec.GetInt("monthly_budget")
	if n := rec.GetInt("tasks_per_window"); n > 0 {
		p.TasksPerWindow = n
	}
	p.AutoApprove = rec.GetBool("auto_approve")
	_ = rec.UnmarshalJSONField("gates", &p.Gates)
	_ = rec.UnmarshalJSONField("cadence", &p.Cadence)
	return p, nil
}

func isNotFound(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// recordOf returns site's autopilots record, creating it with the defaults
// when the site has none (a second creator racing on the unique site index
// loses and reads the winner's).
func recordOf(app core.App, site *core.Record) (*core.Record, error) {
	rec, err := app.FindFirstRecordByFilter(collections.Autopilots, "site = {:s}", dbx.Params{"s": site.Id})
	if err == nil {
		return rec, nil
	}
	col, err := app.FindCachedCollectionByNameOrId(collections.Autopilots)
	if err != nil {
		return nil, err
	}
	rec = core.NewRecord(col)
	rec.Load(map[string]any{"tenant": site.GetString("tenant"), "site": site.Id})
	if err := app.Save(rec); err != nil {
		if again, ferr := app.FindFirstRecordByFilter(collections.Autopilots, "site = {:s}", dbx.Params{"s": site.Id}); ferr == nil {
			return again, nil
		}
		return nil, fmt.Errorf("create the autopilot of site %s: %w", site.Id, err)
	}
	return rec, nil
}

// Step states, as the chain-state route reports them.
const (
	StateRan            = "ran"             // the last window queued work
	StateIdle           = "idle"            // the last window found nothing to do
	StatePaused         = "paused"          // the site's autopilot is paused
	StateWaitingCredits = "waiting_credits" // the workspace could not pay; resumes after a top-up or reset
	StateWaitingBudget  = "waiting_budget"  // the site's monthly budget is used up
	StateWaitingCap     = "waiting_cap"     // an AI cost cap is reached
	StateWaitingSite    = "waiting_site"    // publishing waits for a passing connection check
	StateFailed         = "failed"          // the step failed; error says why
)

// Outcome is one step's last window, kept in autopilots.steps[type].
type Outcome struct {
	At       string `json:"at"`
	State    string `json:"state"`
	Enqueued int    `json:"enqueued"`
	Tasks    int    `json:"tasks,omitempty"`
	Reviewed int    `json:"reviewed,omitempty"`
	Credits  int    `json:"credits"`
	Note     string `json:"note,omitempty"`
	Error    string `json:"error,omitempty"`
	Schedule string `json:"schedule,omitempty"`
}

// recordStep stores o as site's last outcome of step. It patches the one key
// in SQL, so two steps of a site finishing together do not overwrite each
// other's outcome.
func recordStep(app core.App, site *core.Record, step string, o Outcome) error {
	rec, err := recordOf(app, site)
	if err != nil {
		return err
	}
	raw, err := json.Marshal(o)
	if err != nil {
		return err
	}
	_, err = app.DB().NewQuery("UPDATE {{" + collections.Autopilots + "}} SET [[steps]] = json_set(CASE WHEN json_valid([[steps]]) AND json_type([[steps]]) = 'object' THEN [[steps]] ELSE '{}' END, {:path}, json({:v})), [[updated]] = {:now} WHERE [[id]] = {:id}").
		Bind(dbx.Params{"path": "$." + step, "v": string(raw), "id": rec.Id, "now": time.Now().UTC().Format("2006-01-02 15:04:05.000Z")}).Execute()
	return err
}

// Steps reads the last outcome of every step of site.
func Steps(app core.App, site *core.Record) map[string]Outcome {
	out := map[string]Outcome{}
	if rec, err := app.FindFirstRecordByFilter(collections.Autopilots, "site = {:s}", dbx.Params{"s": site.Id}); err == nil {
		_ = rec.UnmarshalJSONField("steps", &out)
	}
	return out
}
