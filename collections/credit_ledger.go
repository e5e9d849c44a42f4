package collections

import "github.com/pocketbase/pocketbase/core"

// CreditLedger is the append-only record of every credit movement. A tenant's
// plan_credits equals the sum of its plan_delta column and topup_credits the
// sum of topup_delta; `igny8 credits verify` checks exactly that. Members of the
// workspace read it (the usage page shows it to everyone who sees the balance);
// nobody writes it through the API.
const (
	CreditLedger   = "credit_ledger"
	CreditLedgerId = "pbc_igny8_credit_ledger"
)

// Ledger entry kinds.
const (
	LedgerGrant   = "grant"
	LedgerReserve = "reserve"
	LedgerCommit  = "commit"
	LedgerRefund  = "refund"
	LedgerTopup   = "topup"
	LedgerAdjust  = "adjust"
)

// BuildCreditLedger defines the credit_ledger collection. job is plain text,
// not a relation, so cleaning up old jobs never rewrites ledger rows.
func BuildCreditLedger(c *core.Collection) {
	TenantScoped(c, false)
	c.Fields.Add(
		&core.NumberField{Name: "delta", OnlyInt: true, Help: "change of the total balance"},
		&core.NumberField{Name: "plan_delta", OnlyInt: true},
		&core.NumberField{Name: "topup_delta", OnlyInt: true},
		&core.SelectField{Name: "kind", Required: true, MaxSelect: 1, Values: []string{LedgerGrant, LedgerReserve, LedgerCommit, LedgerRefund, LedgerTopup, LedgerAdjust}},
		&core.TextField{Name: "job", Max: 40},
		&core.NumberField{Name: "balance_after", OnlyInt: true},
		&core.TextField{Name: "note", Max: 500},
		&core.TextField{Name: "idempotency_key", Required: true, Max: 300},
	)
	Timestamps(c)
	c.AddIndex("idx_credit_ledger_idem", true, "idempotency_key", "")
	c.AddIndex("idx_credit_ledger_job", false, "job", "")
	read := Ptr(MemberRule("tenant", RoleViewer))
	SetRules(c, read, read, nil, nil, nil)
}
