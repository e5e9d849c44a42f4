// Package notify tells people what needs them: a failed publish, credits
// running low or out, a failed payment or a suspension, a stalled automation,
// an invitation, an export that is ready. Each is a notifications record of
// one user in one workspace (read and deleted by that user only, live through
// the collection's realtime), linking to the page of the web app where it is
// fixed, and a mail when SMTP is set (the mail_log while it is not).
//
// The hooks watch the records the rest of igny8 already writes (jobs,
// credit_ledger, tenants, schedules, invitations, exports), so no module
// calls this package.
package notify

import (
	"errors"
	"fmt"
	"net/mail"
	"strings"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/mailer"
)

// Hook ids.
const (
	HookServe        = "igny8.notify.serve"
	HookPublish      = "igny8.notify.publishFailed"
	HookCredits      = "igny8.notify.credits"
	HookBilling      = "igny8.notify.billingStatus"
	HookAutomation   = "igny8.notify.automationStalled"
	HookInvitation   = "igny8.notify.invitation"
	HookExport       = "igny8.notify.exportReady"
	HookMemberLeaves = "igny8.notify.memberLeaves"
)

// Note is one notification to send.
type Note struct {
	User, Tenant, Kind, Text string
	// Link is the web app path where it is fixed (e.g. /t/acme/billing).
	Link string
	// Key makes it once per user (the event it is about).
	Key string
	// NoMail: the event mails on its own (an invitation).
	NoMail bool
}

// Register binds the hooks that create notifications and the mark-read route.
func Register(app core.App) error {
	collections.RememberRootApp(app)
	bindHooks(app)
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{Id: HookServe, Func: func(se *core.ServeEvent) error {
		se.Router.POST("/api/igny8/notifications/read", readRoute)
		return se.Next()
	}})
	return nil
}

// MustRegister is [Register] that panics on an error.
func MustRegister(app core.App) {
	if err := Register(app); err != nil {
		panic(err)
	}
}

// Send stores n (a second note with the same user and key adds nothing) and
// mails it. It reports whether n is new.
func Send(app core.App, n Note) (bool, error) {
	col, err := app.FindCachedCollectionByNameOrId(collections.Notifications)
	if err != nil {
		return false, err
	}
	if n.Key == "" || n.User == "" || n.Tenant == "" {
		return false, errors.New("notify: user, workspace and key are required")
	}
	if _, err := app.FindFirstRecordByFilter(collections.Notifications, "user = {:u} && key = {:k}", dbx.Params{"u": n.User, "k": n.Key}); err == nil {
		return false, nil
	}
	r := core.NewRecord(col)
	r.Load(map[string]any{"user": n.User, "tenant": n.Tenant, "kind": n.Kind, "text": collections.Truncate(n.Text, collections.NotificationTextMax),
		"link": n.Link, "key": n.Key, "read": false})
	if err := app.Save(r); err != nil {
		if strings.Contains(err.Error(), "UNIQUE") || strings.Contains(err.Error(), "validation_not_unique") {
			return false, nil // a racing hook stored it first
		}
		return false, fmt.Errorf("notify: %w", err)
	}
	if !n.NoMail {
		collections.AfterCommit(app, func(root core.App) { mailNote(root, n) })
	}
	return true, nil
}

// ToMembers sends n to every member of n.Tenant whose role is one of roles
// (n.User is ignored); errors are logged: a notification that fails must not
// undo the change it is about.
func ToMembers(app core.App, n Note, roles ...string) {
	members, err := app.FindRecordsByFilter(collections.Memberships, "tenant = {:t}", "", 0, 0, dbx.Params{"t": n.Tenant})
	if err != nil {
		app.Logger().Error("notify: members", "tenant", n.Tenant, "error", err)
		return
	}
	for _, m := range members {
		if !contains(roles, m.GetString("role")) {
			continue
		}
		n.User = m.GetString("user")
		if _, err := Send(app, n); err != nil {
			app.Logger().Error("notify: send", "kind", n.Kind, "user", n.User, "error", err)
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// mailNote mails n to its user: through SMTP when it is set, else into the
// mail_log (hooks' mail policy). A failure is logged: the in-app note stays.
func mailNote(app core.App, n Note) {
	u, err := app.FindRecordById(collections.Users, n.User)
	if err != nil || u.Email() == "" {
		return
	}
	link := strings.TrimRight(app.Settings().Meta.AppURL, "/") + n.Link
	msg := &mailer.Message{
		From:    mail.Address{Address: app.Settings().Meta.SenderAddress, Name: app.Settings().Meta.SenderName},
		To:      []mail.Address{{Address: u.Email()}},
		Subject: "igny8: " + collections.Truncate(n.Text, 90),
		Text:    n.Text + "\n\n" + link + "\n",
		HTML:    "<p>" + htmlEscape(n.Text) + "</p><p><a href=\"" + htmlEscape(link) + "\">Open igny8</a></p>",
	}
	if err := app.NewMailClient().Send(msg); err != nil {
		app.Logger().Warn("notify: mail not sent", "kind", n.Kind, "error", err)
	}
}
