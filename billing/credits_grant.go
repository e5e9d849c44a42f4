package billing

import (
	"errors"
	"fmt"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"
	"github.com/spf13/cobra"
)

// ErrGrant is what a refused `igny8 credits grant` wraps.
var ErrGrant = errors.New("credits grant refused")

// Grant adds amount top-up credits (negative to take back, never below zero)
// to the workspace tenant (id or slug) as one ledger entry, and audits it.
// key makes it idempotent ("" for a fresh one). It returns the entry's id.
func Grant(app core.App, tenant string, amount int, note, key string) (*core.Record, error) {
	if amount == 0 {
		return nil, fmt.Errorf("%w: --amount must not be 0", ErrGrant)
	}
	if note == "" {
		return nil, fmt.Errorf("%w: --note is required (why the credits are granted)", ErrGrant)
	}
	t, err := app.FindRecordById(collections.Tenants, tenant)
	if err != nil {
		if t, err = app.FindFirstRecordByData(collections.Tenants, "slug", tenant); err != nil {
			return nil, fmt.Errorf("%w: no workspace with id or slug %q", ErrGrant, tenant)
		}
	}
	if key == "" {
		key = security.RandomString(15)
	}
	key = "grant:" + t.Id + ":" + key
	var entry *core.Record
	err = app.RunInTransaction(func(tx core.App) error {
		b, err := GetBalance(tx, t.Id)
		if err != nil {
			return err
		}
		if b.Topup+amount < 0 {
			return fmt.Errorf("%w: the workspace has %d top-up credits; cannot take %d", ErrGrant, b.Topup, -amount)
		}
		applied, err := Append(tx, Entry{Tenant: t.Id, Kind: collections.LedgerTopup, TopupDelta: amount, Note: note, Key: key})
		if err != nil {
			return err
		}
		if !applied {
			return fmt.Errorf("%w: a grant with this --key was already made", ErrGrant)
		}
		entry, err = tx.FindFirstRecordByData(collections.CreditLedger, "idempotency_key", key)
		return err
	})
	if err != nil {
		return nil, err
	}
	auditGrant(app, t.Id, entry, amount, note)
	return entry, nil
}

// auditGrant writes the grant's audit entry.
func auditGrant(app core.App, tenantId string, entry *core.Record, amount int, note string) {
	SystemAudit(app, tenantId, "credits.grant", collections.CreditLedger, entry.Id,
		map[string]any{"amount": amount, "note": note, "by": "igny8 credits grant"})
}

func newGrantCommand(app core.App) *cobra.Command {
	var tenant, note, key string
	var amount int
	cmd := &cobra.Command{
		Use:          "grant",
		Short:        "Give a workspace top-up credits (a ledger entry, audited); a negative --amount takes them back",
		SilenceUsage: true,
		RunE: func(c *cobra.Command, args []string) error {
			if err := app.RunAllMigrations(); err != nil {
				return err
			}
			entry, err := Grant(app, tenant, amount, note, key)
			if err != nil {
				return err
			}
			fmt.Fprintf(c.OutOrStdout(), "OK: %+d top-up credits to %s (ledger entry %s, balance %d)\n",
				amount, entry.GetString("tenant"), entry.Id, entry.GetInt("balance_after"))
			return nil
		},
	}
	cmd.Flags().StringVar(&tenant, "tenant", "", "workspace id or slug (required)")
	cmd.Flags().IntVar(&amount, "amount", 0, "credits to add (negative to take back)")
	cmd.Flags().StringVar(&note, "note", "", "why (kept in the ledger and the audit log; required)")
	cmd.Flags().StringVar(&key, "key", "", "idempotency key: the same key never grants twice")
	_ = cmd.MarkFlagRequired("tenant")
	_ = cmd.MarkFlagRequired("amount")
	_ = cmd.MarkFlagRequired("note")
	return cmd
}
