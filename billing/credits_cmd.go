package billing

import (
	"errors"
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"
)

// ErrLedgerMismatch is what `igny8 credits verify` fails with.
var ErrLedgerMismatch = errors.New("credit balances do not match the ledger")

// NewCreditsCommand returns `igny8 credits` with its `verify` subcommand, which
// exits non-zero when any workspace's balance differs from its ledger sum, and
// `grant`, the operators' one way to change a balance.
func NewCreditsCommand(app core.App) *cobra.Command {
	cmd := &cobra.Command{Use: "credits", Short: "Inspect the credit ledger and grant credits"}
	cmd.AddCommand(newGrantCommand(app))
	cmd.AddCommand(&cobra.Command{
		Use:          "verify",
		Short:        "Check that every workspace balance equals the sum of its ledger entries",
		SilenceUsage: true,
		RunE: func(c *cobra.Command, args []string) error {
			if err := app.RunAllMigrations(); err != nil {
				return err
			}
			bad, err := Verify(app)
			if err != nil {
				return err
			}
			for _, m := range bad {
				fmt.Fprintln(c.OutOrStdout(), "MISMATCH", m.String())
			}
			if len(bad) > 0 {
				return fmt.Errorf("%w: %d workspace(s)", ErrLedgerMismatch, len(bad))
			}
			var n int
			_ = app.DB().NewQuery("SELECT COUNT(*) FROM tenants").Row(&n)
			fmt.Fprintf(c.OutOrStdout(), "OK: %d workspace balance(s) match the ledger\n", n)
			return nil
		},
	})
	return cmd
}
