package billing

import (
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Entry is one ledger movement. PlanDelta and TopupDelta change the two
// balances of the tenant; their sum is the entry's delta.
type Entry struct {
	Tenant     string
	Kind       string
	PlanDelta  int
	TopupDelta int
	Job        string
	Note       string
	// Key makes the entry idempotent: a second entry with the same key is a no-op.
	Key string
}

// Balance is a workspace's spendable credits.
type Balance struct {
	Plan  int `db:"plan_credits" json:"plan"`
	Topup int `db:"topup_credits" json:"topup"`
}

// Total is plan plus top-up credits.
func (b Balance) Total() int { return b.Plan + b.Topup }

// GetBalance reads tenant's balances.
func GetBalance(app core.App, tenantId string) (Balance, error) {
	var b Balance
	err := app.DB().NewQuery("SELECT COALESCE(plan_credits,0) AS plan_credits, COALESCE(topup_credits,0) AS topup_credits FROM " +
		collections.Tenants + " WHERE id = {:id}").Bind(dbx.Params{"id": tenantId}).One(&b)
	if err != nil {
		return b, fmt.Errorf("balance of %s: %w", tenantId, err)
	}
	return b, nil
}

// Append writes e and moves the tenant's balances by the same amounts, in one
// transaction (or in the caller's, when app is already a transaction). It
// reports applied=false when an entry with e.Key exists, without changing anything.
func Append(app core.App, e Entry) (applied bool, err error) {
	if e.Key == "" {
		return false, errors.New("ledger entry without idempotency key")
	}
	err = app.RunInTransaction(func(tx core.App) error {
		var n int
		if err := tx.DB().NewQuery("SELECT COUNT(*) FROM " + collections.CreditLedger + " WHERE idempotency_key = {:k}").
			Bind(dbx.Params{"k": e.Key}).Row(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		b, err := GetBalance(tx, e.Tenant)
		if err != nil {
			return err
		}
		b.Plan += e.PlanDelta
		b.Topup += e.TopupDelta
		// a zero-delta entry (a commit: the credits left the balance when they
		// were reserved) only records; the balance row is not rewritten
		if e.PlanDelta != 0 || e.TopupDelta != 0 {
			now := types.NowDateTime().String()
			if _, err := tx.DB().NewQuery("UPDATE " + collections.Tenants +
				" SET plan_credits = {:p}, topup_credits = {:t}, updated = {:now} WHERE id = {:id}").
				Bind(dbx.Params{"p": b.Plan, "t": b.Topup, "now": now, "id": e.Tenant}).Execute(); err != nil {
				return fmt.Errorf("update balance: %w", err)
			}
			// the balance is written with SQL (one statement, no hooks); the
			// tenant's normal realtime update follows the commit
			collections.EmitUpdated(tx, collections.Tenants, e.Tenant)
		}
		col, err := tx.FindCachedCollectionByNameOrId(collections.CreditLedger)
		if err != nil {
			return err
		}
		r := core.NewRecord(col)
		r.Load(map[string]any{
			"tenant": e.Tenant, "kind": e.Kind, "delta": e.PlanDelta + e.TopupDelta,
			"plan_delta": e.PlanDelta, "topup_delta": e.TopupDelta, "job": e.Job,
			"balance_after": b.Total(), "note": e.Note, "idempotency_key": e.Key,
		})
		if err := tx.Save(r); err != nil {
			return fmt.Errorf("ledger entry: %w", err)
		}
		applied = true
		return nil
	})
	return applied, err
}

// Reserve takes credits from tenant for job, plan credits first and top-ups
// second, and returns how many came from the plan (refunds put them back where
// they came from). It fails with ErrInsufficientCredits, changing nothing,
// when the balance is short. Call it inside the transaction that queues the job.
func Reserve(app core.App, tenantId, jobId string, credits int) (fromPlan int, err error) {
	return ReserveRound(app, tenantId, jobId, 1, credits)
}

// roundKey is the ledger key of a job's reservation round (a retried job
// reserves again: round 2, 3, ...); round 1 keeps the original keys.
func roundKey(kind, jobId string, round int) string {
	if round <= 1 {
		return kind + ":" + jobId
	}
	return fmt.Sprintf("%s:%s:%d", kind, jobId, round)
}

// ReservationRound is the latest reservation round of a job that reserved at
// least once (1 unless it was retried), found through the ledger's unique
// keys: one indexed lookup for a job never retried.
func ReservationRound(app core.App, jobId string) (int, error) {
	round := 1
	for {
		var n int
		if err := app.DB().NewQuery("SELECT COUNT(*) FROM " + collections.CreditLedger + " WHERE idempotency_key = {:k}").
			Bind(dbx.Params{"k": roundKey("reserve", jobId, round+1)}).Row(&n); err != nil {
			return 0, err
		}
		if n == 0 {
			return round, nil
		}
		round++
	}
}

// ReserveRound is Reserve for a given round of job's reservations.
func ReserveRound(app core.App, tenantId, jobId string, round, credits int) (fromPlan int, err error) {
	if credits <= 0 {
		return 0, nil
	}
	err = app.RunInTransaction(func(tx core.App) error {
		b, err := GetBalance(tx, tenantId)
		if err != nil {
			return err
		}
		if b.Total() < credits {
			return &ShortError{Need: credits, Balance: max(b.Total(), 0)}
		}
		fromPlan = min(max(b.Plan, 0), credits)
		_, err = Append(tx, Entry{Tenant: tenantId, Kind: collections.LedgerReserve, PlanDelta: -fromPlan,
			TopupDelta: -(credits - fromPlan), Job: jobId, Key: roundKey("reserve", jobId, round)})
		return err
	})
	return fromPlan, err
}

// Commit records that job's reserved credits are spent (a zero-delta entry:
// the balance already dropped when they were reserved).
func Commit(app core.App, tenantId, jobId string, credits int) error {
	return CommitRound(app, tenantId, jobId, 1, credits)
}

// CommitRound is Commit for a given round of job's reservations.
func CommitRound(app core.App, tenantId, jobId string, round, credits int) error {
	if credits <= 0 {
		return nil
	}
	_, err := Append(app, Entry{Tenant: tenantId, Kind: collections.LedgerCommit, Job: jobId,
		Note: fmt.Sprintf("%d credits spent", credits), Key: roundKey("commit", jobId, round)})
	return err
}

// Refund gives job's reserved credits back to the balances they came from.
func Refund(app core.App, tenantId, jobId string, credits, fromPlan int, note string) error {
	return RefundRound(app, tenantId, jobId, 1, credits, fromPlan, note)
}

// RefundRound is Refund for a given round of job's reservations.
func RefundRound(app core.App, tenantId, jobId string, round, credits, fromPlan int, note string) error {
	if credits <= 0 {
		return nil
	}
	_, err := Append(app, Entry{Tenant: tenantId, Kind: collections.LedgerRefund, PlanDelta: fromPlan,
		TopupDelta: credits - fromPlan, Job: jobId, Note: note, Key: roundKey("refund", jobId, round)})
	return err
}

// RefundUnused gives back the part of job's reservation a successful job did
// not use (planBack to the plan balance, topupBack to the top-ups), once per
// job; the rest is then committed.
func RefundUnused(app core.App, tenantId, jobId string, planBack, topupBack int, note string) error {
	if planBack+topupBack <= 0 {
		return nil
	}
	_, err := Append(app, Entry{Tenant: tenantId, Kind: collections.LedgerRefund, PlanDelta: planBack,
		TopupDelta: topupBack, Job: jobId, Note: note, Key: "unused:" + jobId})
	return err
}

// Topup adds purchased credits (they never expire). key is the payment's id.
func Topup(app core.App, tenantId string, credits int, key, note string) (bool, error) {
	return Append(app, Entry{Tenant: tenantId, Kind: collections.LedgerTopup, TopupDelta: credits, Note: note, Key: "topup:" + key})
}

// ResetPlanCredits sets tenant's plan credits to its plan's monthly credits
// once for the period that ended at its credits_reset_at, and moves
// credits_reset_at on by whole months past now. Plans without monthly credits
// (Enterprise, priced by contract) keep their balance. Top-ups never change.
func ResetPlanCredits(app core.App, tenantId string, now time.Time) (bool, error) {
	applied := false
	err := app.RunInTransaction(func(tx core.App) error {
		t, err := tx.FindRecordById(collections.Tenants, tenantId)
		if err != nil {
			return err
		}
		due := t.GetDateTime("credits_reset_at").Time()
		if due.IsZero() || due.After(now) {
			return nil
		}
		monthly, err := planMonthlyCredits(tx, t.GetString("plan"))
		if err != nil {
			return err
		}
		if monthly > 0 {
			applied, err = Append(tx, Entry{Tenant: tenantId, Kind: collections.LedgerGrant,
				PlanDelta: monthly - t.GetInt("plan_credits"),
				Note:      fmt.Sprintf("monthly reset to %d plan credits", monthly),
				Key:       fmt.Sprintf("reset:%s:%s", tenantId, due.UTC().Format(time.RFC3339))})
			if err != nil {
				return err
			}
		}
		next := due
		for !next.After(now) {
			next = next.AddDate(0, 1, 0)
		}
		_, err = tx.DB().NewQuery("UPDATE " + collections.Tenants + " SET credits_reset_at = {:at} WHERE id = {:id}").
			Bind(dbx.Params{"at": dateString(next), "id": tenantId}).Execute()
		return err
	})
	return applied, err
}

// DueForReset lists tenants whose plan period ended at or before now. A
// workspace with a Stripe subscription is not among them: its paid invoice
// owns the reset (payments, invoice.paid), so a late webhook can never meet
// a second reset of the same period.
func DueForReset(app core.App, now time.Time) ([]string, error) {
	var ids []string
	err := app.DB().NewQuery("SELECT id FROM " + collections.Tenants +
		" WHERE credits_reset_at != '' AND credits_reset_at <= {:now} AND COALESCE(stripe_subscription_id, '') = ''").
		Bind(dbx.Params{"now": dateString(now)}).Column(&ids)
	return ids, err
}

func planMonthlyCredits(app core.App, planId string) (int, error) {
	var n sql.NullInt64
	err := app.DB().NewQuery("SELECT monthly_credits FROM " + collections.Plans + " WHERE id = {:id}").
		Bind(dbx.Params{"id": planId}).Row(&n)
	if err != nil {
		return 0, fmt.Errorf("plan %s: %w", planId, err)
	}
	return int(n.Int64), nil
}

// dateString formats t the way PocketBase stores DateField values, so SQL
// comparisons of stored dates work as string comparisons.
func dateString(t time.Time) string {
	d, _ := types.ParseDateTime(t.UTC())
	return d.String()
}
