package jobs

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// DefaultMaxAttempts applies when neither the job nor its handler set one.
const DefaultMaxAttempts = 3

// EnqueueParams describe one job. Tenant is required except for platform
// jobs (types starting with "system."); Site, when set, must belong to Tenant.
type EnqueueParams struct {
	Tenant           string
	Site             string
	Type             string
	TargetCollection string
	Target           string
	Payload          any
	// Credits are reserved now, committed on success and refunded on failure or cancel.
	Credits int
	// IdempotencyKey makes Enqueue return the existing job instead of a second
	// one, forever (a schedule window runs once).
	IdempotencyKey string
	// ActiveKey is the duplicate-click rule: while a job with this key is
	// queued or running, Enqueue returns it instead of a second one (and
	// reserves nothing); once it has finished the key is free and the same
	// action makes a new job. Build it with [ActiveKey].
	ActiveKey   string
	RunAfter    time.Time
	Priority    int
	MaxAttempts int
	CreatedBy   string
	// ReadOnly marks a job that only reads the workspace (an export): it is
	// queued for a suspended workspace too, which stays readable and
	// exportable (docs/BILLING.md, Suspension).
	ReadOnly bool
}

// Enqueue queues a job and reserves its credits in one transaction: when the
// workspace cannot pay, it returns an error wrapping
// billing.ErrInsufficientCredits and nothing is queued. With an
// IdempotencyKey already used, it returns the existing job and no error, even
// when two calls race. app may be a transaction.
func Enqueue(app core.App, p EnqueueParams) (*core.Record, error) {
	rec, _, err := enqueue(app, p)
	return rec, err
}

// EnqueueCreated is Enqueue that also reports whether the job is new (false
// when a key returned an existing one), for callers that change their own
// records only for a new job.
func EnqueueCreated(app core.App, p EnqueueParams) (*core.Record, bool, error) {
	return enqueue(app, p)
}

// enqueue is Enqueue that also reports whether the job is new (false when the
// idempotency key returned an existing one).
func enqueue(app core.App, p EnqueueParams) (*core.Record, bool, error) {
	reg := registryOf(app)
	h, ok := reg.handler(p.Type)
	if !ok {
		return nil, false, fmt.Errorf("%w: %q", ErrUnknownType, p.Type)
	}
	if err := p.validate(); err != nil {
		return nil, false, err
	}
	maxAttempts := p.MaxAttempts
	if maxAttempts <= 0 {
		maxAttempts = h.opts.MaxAttempts
	}
	if maxAttempts <= 0 {
		maxAttempts = DefaultMaxAttempts
	}
	now := reg.now()
	runAfter := p.RunAfter.UTC()
	if runAfter.Before(now) {
		runAfter = now
	}

	col, err := app.FindCachedCollectionByNameOrId(collections.Jobs)
	if err != nil {
		return nil, false, err
	}
	r := core.NewRecord(col)
	r.Id = core.GenerateDefaultRandomId()
	state := collections.CreditsNone
	if p.Credits > 0 {
		state = collections.CreditsReserved
	}
	r.Load(map[string]any{
		"tenant": p.Tenant, "site": p.Site, "type": p.Type, "target_collection": p.TargetCollection,
		"target": p.Target, "payload": p.Payload, "status": collections.JobQueued, "priority": p.Priority,
		"attempts": 0, "max_attempts": maxAttempts, "run_after": runAfter, "progress": 0,
		"errors": []any{}, "credits": p.Credits, "credits_state": state, "credits_plan": 0,
		"idempotency_key": p.IdempotencyKey, "active_key": p.ActiveKey, "created_by": p.CreatedBy,
	})
	// Check and validate before the transaction: both only read, so they need
	// not hold PocketBase's single writer connection that every enqueue, claim
	// and finish shares. The transaction then reserves the credits and inserts.
	if err := checkOwner(app, p); err != nil {
		return nil, false, err
	}
	if err := app.Validate(r); err != nil {
		return nil, false, fmt.Errorf("queue job: %w", err)
	}

	var rec *core.Record
	created := false
	err = app.RunInTransaction(func(tx core.App) error {
		if existing := p.existing(tx); existing != nil {
			rec = existing
			return nil
		}
		if p.Credits > 0 {
			fromPlan, err := billing.Reserve(tx, p.Tenant, r.Id, p.Credits)
			if err != nil {
				return err
			}
			r.Set("credits_plan", fromPlan)
		}
		if err := tx.SaveNoValidate(r); err != nil {
			return fmt.Errorf("queue job: %w", err)
		}
		rec, created = r, true
		return nil
	})
	if err != nil {
		// A racing enqueue in another transaction won the unique key: return its job.
		if isUniqueViolation(err) {
			if existing := p.existing(app); existing != nil {
				return existing, false, nil
			}
		}
		return nil, false, err
	}
	if created {
		if app.IsTransactional() {
			// the engines must look for it once the caller's transaction commits
			app.TxInfo().OnComplete(func(txErr error) error {
				if txErr == nil {
					reg.wake(p.Tenant, rec)
				}
				return nil
			})
		} else {
			reg.wake(p.Tenant, rec)
		}
	}
	return rec, created, nil
}

// ActiveKey builds an EnqueueParams.ActiveKey from the action and the record
// it acts on, e.g. ActiveKey("writer.content", taskId).
func ActiveKey(parts ...string) string { return strings.Join(parts, ":") }

// existing is the job p's keys point at: the one with its idempotency key, or
// the queued or running one with its active key; nil when there is none.
func (p *EnqueueParams) existing(app core.App) *core.Record {
	if p.IdempotencyKey != "" {
		if rec, err := app.FindFirstRecordByData(collections.Jobs, "idempotency_key", p.IdempotencyKey); err == nil {
			return rec
		}
	}
	if p.ActiveKey != "" {
		return ActiveJob(app, p.ActiveKey)
	}
	return nil
}

// ActiveJob returns the queued or running job holding active key, or nil.
func ActiveJob(app core.App, key string) *core.Record {
	if key == "" {
		return nil
	}
	rec, err := app.FindFirstRecordByFilter(collections.Jobs, "active_key = {:k} && (status = {:q} || status = {:r})",
		dbx.Params{"k": key, "q": collections.JobQueued, "r": collections.JobRunning})
	if err != nil {
		return nil
	}
	return rec
}

func (p *EnqueueParams) validate() error {
	var problems []string
	if p.Type == "" {
		problems = append(problems, "type is required")
	}
	if p.Tenant == "" && !strings.HasPrefix(p.Type, "system.") {
		problems = append(problems, "tenant is required")
	}
	if p.Credits < 0 {
		problems = append(problems, "credits must not be negative")
	}
	if p.Credits > 0 && p.Tenant == "" {
		problems = append(problems, "a job without tenant cannot cost credits")
	}
	if (p.Target == "") != (p.TargetCollection == "") && p.Target != "" {
		problems = append(problems, "target needs target collection")
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: %s", ErrInvalidJob, strings.Join(problems, "; "))
	}
	return nil
}

// checkOwner is the Go-side isolation check: the site must belong to the
// tenant, and the workspace must be writable (tenancy.WritableStatus: a
// suspended workspace queues nothing).
func checkOwner(tx core.App, p EnqueueParams) error {
	if p.Tenant == "" {
		return nil
	}
	// one small query for both checks (loading the tenant record costs more
	// than the rest of an enqueue's reads)
	var row struct {
		Status string `db:"status"`
		Sites  int    `db:"sites"`
	}
	err := tx.DB().NewQuery("SELECT status, (SELECT COUNT(*) FROM " + collections.Sites +
		" WHERE id = {:site} AND tenant = {:tenant}) AS sites FROM " + collections.Tenants + " WHERE id = {:tenant}").
		Bind(dbx.Params{"tenant": p.Tenant, "site": p.Site}).One(&row)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: workspace %q not found", ErrInvalidJob, p.Tenant)
	}
	if err != nil {
		return fmt.Errorf("check workspace: %w", err)
	}
	if _, err := tenancy.WritableStatus(row.Status); err != nil && !p.ReadOnly {
		return err
	}
	if p.Site != "" && row.Sites == 0 {
		return fmt.Errorf("%w: site %q is not in workspace %q", ErrInvalidJob, p.Site, p.Tenant)
	}
	return nil
}

func isUniqueViolation(err error) bool {
	return err != nil && (strings.Contains(err.Error(), "UNIQUE constraint failed") ||
		strings.Contains(err.Error(), "validation_not_unique"))
}

// Cancel stops a queued or running job and refunds its credits. A running
// handler's context is canceled (at once in this process, at the next
// heartbeat elsewhere) and whatever it returns is discarded. Canceling a
// finished job returns ErrNotCancelable.
func Cancel(app core.App, jobId string) error {
	reg := registryOf(app)
	err := app.RunInTransaction(func(tx core.App) error {
		rec, err := tx.FindRecordById(collections.Jobs, jobId)
		if err != nil {
			return fmt.Errorf("job %s: %w", jobId, err)
		}
		switch rec.GetString("status") {
		case collections.JobQueued, collections.JobRunning:
		default:
			return ErrNotCancelable
		}
		rec.Set("status", collections.JobCanceled)
		rec.Set("finished", reg.now())
		rec.Set("lease_until", "")
		if err := settleCredits(tx, rec, false, "job canceled"); err != nil {
			return err
		}
		return tx.Save(rec)
	})
	if err != nil {
		return err
	}
	reg.cancelRunning(jobId)
	return nil
}

// settleCredits commits (success) or refunds (failure, cancel) a job's
// reservation, once, and records the new state on rec (saved by the caller).
func settleCredits(tx core.App, rec *core.Record, success bool, note string) error {
	if rec.GetString("credits_state") != collections.CreditsReserved {
		return nil
	}
	credits := rec.GetInt("credits")
	round, err := billing.ReservationRound(tx, rec.Id)
	if err != nil {
		return err
	}
	if success {
		if err := billing.CommitRound(tx, rec.GetString("tenant"), rec.Id, round, credits); err != nil {
			return err
		}
		rec.Set("credits_state", collections.CreditsCommitted)
		return nil
	}
	if err := billing.RefundRound(tx, rec.GetString("tenant"), rec.Id, round, credits, rec.GetInt("credits_plan"), note); err != nil {
		return err
	}
	rec.Set("credits_state", collections.CreditsRefunded)
	return nil
}
