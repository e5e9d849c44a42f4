package billing

import (
	"fmt"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// Now is the clock of the tenant grant hook; tests replace it.
var Now = time.Now

// bindTenantGrant gives a new workspace its plan's monthly credits (unless the
// creator set a balance, as fixtures and imports do) and writes the grant
// entries that explain the opening balance, in the transaction that creates
// the tenant, so the ledger sum matches from the first moment.
func bindTenantGrant(app core.App) {
	app.OnRecordCreate(collections.Tenants).Bind(&hook.Handler[*core.RecordEvent]{
		Id: HookTenantGrant,
		Func: func(e *core.RecordEvent) error {
			return collections.RunInHookTransaction(e, func(tx core.App) error {
				t := e.Record
				if t.GetInt("plan_credits") == 0 {
					monthly, err := planMonthlyCredits(tx, t.GetString("plan"))
					if err != nil {
						return err
					}
					t.Set("plan_credits", monthly)
				}
				if t.GetDateTime("credits_reset_at").IsZero() {
					t.Set("credits_reset_at", Now().UTC().AddDate(0, 1, 0))
				}
				plan, topup := t.GetInt("plan_credits"), t.GetInt("topup_credits")
				// the balance is written by the insert; the entries only explain it
				t.Set("plan_credits", 0)
				t.Set("topup_credits", 0)
				if err := e.Next(); err != nil {
					return err
				}
				t.Set("plan_credits", plan)
				t.Set("topup_credits", topup)
				if _, err := Append(tx, Entry{Tenant: t.Id, Kind: collections.LedgerGrant, PlanDelta: plan,
					Note: "opening plan credits", Key: "open:plan:" + t.Id}); err != nil {
					return fmt.Errorf("opening grant: %w", err)
				}
				if topup != 0 {
					if _, err := Append(tx, Entry{Tenant: t.Id, Kind: collections.LedgerTopup, TopupDelta: topup,
						Note: "opening top-up credits", Key: "open:topup:" + t.Id}); err != nil {
						return fmt.Errorf("opening top-up: %w", err)
					}
				}
				return nil
			})
		},
	})
}
