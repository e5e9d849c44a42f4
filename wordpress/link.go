package wordpress

import (
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/pocketbase/pocketbase/tools/security"
)

// LinkTTL is how long a link token can be pasted into the plugin.
const LinkTTL = 12 * time.Hour

// LinkClaims are the claims of a link token: the site it is for (aud = the
// site's home URL, checked by the plugin), the igny8 site id (sub) and the
// bridge secret (sec) the plugin stores. The token is signed (HS256) with that
// same secret, so a token damaged in copy-paste is refused.
type LinkClaims struct {
	Secret string `json:"sec"`
	jwt.RegisteredClaims
}

// NewSecret returns a fresh bridge secret.
func NewSecret() string { return security.RandomStringWithAlphabet(64, "0123456789abcdef") }

// LinkToken issues the token a site administrator pastes into Settings >
// igny8 (or posts to /wp-json/igny8/v1/connect) to hand the plugin its secret.
func LinkToken(siteId, siteURL, secret string, now time.Time, ttl time.Duration) (string, error) {
	if len(secret) < 32 {
		return "", fmt.Errorf("bridge secret too short")
	}
	claims := LinkClaims{Secret: secret, RegisteredClaims: jwt.RegisteredClaims{
		Issuer: "igny8", Subject: siteId, Audience: jwt.ClaimStrings{strings.TrimRight(siteURL, "/")},
		IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(ttl)), ID: security.RandomString(16),
	}}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(secret))
}
