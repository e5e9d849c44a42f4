package autopilot

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/planner"
	"github.com/igny8/igny8/wordpress"
	"github.com/igny8/igny8/writer"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// action is one thing a step would do: what it acts on, what it reserves and
// how. do returns the id of what it made (a job or a task), "" when an
// earlier one is still on its way (nothing new, nothing reserved).
type action struct {
	kind    string // audit action suffix: cluster, ideas, task, write, images, review, approve, publish
	target  *core.Record
	credits int
	counts  bool // a queued job (the window's "enqueued"); tasks and reviews are counted apart
	detail  map[string]any
	do      func(app core.App, by string) (string, error)
}

// plan is what one window of a step would do now: the actions in order and,
// when it stops short, the state that stopped it (budget, credits, cap, site).
type plan struct {
	Step    string
	actions []action
	State   string
	Note    string
}

// Credits is what the plan's actions reserve.
func (p *plan) Credits() int {
	n := 0
	for _, a := range p.actions {
		n += a.credits
	}
	return n
}

// planner gathers a step's actions while keeping the site's budget and the
// workspace's balance: an action that does not fit stops the plan with the
// state that explains it.
type stepPlanner struct {
	plan      *plan
	budgetOn  bool
	budget    int // credits left in the site's monthly budget
	balance   int // the workspace's credits
	committed int
}

func (sp *stepPlanner) add(a action) bool {
	if a.credits > 0 {
		if sp.budgetOn && sp.committed+a.credits > sp.budget {
			sp.plan.State, sp.plan.Note = StateWaitingBudget, fmt.Sprintf("the site's monthly autopilot budget has %d credits left; the next item needs %d", max(sp.budget-sp.committed, 0), a.credits)
			return false
		}
		if sp.committed+a.credits > sp.balance {
			sp.plan.State, sp.plan.Note = StateWaitingCredits, fmt.Sprintf("the workspace has %d credits; the next item needs %d", max(sp.balance-sp.committed, 0), a.credits)
			return false
		}
	}
	sp.committed += a.credits
	sp.plan.actions = append(sp.plan.actions, a)
	return true
}

// aiSteps call a model; they wait while an AI cost cap is reached.
var aiSteps = map[string]bool{planner.ScheduleClustering: true, planner.ScheduleIdeas: true, writer.ScheduleWriting: true, writer.ScheduleImages: true}

// Plan is what the next window of step would do for site with batch items
// (the preview route and the run share it).
func Plan(app core.App, site *core.Record, pilot *Pilot, step string, batch int, now time.Time) (*plan, error) {
	p := &plan{Step: step}
	if pilot.Paused {
		p.State, p.Note = StatePaused, "the site's autopilot is paused"
		return p, nil
	}
	tenant := site.GetString("tenant")
	if aiSteps[step] {
		if err := billing.CheckAICap(app, tenant, now); err != nil {
			if errors.Is(err, billing.ErrAICapReached) {
				p.State, p.Note = StateWaitingCap, err.Error()
				return p, nil
			}
			return nil, err
		}
	}
	bal, err := billing.GetBalance(app, tenant)
	if err != nil {
		return nil, err
	}
	sp := &stepPlanner{plan: p, balance: bal.Total()}
	if pilot.MonthlyBudget > 0 {
		spent, err := Spent(app, site.Id, now)
		if err != nil {
			return nil, err
		}
		sp.budgetOn, sp.budget = true, pilot.MonthlyBudget-spent
	}
	batch = max(batch, 1)
	switch step {
	case planner.ScheduleClustering:
		err = planClustering(app, site, batch, sp)
	case planner.ScheduleIdeas:
		err = planIdeas(app, site, pilot, batch, sp)
	case writer.ScheduleWriting:
		err = planWriting(app, site, batch, sp)
	case writer.ScheduleImages:
		err = planImages(app, site, pilot, batch, now, sp)
	case wordpress.SchedulePublishing:
		err = planPublishing(app, site, pilot, batch, now, sp)
	default:
		err = fmt.Errorf("unknown autopilot step %q", step)
	}
	return p, err
}

func planClustering(app core.App, site *core.Record, batch int, sp *stepPlanner) error {
	if n, err := activeJobs(app, site.Id, planner.JobCluster); err != nil || n > 0 {
		if n > 0 {
			sp.plan.Note = "a clustering run of the site is on its way"
		}
		return err
	}
	ids, err := planner.UnclusteredIds(app, site.Id, batch)
	if err != nil || len(ids) == 0 {
		return err
	}
	sp.add(action{kind: "cluster", target: site, credits: planner.ClusteringCost(len(ids)), counts: true,
		detail: map[string]any{"keywords": len(ids)},
		do: func(app core.App, by string) (string, error) {
			rec, err := planner.EnqueueClusteringIds(app, site, ids, by)
			if err != nil || rec == nil {
				return "", err
			}
			return rec.Id, nil
		}})
	return nil
}

func planIdeas(app core.App, site *core.Record, pilot *Pilot, batch int, sp *stepPlanner) error {
	cs, err := planner.ClustersWithoutIdeas(app, site.Id, batch)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if !sp.add(action{kind: "ideas", target: c, credits: billing.Cost(billing.ActionIdea, planner.DefaultIdeasPerCluster), counts: true,
			detail: map[string]any{"cluster": c.GetString("name"), "ideas": planner.DefaultIdeasPerCluster},
			do: func(app core.App, by string) (string, error) {
				rec, err := planner.EnqueueIdeas(app, c, planner.DefaultIdeasPerCluster, by)
				if err != nil {
					return "", err
				}
				return rec.Id, nil
			}}) {
			break
		}
	}
	// the writing step takes tasks: without it enabled, queued tasks would only pile up
	if on, err := enabled(app, site.Id, writer.ScheduleWriting); err != nil || !on {
		return err
	}
	picks, err := BestIdeas(app, site.Id, pilot.TasksPerWindow)
	if err != nil {
		return err
	}
	for _, pk := range picks {
		idea := pk.Idea
		sp.add(action{kind: "task", target: idea, detail: map[string]any{"idea": idea.GetString("title"), "cluster": pk.Cluster, "score": pk.Score},
			do: func(app core.App, _ string) (string, error) {
				var id string
				err := app.RunInTransaction(func(tx core.App) error {
					fresh, err := tx.FindRecordById(collections.Ideas, idea.Id)
					if err != nil {
						return err
					}
					t, err := planner.QueueIdea(tx, fresh)
					if err == nil {
						id = t.Id
					}
					return err
				})
				return id, err
			}})
	}
	return nil
}

func planWriting(app core.App, site *core.Record, batch int, sp *stepPlanner) error {
	tasks, err := writer.Writable(app, site.Id, batch)
	if err != nil {
		return err
	}
	for _, t := range tasks {
		if !sp.add(action{kind: "write", target: t, credits: billing.Cost(billing.ActionArticle, 1), counts: true,
			detail: map[string]any{"title": t.GetString("title")},
			do: func(app core.App, by string) (string, error) {
				j, created, err := writer.EnqueueContent(app, t, by)
				if err != nil || !created {
					return "", err
				}
				return j.Id, nil
			}}) {
			break
		}
	}
	return nil
}

func planImages(app core.App, site *core.Record, pilot *Pilot, batch int, now time.Time, sp *stepPlanner) error {
	if err := planReviews(app, site, pilot, now, sp); err != nil {
		return err
	}
	contents, err := writer.Unillustrated(app, site.Id, batch)
	if err != nil {
		return err
	}
	count := writer.ImagesPerArticle(app, site.Id)
	for _, c := range contents {
		if !sp.add(action{kind: "images", target: c, credits: billing.Cost(billing.ActionImage, count+1), counts: true,
			detail: map[string]any{"title": c.GetString("title"), "images": count + 1},
			do: func(app core.App, by string) (string, error) {
				js, err := writer.EnqueueImages(app, c, true, count, by)
				if err != nil {
					return "", err
				}
				ids := make([]string, len(js))
				for i, j := range js {
					ids[i] = j.Id
				}
				return strings.Join(ids, ","), nil
			}}) {
			break
		}
	}
	return nil
}

func planPublishing(app core.App, site *core.Record, pilot *Pilot, batch int, now time.Time, sp *stepPlanner) error {
	switch site.GetString("status") {
	case wordpress.SiteNew, "", wordpress.SiteDegraded, wordpress.SiteError, wordpress.SiteDisconnected:
		sp.plan.State, sp.plan.Note = StateWaitingSite, "publishing waits for a passing connection check of the site ("+site.GetString("status")+")"
		return nil
	}
	list, err := app.FindRecordsByFilter(collections.Contents,
		"site = {:s} && tenant = {:t} && status = 'approved' && (publish_status = '' || publish_status = {:none} || publish_status = {:sched})",
		"created", batch, 0, dbx.Params{"s": site.Id, "t": site.GetString("tenant"), "none": collections.PublishNone, "sched": collections.PublishScheduled})
	if err != nil {
		return err
	}
	var slots []time.Time
	if pilot.Cadence.Active() {
		taken, err := takenSlots(app, site.Id, now)
		if err != nil {
			return err
		}
		slots = pilot.Cadence.Next(Location(site), now, taken, len(list))
	}
	for _, c := range list {
		if c.GetString("publish_status") == collections.PublishScheduled && c.GetInt("wp_post_id") > 0 {
			continue // already handed to WordPress as a future post
		}
		var slot time.Time
		if pilot.Cadence.Active() {
			if at := c.GetDateTime("scheduled_at").Time(); !at.IsZero() && at.After(now) {
				slot = at // its slot was given in an earlier window (the publish is on its way or is retried)
			} else if len(slots) == 0 {
				sp.plan.Note = "no free slot in the cadence's next " + fmt.Sprint(SlotHorizonDays) + " days"
				break
			} else {
				slot, slots = slots[0], slots[1:]
			}
		}
		detail := map[string]any{"title": c.GetString("title")}
		if !slot.IsZero() {
			detail["slot"] = slot.UTC().Format(time.RFC3339)
		}
		sp.add(action{kind: "publish", target: c, counts: true, detail: detail,
			do: func(app core.App, by string) (string, error) {
				if !slot.IsZero() && !c.GetDateTime("scheduled_at").Time().Equal(slot) {
					c.Set("scheduled_at", slot)
					if err := app.Save(c); err != nil {
						return "", fmt.Errorf("give %s its slot: %w", c.Id, err)
					}
				}
				j, err := wordpress.EnqueuePublish(app, c, "publish", by)
				if err != nil {
					return "", err
				}
				return j.Id, nil
			}})
	}
	return nil
}
