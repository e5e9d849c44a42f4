package tenancy

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"
)

// EncryptionKeyEnv names the environment variable holding the key that encrypts
// secrets (WordPress passwords, bridge secrets, AI keys) at rest.
const EncryptionKeyEnv = "IGNY8_ENCRYPTION_KEY"

// secretPrefix marks an encrypted value so saving a record twice never encrypts twice.
const secretPrefix = "enc:v1:"

// keyFile is where a generated key is kept when IGNY8_ENCRYPTION_KEY is unset.
const keyFile = ".igny8_encryption_key"

var keyCache sync.Map // data dir -> key

// EncryptionKey returns the 32-byte key: IGNY8_ENCRYPTION_KEY (any length,
// hashed to 32 bytes) or else a random key generated once into the data dir, so
// a self-hosted instance works without set-up and keeps its secrets readable.
func EncryptionKey(app core.App) (string, error) {
	if v := os.Getenv(EncryptionKeyEnv); v != "" {
		return deriveKey(v), nil
	}
	dir := app.DataDir()
	if k, ok := keyCache.Load(dir); ok {
		return k.(string), nil
	}
	path := filepath.Join(dir, keyFile)
	raw, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		raw = []byte(security.RandomString(48))
		if err := os.WriteFile(path, raw, 0o600); err != nil {
			return "", fmt.Errorf("write generated encryption key: %w", err)
		}
		app.Logger().Warn("IGNY8_ENCRYPTION_KEY is not set; generated a key in the data dir. Back it up with the data dir.", "file", path)
	} else if err != nil {
		return "", fmt.Errorf("read encryption key: %w", err)
	}
	k := deriveKey(strings.TrimSpace(string(raw)))
	keyCache.Store(dir, k)
	return k, nil
}

func deriveKey(v string) string {
	sum := sha256.Sum256([]byte(v))
	return hex.EncodeToString(sum[:])[:32]
}

// IsEncrypted reports whether v is already an encrypted secret.
func IsEncrypted(v string) bool { return strings.HasPrefix(v, secretPrefix) }

// EncryptSecret encrypts plain for storage; empty stays empty and an already
// encrypted value is returned as is.
func EncryptSecret(app core.App, plain string) (string, error) {
	if plain == "" || IsEncrypted(plain) {
		return plain, nil
	}
	key, err := EncryptionKey(app)
	if err != nil {
		return "", err
	}
	enc, err := security.Encrypt([]byte(plain), key)
	if err != nil {
		return "", fmt.Errorf("encrypt secret: %w", err)
	}
	return secretPrefix + enc, nil
}

// DecryptSecret returns the plain value of a stored secret.
func DecryptSecret(app core.App, stored string) (string, error) {
	if !IsEncrypted(stored) {
		return stored, nil
	}
	key, err := EncryptionKey(app)
	if err != nil {
		return "", err
	}
	plain, err := security.Decrypt(strings.TrimPrefix(stored, secretPrefix), key)
	if err != nil {
		return "", fmt.Errorf("decrypt secret (wrong %s?): %w", EncryptionKeyEnv, err)
	}
	return string(plain), nil
}

// Secret reads and decrypts field of rec.
func Secret(app core.App, rec *core.Record, field string) (string, error) {
	return DecryptSecret(app, rec.GetString(field))
}
