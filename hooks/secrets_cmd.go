package hooks

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/igny8/igny8/tenancy"
	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"
)

// EncryptionKeyOldEnv names the key the secrets are encrypted with now, for
// `igny8 secrets rotate` (default: the key generated into the data dir).
const EncryptionKeyOldEnv = "IGNY8_ENCRYPTION_KEY_OLD"

// NewSecretsCommand returns `igny8 secrets` with its `rotate` subcommand: every
// stored secret is decrypted with the old key (IGNY8_ENCRYPTION_KEY_OLD, or the
// generated key file) and re-encrypted, as the current version, with the new
// one (IGNY8_ENCRYPTION_KEY), in one transaction. Run it with the server
// stopped, then start the server with the new IGNY8_ENCRYPTION_KEY.
func NewSecretsCommand(app core.App) *cobra.Command {
	cmd := &cobra.Command{Use: "secrets", Short: "Manage the key that encrypts secrets at rest"}
	cmd.AddCommand(&cobra.Command{
		Use:   "rotate",
		Short: "Re-encrypt every stored secret from " + EncryptionKeyOldEnv + " (or the generated key file) to " + tenancy.EncryptionKeyEnv,
		Long: "Re-encrypts every stored secret (WordPress passwords, bridge secrets, workspace AI keys).\n" +
			"The old key is " + EncryptionKeyOldEnv + ", or else the key generated into the data dir;\n" +
			"the new key is " + tenancy.EncryptionKeyEnv + ". Stop the server first. Nothing is written unless\n" +
			"every secret decrypts with the old key. A generated key file that was the old key is renamed\n" +
			"to .igny8_encryption_key.old, so it can never be picked up again by mistake.",
		SilenceUsage: true,
		RunE: func(c *cobra.Command, args []string) error {
			n, err := rotateSecrets(app)
			if err != nil {
				return err
			}
			fmt.Fprintf(c.OutOrStdout(), "OK: %d secret(s) re-encrypted with %s\n", n, tenancy.EncryptionKeyEnv)
			return nil
		},
	})
	return cmd
}

func rotateSecrets(app core.App) (int, error) {
	newMaterial := os.Getenv(tenancy.EncryptionKeyEnv)
	if newMaterial == "" {
		return 0, fmt.Errorf("set %s to the new key", tenancy.EncryptionKeyEnv)
	}
	oldMaterial, keyFile := os.Getenv(EncryptionKeyOldEnv), ""
	if oldMaterial == "" {
		keyFile = filepath.Join(app.DataDir(), tenancy.KeyFileName)
		raw, err := os.ReadFile(keyFile)
		if errors.Is(err, os.ErrNotExist) {
			return 0, fmt.Errorf("set %s to the key the secrets are encrypted with now (no generated key in %s)", EncryptionKeyOldEnv, app.DataDir())
		} else if err != nil {
			return 0, fmt.Errorf("read the generated key: %w", err)
		}
		oldMaterial = strings.TrimSpace(string(raw))
	}
	if oldMaterial == newMaterial {
		return 0, errors.New("the new key is the old key")
	}
	from, err := tenancy.NewKey(oldMaterial)
	if err != nil {
		return 0, err
	}
	to, err := tenancy.NewKey(newMaterial)
	if err != nil {
		return 0, err
	}
	var n int
	err = app.RunInTransaction(func(tx core.App) error {
		var err error
		n, err = tenancy.Reencrypt(tx, from, to, true)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("rotate secrets (nothing was changed): %w", err)
	}
	if keyFile != "" {
		if err := os.Rename(keyFile, keyFile+".old"); err != nil {
			return n, fmt.Errorf("secrets rotated, but the old key file stays: %w", err)
		}
	}
	return n, nil
}
