package hooks

import (
	"fmt"

	"github.com/igny8/igny8/collections"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// Hook ids of two-factor sign-in.
const (
	HookMFANeedsMail       = "igny8.mfaNeedsMail"
	HookSuperuserCodeShown = "igny8.superuserCodeOnTerminal"
)

// bindTwoFactor keeps two-factor sign-in usable. The second factor is a code
// by email, so a user can turn it on only while mail is on (otherwise they
// would lock themselves out); a superuser, who must use it, gets the code on
// the server's terminal while mail is off (whoever runs the server may sign in
// as its operator anyway), besides the mail log.
func bindTwoFactor(app core.App) {
	app.OnRecordValidate(collections.Users).Bind(collections.Handler(HookMFANeedsMail, func(e *core.RecordEvent) error {
		if e.Record.GetBool("mfa") && !e.Record.Original().GetBool("mfa") && !MailEnabled(e.App) {
			return validation.Errors{"mfa": validation.NewError("igny8_mail_off",
				"Two-factor sign-in sends a code by email, and mail is not configured on this server yet; ask its operator.")}
		}
		return e.Next()
	}))
	app.OnMailerRecordOTPSend(core.CollectionNameSuperusers).Bind(collections.Handler(HookSuperuserCodeShown, func(e *core.MailerRecordEvent) error {
		if !MailEnabled(e.App) {
			code, _ := e.Meta["password"].(string)
			fmt.Printf("igny8: mail is off; sign-in code for superuser %s: %s\n", e.Record.Email(), code)
		}
		return e.Next()
	}))
}
