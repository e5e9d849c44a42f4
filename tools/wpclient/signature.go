package wpclient

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Headers of a signed bridge request. They are not Authorization, so hosts
// that strip that header still pass them to PHP.
const (
	HeaderSignature = "X-Igny8-Signature"
	HeaderTimestamp = "X-Igny8-Timestamp"
	HeaderNonce     = "X-Igny8-Nonce"
)

// SignatureWindow is how far a signed request's timestamp may be from the
// plugin's clock (the plugin enforces it).
const SignatureWindow = 5 * time.Minute

// Sign returns the hex HMAC-SHA256, keyed with the site's bridge secret, of
// METHOD "\n" ROUTE "\n" TIMESTAMP "\n" NONCE "\n" hex(SHA256(body)). ROUTE is
// the REST route ("/igny8/v1/status"), the same with pretty permalinks and
// with ?rest_route=, so a signature does not depend on the site's URL style.
// The random nonce makes two identical requests in the same second sign
// differently, so the plugin's replay check (each signature once) never
// refuses a legitimate repeat.
func Sign(secret, method, route string, ts int64, nonce string, body []byte) string {
	sum := sha256.Sum256(body)
	base := strings.ToUpper(method) + "\n" + route + "\n" + strconv.FormatInt(ts, 10) + "\n" + nonce + "\n" + hex.EncodeToString(sum[:])
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(base))
	return hex.EncodeToString(m.Sum(nil))
}

// Nonce is a fresh X-Igny8-Nonce: 24 characters of base64url from 18
// random bytes, inside the plugin's ^[A-Za-z0-9_-]{8,64}$.
func Nonce() (string, error) {
	b := make([]byte, 18)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("wpclient: nonce: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
