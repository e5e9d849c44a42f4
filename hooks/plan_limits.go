package hooks

import (
	"fmt"
	"net/http"

	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// ErrCodePlanLimit is the error code clients can switch on to offer an upgrade.
const ErrCodePlanLimit = "igny8_plan_limit"

// bindPlanLimits enforces the plan's user and site counts on every path that
// creates a membership, an invitation or a site (a pending invitation holds a
// seat: otherwise a 3-user plan could send 20 invitations that all succeed on
// paper and fail one by one when accepted). The count and the insert run in one write
// transaction, in PocketBase's create-execute stage (after validation, where
// the row is written): writes to data.db go through one connection, so no
// other create can land between this count and this insert. Counting before
// the write, outside a transaction, let 12 concurrent site creates on a
// 1-site plan make 6 sites.
func bindPlanLimits(app core.App) {
	fn := func(e *core.RecordEvent) error {
		limitField, noun := "max_sites", "site"
		if name := e.Record.Collection().Name; name == collections.Memberships || name == collections.Invitations {
			limitField, noun = "max_users", "user"
		}
		return collections.RunInHookTransaction(e, func(tx core.App) error {
			if err := CheckPlanLimit(tx, e.Record.Collection().Name, e.Record.GetString("tenant"), limitField, noun); err != nil {
				return err
			}
			return e.Next() // the insert runs in this transaction
		})
	}
	app.OnRecordCreateExecute(collections.Sites, collections.Memberships, collections.Invitations).Bind(collections.Handler(HookPlanLimits, fn))
}

// CheckPlanLimit fails with a 403 naming the plan and its limit when tenant
// already has as many records in collection as the plan's limitField allows.
// Call it with the transaction that will write the new record, or the count
// can be stale by the time the record is written.
func CheckPlanLimit(app core.App, collection, tenantId, limitField, noun string) error {
	tenant, err := app.FindRecordById(collections.Tenants, tenantId)
	if err != nil {
		return nil // the relation validator reports the missing tenant
	}
	plan, err := app.FindRecordById(collections.Plans, tenant.GetString("plan"))
	if err != nil {
		return fmt.Errorf("tenant %s has no plan: %w", tenantId, err)
	}
	limit := plan.GetInt(limitField)
	if limit <= 0 {
		return nil
	}
	u, err := billing.CountUsage(app, tenantId)
	if err != nil {
		return err
	}
	n := u.Sites
	if noun == "user" {
		n = u.Users
	}
	if n < limit {
		return nil
	}
	plural := noun + "s"
	if limit == 1 {
		plural = noun
	}
	// one more than today must fit the plan named (a downgraded workspace
	// over its limits is told the plan that holds what it has and more)
	more := u
	if noun == "user" {
		more.Users++
	} else {
		more.Sites++
	}
	advice := "Upgrade the plan or remove one first."
	if _, name, err := billing.SmallestFit(app, more); err == nil && name != "" {
		advice = fmt.Sprintf("Upgrade to the %s plan or remove one first.", name)
	}
	if n > limit {
		advice = fmt.Sprintf("The workspace has %d; remove %d to add another, or upgrade", n, n-limit+1)
		if _, name, err := billing.SmallestFit(app, more); err == nil && name != "" {
			advice += " to the " + name + " plan"
		}
		advice += ". Nothing was deleted."
	}
	return apis.NewApiError(http.StatusForbidden,
		fmt.Sprintf("The %s plan allows %d %s. %s", plan.GetString("name"), limit, plural, advice),
		validation.Errors{"plan": validation.NewError(ErrCodePlanLimit, fmt.Sprintf("%s limit %d reached", noun, limit))})
}
