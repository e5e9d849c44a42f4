package autopilot

import (
	"fmt"
	"time"

	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Chain states of a site (the chain-state route's "state"), most pressing first.
const (
	ChainPaused         = "paused"
	ChainOff            = "off" // no schedule of the chain is enabled
	ChainFailed         = "failed"
	ChainWaitingCredits = StateWaitingCredits
	ChainWaitingBudget  = StateWaitingBudget
	ChainWaitingCap     = StateWaitingCap
	ChainWaitingSite    = StateWaitingSite
	ChainWaitingReview  = "waiting_review"
	ChainRunning        = "running"
)

// StepState is one step of the chain as the state route shows it.
type StepState struct {
	Type      string   `json:"type"`
	Schedule  string   `json:"schedule"`
	Enabled   bool     `json:"enabled"`
	Spec      string   `json:"spec"`
	BatchSize int      `json:"batch_size"`
	NextRun   string   `json:"next_run"`
	LastRun   string   `json:"last_run"`
	Last      *Outcome `json:"last"`
}

// FailedJob is a job the autopilot queued that failed for good.
type FailedJob struct {
	Id       string `json:"id"`
	Type     string `json:"type"`
	Target   string `json:"target"`
	Error    string `json:"error"`
	Finished string `json:"finished"`
}

// InReview is an article waiting for a person, with the gates it failed.
type InReview struct {
	Id     string   `json:"id"`
	Title  string   `json:"title"`
	Failed []string `json:"failed"`
}

// ChainState is what GET /api/igny8/autopilot/{site} answers.
type ChainState struct {
	Site     string         `json:"site"`
	Timezone string         `json:"timezone"`
	State    string         `json:"state"`
	Reason   string         `json:"reason"`
	Settings map[string]any `json:"settings"`
	Budget   struct {
		Limit int `json:"limit"`
		Spent int `json:"spent"`
	} `json:"budget"`
	Credits int            `json:"credits"`
	Steps   []StepState    `json:"steps"`
	Counts  map[string]int `json:"counts"`
	Review  []InReview     `json:"review"`
	Failed  []FailedJob    `json:"failed_jobs"`
}

// failedWindow is how far back a failed job keeps the chain "failed".
const failedWindow = 24 * time.Hour

// State reports site's chain.
func State(app core.App, site *core.Record, now time.Time) (*ChainState, error) {
	pilot, err := Load(app, site)
	if err != nil {
		return nil, err
	}
	st := &ChainState{Site: site.Id, Timezone: Location(site).String(), Settings: settingsOf(pilot), Counts: map[string]int{},
		Review: []InReview{}, Failed: []FailedJob{}, Steps: []StepState{}}
	st.Budget.Limit = pilot.MonthlyBudget
	if st.Budget.Spent, err = Spent(app, site.Id, now); err != nil {
		return nil, err
	}
	bal, err := billing.GetBalance(app, site.GetString("tenant"))
	if err != nil {
		return nil, err
	}
	st.Credits = bal.Total()
	outcomes := Steps(app, site)
	anyOn := false
	for _, d := range Chain {
		s, err := app.FindFirstRecordByFilter(collections.Schedules, "site = {:s} && type = {:t}", dbx.Params{"s": site.Id, "t": d.Type})
		if err != nil {
			continue
		}
		ss := StepState{Type: d.Type, Schedule: s.Id, Enabled: s.GetBool("enabled"), Spec: s.GetString("spec"), BatchSize: s.GetInt("batch_size"),
			NextRun: s.GetDateTime("next_run").String(), LastRun: s.GetDateTime("last_run").String()}
		if o, ok := outcomes[d.Type]; ok {
			ss.Last = &o
		}
		anyOn = anyOn || ss.Enabled
		st.Steps = append(st.Steps, ss)
	}
	if err := counts(app, site.Id, st.Counts); err != nil {
		return nil, err
	}
	reviews, err := app.FindRecordsByFilter(collections.Contents, "site = {:s} && status = 'review'", "created", 20, 0, dbx.Params{"s": site.Id})
	if err != nil {
		return nil, err
	}
	for _, c := range reviews {
		var r Review
		_ = c.UnmarshalJSONField("gates", &r)
		st.Review = append(st.Review, InReview{Id: c.Id, Title: c.GetString("title"), Failed: nonNil(r.Failed)})
	}
	failed, err := app.FindRecordsByFilter(collections.Jobs, "site = {:s} && status = 'failed' && created_by ~ {:by} && finished >= {:since}", "-finished", 10, 0,
		dbx.Params{"s": site.Id, "by": CreatedByPrefix + "%", "since": now.Add(-failedWindow).UTC().Format("2006-01-02 15:04:05.000Z")})
	if err != nil {
		return nil, err
	}
	for _, j := range failed {
		st.Failed = append(st.Failed, FailedJob{Id: j.Id, Type: j.GetString("type"), Target: j.GetString("target"), Error: j.GetString("error"),
			Finished: j.GetDateTime("finished").String()})
	}
	st.State, st.Reason = overall(pilot, anyOn, st)
	return st, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// overall picks the most pressing state of the chain and says why.
func overall(p *Pilot, anyOn bool, st *ChainState) (string, string) {
	if p.Paused {
		return ChainPaused, "the site's autopilot is paused"
	}
	if !anyOn {
		return ChainOff, "no schedule of the chain is enabled"
	}
	for _, s := range st.Steps {
		if s.Enabled && s.Last != nil && s.Last.State == StateFailed {
			return ChainFailed, fmt.Sprintf("the %s step failed: %s", s.Type, s.Last.Error)
		}
	}
	if len(st.Failed) > 0 {
		return ChainFailed, fmt.Sprintf("a %s job failed: %s", st.Failed[0].Type, st.Failed[0].Error)
	}
	for _, want := range []string{StateWaitingCredits, StateWaitingBudget, StateWaitingCap, StateWaitingSite} {
		for _, s := range st.Steps {
			if s.Enabled && s.Last != nil && s.Last.State == want {
				return want, s.Last.Note
			}
		}
	}
	if st.Counts["review"] > 0 {
		return ChainWaitingReview, fmt.Sprintf("%d articles wait for a person's review", st.Counts["review"])
	}
	return ChainRunning, "the chain runs on its schedules"
}

// counts fills the pipeline's numbers for site.
func counts(app core.App, siteId string, out map[string]int) error {
	type q struct {
		key, collection string
		exp             dbx.Expression
	}
	for _, c := range []q{
		{"unclustered", collections.Keywords, dbx.NewExp("[[cluster]] = ''")},
		{"open_ideas", collections.Ideas, dbx.In("status", "new", "approved")},
		{"tasks_queued", collections.Tasks, dbx.In("status", "queued", "in_progress")},
		{"drafts", collections.Contents, dbx.HashExp{"status": collections.ContentDraft}},
		{"review", collections.Contents, dbx.HashExp{"status": collections.ContentReview}},
		{"approved", collections.Contents, dbx.NewExp("[[status]] = 'approved' AND [[publish_status]] != 'scheduled'")},
		{"scheduled", collections.Contents, dbx.HashExp{"publish_status": collections.PublishScheduled}},
		{"published", collections.Contents, dbx.HashExp{"publish_status": collections.PublishPublished}},
	} {
		n, err := app.CountRecords(c.collection, dbx.HashExp{"site": siteId}, c.exp)
		if err != nil {
			return fmt.Errorf("count %s: %w", c.key, err)
		}
		out[c.key] = int(n)
	}
	return nil
}

// settingsOf is the policy as the routes show it.
func settingsOf(p *Pilot) map[string]any {
	return map[string]any{"paused": p.Paused, "monthly_budget": p.MonthlyBudget, "tasks_per_window": p.TasksPerWindow,
		"auto_approve": p.AutoApprove, "gates": p.Gates, "cadence": p.Cadence}
}
