package hooks

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"
)

// MailEnabled reports whether igny8 sends mail: only with SMTP configured in
// Settings → Mail. Without it PocketBase would fall back to a local sendmail,
// which a self-hosted server or container usually lacks, so every message
// would fail (and be lost) instead.
func MailEnabled(app core.App) bool {
	return app.Settings().SMTP.Enabled
}

// Hook ids of the mail policy.
const (
	HookMailOff       = "igny8.mailOff"
	HookAuthAlertOff  = "igny8.authAlertOff"
	HookMailOffNotice = "igny8.mailOffNotice"
)

//go:embed adminui
var adminUI embed.FS

// bindMailPolicy keeps mail honest while SMTP is off: login alerts are not
// attempted (every sign-in logged "failed to locate a sendmail executable
// path"), every other message (verification, password reset, OTP) goes to the
// superuser-only mail_log instead of a sendmail that is not there, the start-up
// log and the admin UI say that mail is off, and invitations hand their link
// to the inviter (workspaces package).
func bindMailPolicy(app core.App) {
	app.OnMailerRecordAuthAlertSend().Bind(collections.Handler(HookAuthAlertOff, func(e *core.MailerRecordEvent) error {
		if !MailEnabled(e.App) {
			return nil // a new-device alert nobody can receive is not worth a log line per sign-in
		}
		return e.Next()
	}))
	app.OnMailerSend().Bind(collections.Handler(HookMailOff, func(e *core.MailerEvent) error {
		if MailEnabled(e.App) {
			return e.Next()
		}
		return logMail(e.App, e.Message)
	}))
	app.OnServe().Bind(collections.Handler(HookMailOffNotice, func(se *core.ServeEvent) error {
		sub, _ := fs.Sub(adminUI, "adminui")
		se.UIExtensions = append(se.UIExtensions, core.UIExtension{Name: "igny8", FS: sub})
		if !MailEnabled(se.App) {
			msg := "Mail is off: no SMTP server in Settings → Mail. Verification and password-reset mail goes to the mail_log collection (superusers only); invitation links are shown to the inviter."
			se.App.Logger().Warn(msg)
			if se.Server != nil { // a real server: tell the terminal too
				fmt.Fprintln(os.Stderr, "igny8: "+msg)
			}
		}
		return se.Next()
	}))
}

func logMail(app core.App, msg *mailer.Message) error {
	col, err := app.FindCachedCollectionByNameOrId(collections.MailLog)
	if err != nil {
		return fmt.Errorf("mail is off and the mail log is missing: %w", err)
	}
	to := make([]string, 0, len(msg.To))
	for _, a := range msg.To {
		to = append(to, a.String())
	}
	r := core.NewRecord(col)
	r.Set("to", strings.Join(to, ", "))
	r.Set("subject", msg.Subject)
	r.Set("text", msg.Text)
	r.Set("html", msg.HTML)
	if err := app.Save(r); err != nil {
		return fmt.Errorf("store mail in the mail log: %w", err)
	}
	app.Logger().Info("Mail is off: message stored in mail_log", "mail_log", r.Id, "subject", msg.Subject)
	if app.IsDev() {
		fmt.Printf("Mail is off; stored in mail_log %s\n  To: %s\n  Subject: %s\n%s\n", r.Id, r.GetString("to"), msg.Subject, msg.Text)
	}
	return nil
}
