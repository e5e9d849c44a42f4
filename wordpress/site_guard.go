package wordpress

import (
	"errors"
	"net/url"
	"strings"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/igny8/igny8/tools/safehttp"
	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// Hook ids of the site guards.
const (
	// HookSiteURL validates a site's URL on every save.
	HookSiteURL = "igny8.wordpress.site_url"
	// HookSiteReset puts a new site, or one whose URL or credentials
	// changed, in status new (and drops secrets bound to the old host).
	HookSiteReset = "igny8.wordpress.site_reset"
	// HookSiteTimezone refuses a sites.timezone Go cannot load.
	HookSiteTimezone = "igny8.wordpress.site_timezone"
	// HookSiteCheckFields keeps the connection check's fields out of the
	// collections API.
	HookSiteCheckFields = "igny8.wordpress.site_check_fields"
)

// CheckFields are the site fields only igny8 writes (the connection check,
// the breaker and sync). A member who could set status could mark a site
// connected without a check; last_check_result and wp_settings are read by
// every member as igny8's word.
var CheckFields = []string{"status", "last_check", "last_check_result", "last_sync", "wp_settings"}

// credentialFields are the fields whose change means a check must pass again.
var credentialFields = []string{"wp_username", "app_password", "bridge_secret"}

// ErrSiteNotChecked refuses publishing to (or syncing with) a site that has
// not passed a connection check since it was added or its address or
// credentials changed. It answers 409 through the route error mapper.
var ErrSiteNotChecked = &tenancy.StateError{Msg: "This site has not passed a connection check since it was added or its address or credentials changed, so igny8 sends it nothing yet: run the connection check (POST /api/igny8/sites/{site}/check) and publish again once it passes."}

// ErrSiteDisconnected refuses publishing to a site whose plugin told igny8
// it was deactivated, deleted or linked to another igny8 (409).
var ErrSiteDisconnected = &tenancy.StateError{Msg: "This site's igny8 Bridge plugin was deactivated, deleted or linked to another igny8, so igny8 sends it nothing: activate and link the plugin again, then run the connection check."}

// RequireChecked returns ErrSiteNotChecked for a site in status new and
// ErrSiteDisconnected for a disconnected one.
func RequireChecked(site *core.Record) error {
	switch site.GetString("status") {
	case SiteNew, "":
		return ErrSiteNotChecked
	case SiteDisconnected:
		return ErrSiteDisconnected
	}
	return nil
}

// ValidateSiteURL accepts only http and https URLs with a host, no user info,
// and no address the guarded client refuses written as a literal (names are
// judged when dialled, since their addresses can change).
func ValidateSiteURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return errors.New("Enter the site's address, like https://example.com.")
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	default:
		return errors.New("Only http:// and https:// addresses are accepted.")
	}
	if u.Hostname() == "" {
		return errors.New("The address has no host name.")
	}
	if u.User != nil {
		return errors.New("Put the WordPress username and application password in the credentials, not in the address.")
	}
	cfg, err := safehttp.FromEnv()
	if err != nil {
		return err
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		u.Host = "127.0.0.1"
	}
	var be *safehttp.BlockedError
	if err := safehttp.CheckURL(cfg.Policy, u.String()); errors.As(err, &be) {
		if be.Loose {
			return errors.New("Write the IP address in the usual dotted form, or use the site's host name.")
		}
		return errors.New("This is a " + be.Kind + " address, which igny8 does not connect to unless its operator allows it (" + safehttp.EnvAllowPrivateHosts + "=" + be.IP.Unmap().String() + ").")
	}
	return nil
}

func bindSiteGuards(app core.App) {
	bindSiteDefaults(app)
	app.OnRecordValidate(collections.Sites).Bind(&hook.Handler[*core.RecordEvent]{Id: HookSiteURL, Func: func(e *core.RecordEvent) error {
		if e.Record.IsNew() || e.Record.GetString("url") != storedURL(e.App, e.Record) {
			if err := ValidateSiteURL(e.Record.GetString("url")); err != nil {
				return validation.Errors{"url": validation.NewError("igny8_invalid_site_url", err.Error())}
			}
		}
		return e.Next()
	}})
	app.OnRecordValidate(collections.Sites).Bind(&hook.Handler[*core.RecordEvent]{Id: HookSiteTimezone, Func: func(e *core.RecordEvent) error {
		if tz := e.Record.GetString("timezone"); tz != "" && !collections.ValidTimezone(tz) {
			return validation.Errors{"timezone": validation.NewError("igny8_invalid_timezone", "Use an IANA time zone name, like Europe/Berlin or America/New_York.")}
		}
		return e.Next()
	}})

	app.OnRecordCreate(collections.Sites).Bind(&hook.Handler[*core.RecordEvent]{Id: HookSiteReset, Func: func(e *core.RecordEvent) error {
		if e.Record.GetString("status") == "" {
			e.Record.Set("status", SiteNew)
		}
		return e.Next()
	}})
	app.OnRecordUpdate(collections.Sites).Bind(&hook.Handler[*core.RecordEvent]{Id: HookSiteReset, Func: func(e *core.RecordEvent) error {
		resetOnChange(e.App, e.Record)
		return e.Next()
	}})

	check := func(e *core.RecordRequestEvent) error {
		if e.HasSuperuserAuth() {
			return e.Next()
		}
		errs := validation.Errors{}
		for _, f := range CheckFields {
			if checkFieldChanged(e.Record, f) {
				errs[f] = validation.NewError("igny8_check_field", "Only igny8's connection check and sync set this field.")
			}
		}
		if len(errs) > 0 {
			return apis.NewBadRequestError("A site's status, check results and synced settings are set by igny8, not by edits.", errs)
		}
		return e.Next()
	}
	app.OnRecordCreateRequest(collections.Sites).Bind(&hook.Handler[*core.RecordRequestEvent]{Id: HookSiteCheckFields, Func: check})
	app.OnRecordUpdateRequest(collections.Sites).Bind(&hook.Handler[*core.RecordRequestEvent]{Id: HookSiteCheckFields, Func: check})
}

func storedURL(app core.App, site *core.Record) string {
	var url string
	if err := app.DB().Select("url").From(collections.Sites).Where(dbx.HashExp{"id": site.Id}).Row(&url); err != nil {
		return site.Original().GetString("url")
	}
	return url
}

func checkFieldChanged(r *core.Record, field string) bool {
	v := r.GetString(field)
	if r.IsNew() {
		return v != "" && v != "null" && !(field == "status" && v == SiteNew)
	}
	return v != r.Original().GetString(field)
}

// resetOnChange puts a site whose URL or credentials changed back to new, so
// nothing is sent to it until a check passes. When the host name changes,
// stored secrets not replaced in the same save are dropped: they were given
// for the old host, and the check would otherwise send the application
// password to whatever the new address is.
func resetOnChange(app core.App, site *core.Record) {
	// The stored row, not Original(): a record object saved twice keeps the
	// values it was loaded with as its original.
	orig, err := app.FindRecordById(collections.Sites, site.Id)
	if err != nil {
		orig = site.Original()
	}
	changed := false
	newHost := hostOf(site.GetString("url")) != hostOf(orig.GetString("url"))
	if site.GetString("url") != orig.GetString("url") {
		changed = true
	}
	for _, f := range credentialFields {
		if sameSecret(app, site.GetString(f), orig.GetString(f)) {
			if newHost && f != "wp_username" {
				site.Set(f, "")
			}
			continue
		}
		changed = true
	}
	if changed {
		site.Set("status", SiteNew)
	}
}

// sameSecret compares two stored values, decrypting encrypted ones (a value
// re-encrypted under a rotated key is the same secret).
func sameSecret(app core.App, a, b string) bool {
	if a == b {
		return true
	}
	pa, errA := tenancy.DecryptSecret(app, a)
	pb, errB := tenancy.DecryptSecret(app, b)
	return errA == nil && errB == nil && pa == pb
}

// hostOf is the lower-cased host name of a URL (ports and scheme aside: the
// same host on another port, or moved to https, is the same owner).
func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return strings.ToLower(u.Hostname())
}
