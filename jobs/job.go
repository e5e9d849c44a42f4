package jobs

import (
	"encoding/json"
	"fmt"
	"sync"

	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/pocketbase/core"
)

// Job is what a handler gets: the claimed record (a snapshot) and the methods
// that report back. Progress writes at once (realtime shows it); result and
// usage are saved with the job's final status.
type Job struct {
	// Record is the job as claimed; read fields from it, write through the methods.
	Record *core.Record

	app    core.App
	engine *Engine

	mu        sync.Mutex
	result    any
	hasResult bool
	model     string
	tokensIn  int
	tokensOut int
	costUSD   float64
	progress  int // last reported by Progress, -1 before
	step      string
	hasStep   bool
	onCommit  []func(tx core.App) error
	spent     int  // credits actually used (see Spent)
	hasSpent  bool // false: all reserved credits are charged
}

// Id is the job's record id.
func (j *Job) Id() string { return j.Record.Id }

// Tenant is the id of the workspace the job works for ("" for platform jobs).
func (j *Job) Tenant() string { return j.Record.GetString("tenant") }

// Site is the job's site id, if any.
func (j *Job) Site() string { return j.Record.GetString("site") }

// Type is the job type.
func (j *Job) Type() string { return j.Record.GetString("type") }

// Target is the id of the record the job works on, in TargetCollection.
func (j *Job) Target() string { return j.Record.GetString("target") }

// TargetCollection names the collection of Target.
func (j *Job) TargetCollection() string { return j.Record.GetString("target_collection") }

// Attempt is the 1-based number of this attempt.
func (j *Job) Attempt() int { return j.Record.GetInt("attempts") }

// App is the app the job runs in.
func (j *Job) App() core.App { return j.app }

// Payload decodes the job's payload into v.
func (j *Job) Payload(v any) error {
	raw, err := json.Marshal(j.Record.Get("payload"))
	if err != nil {
		return Permanent(fmt.Errorf("payload: %w", err))
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return Permanent(fmt.Errorf("payload does not fit %T: %w", v, err))
	}
	return nil
}

// Progress records pct (0–100) on the job record so realtime subscribers see it.
// It fails once the job was canceled or taken over, which the handler may
// treat as a signal to stop.
func (j *Job) Progress(pct int) error {
	pct = min(max(pct, 0), 100)
	err := j.app.RunInTransaction(func(tx core.App) error {
		rec, err := j.engine.owned(tx, j)
		if err != nil {
			return err
		}
		rec.Set("progress", pct)
		return j.engine.saveHeld(tx, rec, j)
	})
	if err != nil {
		return err
	}
	j.mu.Lock()
	j.progress = pct // the final save starts from the claimed record: keep it in step
	j.mu.Unlock()
	return nil
}

// Step records what the attempt is doing or waiting for now, in words
// ("waiting for WordPress: uploading an image (POST /wp/v2/media) since
// 22:41:07Z"), so a subscriber sees which step a slow attempt waits on; ""
// clears it. Like Progress it writes at once and fails once the job was
// canceled or taken over.
func (j *Job) Step(text string) error {
	text = collections.Truncate(text, collections.JobStepMax)
	err := j.app.RunInTransaction(func(tx core.App) error {
		rec, err := j.engine.owned(tx, j)
		if err != nil {
			return err
		}
		rec.Set("step", text)
		return j.engine.saveHeld(tx, rec, j)
	})
	if err != nil {
		return err
	}
	j.mu.Lock()
	j.step, j.hasStep = text, true // the final save starts from the claimed record
	j.mu.Unlock()
	return nil
}

// SetResult stores v (JSON) as the job's result when it succeeds.
func (j *Job) SetResult(v any) {
	j.mu.Lock()
	j.result, j.hasResult = v, true
	j.mu.Unlock()
}

// RecordUsage adds one AI call's tokens and cost to the job; the last model wins.
func (j *Job) RecordUsage(model string, tokensIn, tokensOut int, costUSD float64) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if model != "" {
		j.model = model
	}
	j.tokensIn += tokensIn
	j.tokensOut += tokensOut
	j.costUSD += costUSD
}

// OnCommit runs fn inside the transaction that marks the job succeeded, so a
// database effect is applied exactly once: if the worker dies before the
// commit, neither the effect nor the success is stored and the retry redoes
// both. If fn fails, the attempt fails.
func (j *Job) OnCommit(fn func(tx core.App) error) {
	j.mu.Lock()
	j.onCommit = append(j.onCommit, fn)
	j.mu.Unlock()
}

// Spent tells that a successful attempt used only credits of the credits the
// job reserved (an ideas job asked for 5 ideas got 3): the difference is
// refunded in the transaction that marks the job succeeded, and the job's
// credits field then shows what was charged. A failed attempt refunds
// everything as always.
func (j *Job) Spent(credits int) {
	j.mu.Lock()
	j.spent, j.hasSpent = max(credits, 0), true
	j.mu.Unlock()
}

// refundUnused gives back, inside the success transaction, what the
// handler reported it did not use (Spent), before the rest is committed.
// Reserved credits came from the plan first, so the unused ones go back to
// the top-ups first.
func (j *Job) refundUnused(tx core.App, rec *core.Record) error {
	j.mu.Lock()
	spent, has := j.spent, j.hasSpent
	j.mu.Unlock()
	credits := rec.GetInt("credits")
	if !has || spent >= credits || rec.GetString("credits_state") != collections.CreditsReserved {
		return nil
	}
	unused, fromPlan := credits-spent, rec.GetInt("credits_plan")
	topupBack := min(unused, credits-fromPlan)
	planBack := unused - topupBack
	if err := billing.RefundUnused(tx, rec.GetString("tenant"), rec.Id, planBack, topupBack,
		fmt.Sprintf("%d of %d reserved credits not used", unused, credits)); err != nil {
		return err
	}
	rec.Set("credits", spent)
	rec.Set("credits_plan", fromPlan-planBack)
	return nil
}

// hasOutput reports whether the handler set a result or a model name: values
// from outside the engine that the final save must validate.
func (j *Job) hasOutput() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.hasResult || j.model != ""
}

// applyFinal adds the attempt's progress, result and usage to rec, a copy of
// the job's row (as claimed, or as read in the transaction that stores the
// outcome). It does not reset the
// job's counters: a transaction that is rolled back (a failed batch, a failed
// commit effect) is followed by another that must add the same usage, and
// only one of them commits.
func (j *Job) applyFinal(rec *core.Record) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.progress >= 0 {
		rec.Set("progress", j.progress)
	}
	if j.hasStep {
		rec.Set("step", j.step)
	}
	if j.hasResult {
		rec.Set("result", j.result)
	}
	if j.model != "" {
		rec.Set("model", j.model)
	}
	rec.Set("tokens_in", rec.GetInt("tokens_in")+j.tokensIn)
	rec.Set("tokens_out", rec.GetInt("tokens_out")+j.tokensOut)
	rec.Set("cost_usd", rec.GetFloat("cost_usd")+j.costUSD)
}
