package collections

import (
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// Users is PocketBase's default auth collection, reused for igny8 people.
const (
	Users   = "users"
	UsersId = "_pb_users_auth_"
)

// NamePattern keeps people's names text: no angle brackets, so a name can
// never be markup wherever it is shown (web app, mails, WordPress authors).
const NamePattern = `^[^<>]*$`

// Mail links of the users collection open the web app's own pages (ui/:
// /verify/:token and /reset-password/:token, which call PocketBase's confirm
// routes) instead of the admin UI's confirm pages at /_/#/auth/..., which are
// meant for operators.
const (
	VerifyLinkAdmin = "{APP_URL}/_/#/auth/confirm-verification/{TOKEN}"
	VerifyLinkApp   = "{APP_URL}/verify/{TOKEN}"
	ResetLinkAdmin  = "{APP_URL}/_/#/auth/confirm-password-reset/{TOKEN}"
	ResetLinkApp    = "{APP_URL}/reset-password/{TOKEN}"
	// The email-change mail (sent to the new address) opens
	// /confirm-email-change/:token, which asks for the password and confirms.
	EmailChangeLinkAdmin = "{APP_URL}/_/#/auth/confirm-email-change/{TOKEN}"
	EmailChangeLinkApp   = "{APP_URL}/confirm-email-change/{TOKEN}"
)

// usersEmailIndex is PocketBase's unique email index made case-insensitive:
// sign-up lowercases addresses, and with COLLATE NOCASE PocketBase's own
// sign-in (and every FindAuthRecordByEmail) matches "Ada@Example.com" too.
const usersEmailIndex = "idx_email_" + UsersId

func buildUsers(c *core.Collection) {
	if c.Fields.GetByName("name") == nil {
		c.Fields.Add(&core.TextField{Name: "name", Max: 255})
	}
	if f, ok := c.Fields.GetByName("name").(*core.TextField); ok {
		f.Pattern = NamePattern
	}
	// Two-factor sign-in is each person's choice: with mfa set, PocketBase asks
	// for a one-time code by email after the password (MFA rule below).
	if c.Fields.GetByName("mfa") == nil {
		c.Fields.Add(&core.BoolField{Name: "mfa", Help: "two-factor sign-in: a one-time code by email after the password"})
	}
	c.OTP.Enabled = true
	c.MFA.Enabled = true
	c.MFA.Rule = "mfa = true"
	c.VerificationTemplate.Body = strings.ReplaceAll(c.VerificationTemplate.Body, VerifyLinkAdmin, VerifyLinkApp)
	c.ResetPasswordTemplate.Body = strings.ReplaceAll(c.ResetPasswordTemplate.Body, ResetLinkAdmin, ResetLinkApp)
	c.ConfirmEmailChangeTemplate.Body = strings.ReplaceAll(c.ConfirmEmailChangeTemplate.Body, EmailChangeLinkAdmin, EmailChangeLinkApp)
	c.RemoveIndex(usersEmailIndex)
	c.AddIndex(usersEmailIndex, true, "`email` COLLATE NOCASE", "`email` != ''")
	// Public sign-up is closed: /api/igny8/auth/signup creates the user together
	// with its workspace in one transaction.
	c.CreateRule = nil
	// People see themselves and the members of workspaces they share. The
	// signed-in guard comes first: for a user without memberships the back-
	// relation join is empty, and PocketBase matches an empty ?= against an
	// anonymous caller's empty auth id, which listed every such user to anyone.
	read := `@request.auth.id != "" && (id = @request.auth.id || memberships_via_user.tenant.memberships_via_tenant.user ?= @request.auth.id)`
	c.ListRule = Ptr(read)
	c.ViewRule = Ptr(read)
	c.UpdateRule = Ptr(`id = @request.auth.id`)
	c.DeleteRule = nil
}
