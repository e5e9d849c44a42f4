package billing

import (
	"github.com/igny8/igny8/collections"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// HookBalanceGuard is the id of the hook that keeps balances out of the API.
const HookBalanceGuard = "igny8.billing.balanceGuard"

// balanceFields change only through the ledger ([Append]); a direct write,
// even a superuser's, would make the balance disagree with its entries
// (`credits verify` fails) and leave no trace of who gave what.
var balanceFields = []string{"plan_credits", "topup_credits"}

// bindBalanceGuard refuses tenant updates through the API (collections API,
// batch, admin UI) that change a balance; owners were already stopped by the
// update rule, superusers bypass rules. Operators grant with `igny8 credits grant`.
func bindBalanceGuard(app core.App) {
	app.OnRecordUpdateRequest(collections.Tenants).Bind(&hook.Handler[*core.RecordRequestEvent]{
		Id: HookBalanceGuard,
		Func: func(e *core.RecordRequestEvent) error {
			errs := validation.Errors{}
			for _, f := range balanceFields {
				if e.Record.GetInt(f) != e.Record.Original().GetInt(f) {
					errs[f] = validation.NewError("igny8_ledger_only", "Balances change only through the credit ledger: use `igny8 credits grant`.")
				}
			}
			if len(errs) > 0 {
				return apis.NewBadRequestError("Balances change only through the credit ledger: use `igny8 credits grant --tenant … --amount … --note …`.", errs)
			}
			return e.Next()
		},
	})
}
