package hooks

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Security events the audit log records besides API record changes (see
// audit_log.go) and the route-level ones (invitations, roles, members, site
// credentials, workspace AI keys, credit grants), which their routes write:
//
//   - auth.failed: a failed password or one-time-code sign-in, with the
//     identity tried and the client address (no tenant: superusers read them);
//   - user.credentials: a user's or superuser's password or email changed, by
//     any path (API, reset link, email-change link, admin UI).
const (
	HookAuditFailedPassword = "igny8.auditFailedPassword"
	HookAuditFailedOTP      = "igny8.auditFailedOTP"
	HookAuditCredentials    = "igny8.auditCredentials"
	CronLogRetention        = "igny8.logRetention"
)

// Retention of the logs igny8 keeps: the audit log a year (override with
// IGNY8_AUDIT_RETENTION_DAYS), the mail log 30 days.
const (
	EnvAuditRetentionDays     = "IGNY8_AUDIT_RETENTION_DAYS"
	DefaultAuditRetentionDays = 365
	MailLogRetentionDays      = 30
)

func bindSecurityAudit(app core.App) {
	app.OnRecordAuthWithPasswordRequest().Bind(collections.Handler(HookAuditFailedPassword, func(e *core.RecordAuthWithPasswordRequestEvent) error {
		err := e.Next()
		if err != nil {
			auditFailedSignIn(e.RequestEvent, e.Collection, e.Record, e.Identity, "password")
		}
		return err
	}))
	app.OnRecordAuthWithOTPRequest().Bind(collections.Handler(HookAuditFailedOTP, func(e *core.RecordAuthWithOTPRequestEvent) error {
		err := e.Next()
		if err != nil {
			auditFailedSignIn(e.RequestEvent, e.Collection, e.Record, "", "otp")
		}
		return err
	}))
	app.OnRecordUpdate(collections.Users, core.CollectionNameSuperusers).Bind(collections.Handler(HookAuditCredentials, func(e *core.RecordEvent) error {
		// compared with the stored row, as PocketBase's own token-key refresh
		// does: a record saved twice keeps its first loaded original
		before, err := e.App.FindRecordById(e.Record.Collection(), e.Record.Id)
		if err != nil {
			return e.Next()
		}
		var changed []string
		if before.GetString("password:hash") != e.Record.GetString("password:hash") {
			changed = append(changed, "password")
		}
		if before.Email() != e.Record.Email() {
			changed = append(changed, "email")
		}
		if err := e.Next(); err != nil || len(changed) == 0 {
			return err
		}
		c := map[string]any{"changed": changed}
		if before.Email() != e.Record.Email() {
			c["from"], c["to"] = before.Email(), e.Record.Email()
		}
		Audit(e.App, nil, "", "user.credentials", e.Record, c)
		return nil
	}))
	app.Cron().MustAdd(CronLogRetention, "17 3 * * *", func() {
		if err := PruneLogs(app, time.Now()); err != nil {
			app.Logger().Error("log retention", "error", err)
		}
	})
}

func auditFailedSignIn(e *core.RequestEvent, col *core.Collection, rec *core.Record, identity, method string) {
	changes := map[string]any{"collection": col.Name, "method": method, "ip": e.RealIP(), "identity": identity, "known": rec != nil}
	Audit(e.App, nil, "", "auth.failed", rec, changes)
}

// PruneLogs deletes audit entries older than the audit retention and mail log
// entries older than 30 days, counted back from now.
func PruneLogs(app core.App, now time.Time) error {
	days := DefaultAuditRetentionDays
	if v, err := strconv.Atoi(os.Getenv(EnvAuditRetentionDays)); err == nil && v > 0 {
		days = v
	}
	for col, keep := range map[string]int{collections.AuditLog: days, collections.MailLog: MailLogRetentionDays} {
		cut, _ := types.ParseDateTime(now.AddDate(0, 0, -keep).UTC())
		if _, err := app.DB().Delete(col, dbx.NewExp("created < {:cut}", dbx.Params{"cut": cut.String()})).Execute(); err != nil {
			return fmt.Errorf("prune %s: %w", col, err)
		}
	}
	return nil
}
