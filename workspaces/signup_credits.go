package workspaces

import (
	"fmt"
	"os"

	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// EnvSignupCredits sets when a self-service workspace gets its Trial credits:
// "verified" (default) once its owner verifies their email, "immediate" at
// sign-up. Free credits for any address made every sign-up worth 25 credits
// to a script (30 sign-ups in 3 s were seen).
const EnvSignupCredits = "IGNY8_SIGNUP_CREDITS"

// HookReleaseSignupCredits is the id of the users hook that releases held credits.
const HookReleaseSignupCredits = "igny8.releaseSignupCredits"

func holdKey(tenantId string) string    { return "signup-hold:" + tenantId }
func releaseKey(tenantId string) string { return "signup-release:" + tenantId }

// holdSignupCredits moves a new workspace's opening plan credits out of reach
// until the owner's email is verified: one ledger entry, so `credits verify`
// and the ledger explain the zero balance.
func holdSignupCredits(tx core.App, tenant, owner *core.Record) error {
	if os.Getenv(EnvSignupCredits) == "immediate" || owner.Verified() {
		return nil
	}
	b, err := billing.GetBalance(tx, tenant.Id)
	if err != nil || b.Plan <= 0 {
		return err
	}
	_, err = billing.Append(tx, billing.Entry{Tenant: tenant.Id, Kind: collections.LedgerAdjust, PlanDelta: -b.Plan,
		Note: "trial credits held until the owner's email is verified", Key: holdKey(tenant.Id)})
	return err
}

// bindReleaseSignupCredits gives back held credits when a user's email becomes
// verified (PocketBase's confirm-verification route, or an operator).
func bindReleaseSignupCredits(app core.App) {
	app.OnRecordUpdate(collections.Users).Bind(&hook.Handler[*core.RecordEvent]{
		Id: HookReleaseSignupCredits,
		Func: func(e *core.RecordEvent) error {
			was := e.Record.Original().Verified()
			if err := e.Next(); err != nil {
				return err
			}
			if was || !e.Record.Verified() {
				return nil
			}
			if err := releaseSignupCredits(e.App, e.Record); err != nil {
				e.App.Logger().Error("held trial credits not released", "error", err, "user", e.Record.Id)
			}
			return nil
		},
	})
}

func releaseSignupCredits(app core.App, user *core.Record) error {
	owned, err := app.FindRecordsByFilter(collections.Memberships, "user = {:u} && role = {:r}", "", 0, 0,
		dbx.Params{"u": user.Id, "r": collections.RoleOwner})
	if err != nil {
		return err
	}
	for _, m := range owned {
		tenant := m.GetString("tenant")
		hold, err := app.FindFirstRecordByData(collections.CreditLedger, "idempotency_key", holdKey(tenant))
		if err != nil {
			continue // nothing held for this workspace
		}
		if _, err := billing.Append(app, billing.Entry{Tenant: tenant, Kind: collections.LedgerGrant, PlanDelta: -hold.GetInt("plan_delta"),
			Note: "trial credits released: email verified", Key: releaseKey(tenant)}); err != nil {
			return fmt.Errorf("release credits of %s: %w", tenant, err)
		}
	}
	return nil
}
