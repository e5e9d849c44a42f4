package wordpress

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"
)

// LinkTTL is how long a link token can be pasted into the plugin.
const LinkTTL = 12 * time.Hour

// LinkClaims are the claims of a link token: the igny8 instance that issued
// it (iss = its public URL, where the plugin calls back to confirm), the
// workspace and site it links (ws, name: shown to the site owner before they
// confirm; sub = the igny8 site id), the site it is for (aud = the site's home
// URL, checked by the plugin) and the bridge secret (sec) the plugin stores.
// The token is signed (HS256) with that same secret, so a token damaged in
// copy-paste is refused — but that proves nothing about who made it, hence
// the call back (VerifyLinkToken).
type LinkClaims struct {
	Secret    string `json:"sec"`
	Workspace string `json:"ws,omitempty"`
	SiteName  string `json:"name,omitempty"`
	jwt.RegisteredClaims
}

// LinkFor names what a link token links.
type LinkFor struct {
	SiteID, SiteURL, SiteName, Workspace string
	// Instance is igny8's public URL (PocketBase's Settings > Application URL).
	Instance string
}

// NewSecret returns a fresh bridge secret.
func NewSecret() string { return security.RandomStringWithAlphabet(64, "0123456789abcdef") }

// LinkToken issues the token a site administrator pastes into Settings >
// igny8 (or posts to /wp-json/igny8/v1/connect) to hand the plugin its secret.
func LinkToken(l LinkFor, secret string, now time.Time, ttl time.Duration) (string, error) {
	if len(secret) < 32 {
		return "", fmt.Errorf("bridge secret too short")
	}
	claims := LinkClaims{Secret: secret, Workspace: l.Workspace, SiteName: l.SiteName, RegisteredClaims: jwt.RegisteredClaims{
		Issuer: strings.TrimRight(l.Instance, "/"), Subject: l.SiteID, Audience: jwt.ClaimStrings{strings.TrimRight(l.SiteURL, "/")},
		IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(ttl)), ID: security.RandomString(16),
	}}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(secret))
}

// Instance is this igny8's public URL, as link tokens name it.
func Instance(app core.App) string { return strings.TrimRight(app.Settings().Meta.AppURL, "/") }

// LinkOf describes site for its link token.
func LinkOf(app core.App, site *core.Record) LinkFor {
	l := LinkFor{SiteID: site.Id, SiteURL: site.GetString("url"), SiteName: site.GetString("name"), Instance: Instance(app)}
	if ws, err := app.FindRecordById(collections.Tenants, site.GetString("tenant")); err == nil {
		l.Workspace = ws.GetString("name")
	}
	return l
}

// ErrNotIssued is a link token this igny8 did not issue, or no longer stands
// by: unknown site, another secret (rotated since), expired, made for another
// address or by another instance.
var ErrNotIssued = errors.New("this igny8 did not issue that link token (or it was replaced by a newer one)")

// VerifyLinkToken answers the plugin's call back: is token one this instance
// issued for the site at home, and still valid? It returns the site.
func VerifyLinkToken(app core.App, token, home string) (*core.Record, error) {
	var unverified LinkClaims
	if _, _, err := jwt.NewParser().ParseUnverified(token, &unverified); err != nil || unverified.Subject == "" {
		return nil, ErrNotIssued
	}
	site, err := app.FindRecordById(collections.Sites, unverified.Subject)
	if err != nil {
		return nil, ErrNotIssued
	}
	secret, err := tenancy.Secret(app, site, "bridge_secret")
	if err != nil || len(secret) < 32 {
		return nil, ErrNotIssued
	}
	var claims LinkClaims
	_, err = jwt.ParseWithClaims(token, &claims, func(*jwt.Token) (any, error) { return []byte(secret), nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithIssuer(Instance(app)), jwt.WithExpirationRequired())
	if err != nil || claims.Secret != secret {
		return nil, ErrNotIssued
	}
	url := strings.TrimRight(site.GetString("url"), "/")
	if len(claims.Audience) != 1 || claims.Audience[0] != url || strings.TrimRight(home, "/") != url {
		return nil, ErrNotIssued
	}
	return site, nil
}
