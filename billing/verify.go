package billing

import (
	"fmt"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/pocketbase/core"
)

// Mismatch is a workspace whose stored balances differ from its ledger sums.
type Mismatch struct {
	Tenant      string `db:"id" json:"tenant"`
	Plan        int    `db:"plan" json:"plan"`
	Topup       int    `db:"topup" json:"topup"`
	LedgerPlan  int    `db:"lplan" json:"ledgerPlan"`
	LedgerTopup int    `db:"ltopup" json:"ledgerTopup"`
}

func (m Mismatch) String() string {
	return fmt.Sprintf("tenant %s: plan %d (ledger %d), top-up %d (ledger %d)", m.Tenant, m.Plan, m.LedgerPlan, m.Topup, m.LedgerTopup)
}

// Verify compares every workspace's balances with the sums of its ledger
// entries and returns the ones that differ (none means the books balance).
func Verify(app core.App) ([]Mismatch, error) {
	var out []Mismatch
	err := app.DB().NewQuery(`SELECT t.id AS id, COALESCE(t.plan_credits,0) AS plan, COALESCE(t.topup_credits,0) AS topup,
		COALESCE(l.p,0) AS lplan, COALESCE(l.t,0) AS ltopup
		FROM ` + collections.Tenants + ` t LEFT JOIN (SELECT tenant, SUM(plan_delta) AS p, SUM(topup_delta) AS t
			FROM ` + collections.CreditLedger + ` GROUP BY tenant) l ON l.tenant = t.id
		WHERE COALESCE(t.plan_credits,0) != COALESCE(l.p,0) OR COALESCE(t.topup_credits,0) != COALESCE(l.t,0)
		ORDER BY t.id`).All(&out)
	if err != nil {
		return nil, fmt.Errorf("verify credits: %w", err)
	}
	return out, nil
}
