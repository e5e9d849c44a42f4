package migrations

import (
	"fmt"

	"github.com/igny8/igny8/tenancy"
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Secrets written before this release (enc:v1:) used an AES-256 key cut to 32
// hex characters (128 bits); this re-encrypts them as enc:v2: under a full
// 256-bit HKDF key from the same key material. Idempotent (only v1 values are
// touched). A wrong IGNY8_ENCRYPTION_KEY fails the migration instead of
// starting with secrets nobody can read. No down: v2 values stay readable by
// this and later releases; to go back to an older binary, restore the backup
// taken before the upgrade.
func init() {
	m.Register(func(app core.App) error {
		key, err := tenancy.EncryptionKey(app)
		if err != nil {
			return err
		}
		if _, err := tenancy.Reencrypt(app, key, key, false); err != nil {
			return fmt.Errorf("re-encrypt secrets as v2: %w", err)
		}
		return nil
	}, nil)
}
