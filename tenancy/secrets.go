package tenancy

import (
	"crypto/hkdf"
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

// Stored secrets carry a version prefix, so saving a record twice never
// encrypts twice and a key change can tell which derivation a value used.
const (
	// secretPrefixV1: AES-256-GCM under the first 32 hex characters of
	// SHA-256(key material) — a 32-byte AES key holding only 128 bits. Read
	// only: the 1796164867 migration and `igny8 secrets rotate` rewrite them.
	secretPrefixV1 = "enc:v1:"
	// secretPrefix (v2): AES-256-GCM under 32 bytes from HKDF-SHA256.
	secretPrefix = "enc:v2:"
)

// hkdfInfo binds v2 keys to this one use of the key material.
const hkdfInfo = "igny8 secrets at rest v2"

// KeyFileName is where a generated key is kept when IGNY8_ENCRYPTION_KEY is unset.
const KeyFileName = ".igny8_encryption_key"

var keyCache sync.Map // data dir -> Key

// Key encrypts and decrypts stored secrets: v2 for writing, v1 too for reading.
type Key struct {
	v1, v2 string
}

// NewKey derives the secret keys from key material (any length; the value of
// IGNY8_ENCRYPTION_KEY or of the generated key file).
func NewKey(material string) (Key, error) {
	if material == "" {
		return Key{}, errors.New("empty encryption key")
	}
	sum := sha256.Sum256([]byte(material))
	v2, err := hkdf.Key(sha256.New, []byte(material), nil, hkdfInfo, 32)
	if err != nil {
		return Key{}, fmt.Errorf("derive encryption key: %w", err)
	}
	return Key{v1: hex.EncodeToString(sum[:])[:32], v2: string(v2)}, nil
}

// KeyMaterial returns IGNY8_ENCRYPTION_KEY or else the key generated once into
// the data dir (created on first use), so a self-hosted instance works without
// set-up and keeps its secrets readable.
func KeyMaterial(app core.App) (string, error) {
	if v := os.Getenv(EncryptionKeyEnv); v != "" {
		return v, nil
	}
	path := filepath.Join(app.DataDir(), KeyFileName)
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
	return strings.TrimSpace(string(raw)), nil
}

// EncryptionKey returns app's secrets key (see KeyMaterial).
func EncryptionKey(app core.App) (Key, error) {
	if v := os.Getenv(EncryptionKeyEnv); v != "" {
		return NewKey(v)
	}
	dir := app.DataDir()
	if k, ok := keyCache.Load(dir); ok {
		return k.(Key), nil
	}
	m, err := KeyMaterial(app)
	if err != nil {
		return Key{}, err
	}
	k, err := NewKey(m)
	if err != nil {
		return Key{}, err
	}
	keyCache.Store(dir, k)
	return k, nil
}

// IsEncrypted reports whether v is already an encrypted secret (any version).
func IsEncrypted(v string) bool {
	return strings.HasPrefix(v, secretPrefix) || strings.HasPrefix(v, secretPrefixV1)
}

// IsCurrent reports whether v is empty, plain or encrypted with the current
// version (nothing to re-encrypt).
func IsCurrent(v string) bool { return !strings.HasPrefix(v, secretPrefixV1) }

// Encrypt encrypts plain with the current version; empty stays empty and an
// already encrypted value is returned as is.
func (k Key) Encrypt(plain string) (string, error) {
	if plain == "" || IsEncrypted(plain) {
		return plain, nil
	}
	enc, err := security.Encrypt([]byte(plain), k.v2)
	if err != nil {
		return "", fmt.Errorf("encrypt secret: %w", err)
	}
	return secretPrefix + enc, nil
}

// Decrypt returns the plain value of a stored secret of any version.
func (k Key) Decrypt(stored string) (string, error) {
	key, body := "", ""
	switch {
	case strings.HasPrefix(stored, secretPrefix):
		key, body = k.v2, strings.TrimPrefix(stored, secretPrefix)
	case strings.HasPrefix(stored, secretPrefixV1):
		key, body = k.v1, strings.TrimPrefix(stored, secretPrefixV1)
	default:
		return stored, nil
	}
	plain, err := security.Decrypt(body, key)
	if err != nil {
		return "", fmt.Errorf("decrypt secret (wrong %s?): %w", EncryptionKeyEnv, err)
	}
	return string(plain), nil
}

// EncryptSecret encrypts plain for storage with app's key.
func EncryptSecret(app core.App, plain string) (string, error) {
	if plain == "" || IsEncrypted(plain) {
		return plain, nil
	}
	key, err := EncryptionKey(app)
	if err != nil {
		return "", err
	}
	return key.Encrypt(plain)
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
	return key.Decrypt(stored)
}

// Secret reads and decrypts field of rec.
func Secret(app core.App, rec *core.Record, field string) (string, error) {
	return DecryptSecret(app, rec.GetString(field))
}
