package workspaces

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"html"
	"net/http"
	"net/mail"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/hooks"
	"github.com/igny8/igny8/tenancy"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"
	"github.com/pocketbase/pocketbase/tools/security"
	"github.com/pocketbase/pocketbase/tools/types"
)

// InviteTTL is how long an invitation can be accepted.
const InviteTTL = 14 * 24 * time.Hour

// ErrInvitationNotFound is the one answer for an invitation that is missing,
// addressed to someone else, expired or already answered, so invitation ids
// reveal nothing to whoever guesses them.
var ErrInvitationNotFound = apis.NewNotFoundError("Invitation not found or no longer open.", nil)

type inviteForm struct {
	Email string `json:"email"`
	Role  string `json:"role"`
}

// invitationView is an invitation as its admins see it. Link is set only when
// mail is off: the inviter passes it on, since nothing else will.
type invitationView struct {
	Id      string `json:"id"`
	Tenant  string `json:"tenant"`
	Email   string `json:"email"`
	Role    string `json:"role"`
	Status  string `json:"status"`
	Expires string `json:"expires"`
	Mailed  bool   `json:"mailed"`
	Link    string `json:"link,omitempty"`
}

// invite creates (or renews) a pending invitation. Nothing else changes until
// the invited person accepts: no account is created for an unknown address and
// an existing user is not added to anything.
func invite(e *core.RequestEvent) error {
	tenantId := e.Request.PathValue("tenant")
	actor, err := tenancy.RequireWrite(e, tenantId, collections.RoleAdmin)
	if err != nil {
		return err
	}
	var f inviteForm
	if err := e.BindBody(&f); err != nil {
		return apis.NewBadRequestError("The request body is not valid JSON.", err)
	}
	f.Email = NormalizeEmail(f.Email)
	errs := map[string]string{}
	if !emailPattern.MatchString(f.Email) {
		errs["email"] = "A valid email address is required."
	}
	if !slices.Contains(collections.Roles, f.Role) {
		errs["role"] = "Role must be one of viewer, editor, admin, owner."
	}
	if len(errs) > 0 {
		return apis.NewBadRequestError("Please fix the highlighted fields.", fieldErrors(errs))
	}
	if err := checkCanGrant(actor, f.Role); err != nil {
		return err
	}
	tenant, err := e.App.FindRecordById(collections.Tenants, tenantId)
	if err != nil {
		return apis.NewNotFoundError("Not found.", nil)
	}

	token := security.RandomString(40)
	var inv *core.Record
	err = e.App.RunInTransaction(func(tx core.App) error {
		if user, err := tx.FindAuthRecordByEmail(collections.Users, f.Email); err == nil {
			if _, err := tenancy.Membership(tx, user.Id, tenantId); err == nil {
				return apis.NewBadRequestError("This person is already a member of the workspace.",
					fieldErrors(map[string]string{"email": "Already a member."}))
			}
		}
		inv, _ = tx.FindFirstRecordByFilter(collections.Invitations, "tenant = {:t} && email = {:e} && status = {:s}",
			dbx.Params{"t": tenantId, "e": f.Email, "s": collections.InvitePending})
		if inv == nil {
			col, err := tx.FindCachedCollectionByNameOrId(collections.Invitations)
			if err != nil {
				return err
			}
			inv = core.NewRecord(col)
			inv.Load(map[string]any{"tenant": tenantId, "email": f.Email, "status": collections.InvitePending})
		}
		// a renewed invitation gets a new role, link and expiry; the old link stops working
		inv.Set("role", f.Role)
		inv.Set("token_hash", hashToken(token))
		inv.Set("expires", time.Now().Add(InviteTTL).UTC())
		if e.Auth != nil && !e.Auth.IsSuperuser() {
			inv.Set("invited_by", e.Auth.Id)
		}
		return tx.Save(inv)
	})
	if err != nil {
		return asAPIError(err, "Could not create the invitation; nothing changed.")
	}
	link := InvitationLink(e.App, inv.Id, token)
	view := viewInvitation(inv)
	if hooks.MailEnabled(e.App) {
		if err := sendInvitation(e.App, e.Auth, tenant, inv, link); err != nil {
			e.App.Logger().Warn("invitation mail not sent", "error", err, "invitation", inv.Id)
			view.Link = link
		} else {
			view.Mailed = true
		}
	} else {
		view.Link = link
	}
	hooks.Audit(e.App, e.Auth, tenantId, "invitation.create", inv, map[string]any{"email": f.Email, "role": f.Role, "mailed": view.Mailed})
	return e.JSON(http.StatusOK, view)
}

// revokeInvitation withdraws a pending invitation (admins; owners for owner invitations).
func revokeInvitation(e *core.RequestEvent) error {
	tenantId := e.Request.PathValue("tenant")
	actor, err := tenancy.RequireWrite(e, tenantId, collections.RoleAdmin)
	if err != nil {
		return err
	}
	inv, err := e.App.FindRecordById(collections.Invitations, e.Request.PathValue("invitation"))
	if err != nil || inv.GetString("tenant") != tenantId || inv.GetString("status") != collections.InvitePending {
		return ErrInvitationNotFound
	}
	if err := checkCanGrant(actor, inv.GetString("role")); err != nil {
		return apis.NewForbiddenError("Only an owner can withdraw an owner invitation.", nil)
	}
	inv.Set("status", collections.InviteRevoked)
	inv.Set("token_hash", "")
	if err := e.App.Save(inv); err != nil {
		return apis.NewBadRequestError("Could not withdraw the invitation.", err)
	}
	hooks.Audit(e.App, e.Auth, tenantId, "invitation.revoke", inv, map[string]any{"email": inv.GetString("email"), "role": inv.GetString("role")})
	return e.NoContent(http.StatusNoContent)
}

// myInvitation is an open invitation as the invited person sees it.
type myInvitation struct {
	Id        string `json:"id"`
	Tenant    string `json:"tenant"`
	Workspace string `json:"workspace"`
	Role      string `json:"role"`
	InvitedBy string `json:"invited_by"`
	Expires   string `json:"expires"`
}

func listMyInvitations(e *core.RequestEvent) error {
	if e.Auth.Collection().Name != collections.Users {
		return e.JSON(http.StatusOK, map[string]any{"items": []myInvitation{}})
	}
	items, err := OpenInvitations(e.App, e.Auth.Email())
	if err != nil {
		return err
	}
	return e.JSON(http.StatusOK, map[string]any{"items": items})
}

// OpenInvitations lists the pending, unexpired invitations addressed to email.
func OpenInvitations(app core.App, email string) ([]myInvitation, error) {
	recs, err := app.FindRecordsByFilter(collections.Invitations, "email = {:e} && status = {:s} && expires > {:now}", "created", 0, 0,
		dbx.Params{"e": NormalizeEmail(email), "s": collections.InvitePending, "now": types.NowDateTime().String()})
	if err != nil {
		return nil, err
	}
	out := make([]myInvitation, 0, len(recs))
	for _, r := range recs {
		t, err := app.FindRecordById(collections.Tenants, r.GetString("tenant"))
		if err != nil {
			continue
		}
		by := ""
		if u, err := app.FindRecordById(collections.Users, r.GetString("invited_by")); err == nil {
			by = u.GetString("name")
		}
		out = append(out, myInvitation{r.Id, t.Id, t.GetString("name"), r.GetString("role"), by, r.GetDateTime("expires").String()})
	}
	return out, nil
}

type answerForm struct {
	Token string `json:"token"`
}

// openInvitationFor finds invitation id if it is open and addressed to the
// signed-in user; anything else is ErrInvitationNotFound.
func openInvitationFor(e *core.RequestEvent, app core.App) (*core.Record, error) {
	if e.Auth == nil || e.Auth.Collection().Name != collections.Users {
		return nil, ErrInvitationNotFound
	}
	inv, err := app.FindRecordById(collections.Invitations, e.Request.PathValue("invitation"))
	if err != nil || inv.GetString("status") != collections.InvitePending ||
		inv.GetString("email") != NormalizeEmail(e.Auth.Email()) ||
		!inv.GetDateTime("expires").Time().After(time.Now()) {
		return nil, ErrInvitationNotFound
	}
	return inv, nil
}

// acceptInvitation makes the invited person a member. The account's address
// must match the invitation and be proven: verified, or the link's token
// (which only reached that address). Otherwise anyone could sign up with a
// colleague's address before they do and take their seat.
func acceptInvitation(e *core.RequestEvent) error {
	var f answerForm
	if err := e.BindBody(&f); err != nil {
		return apis.NewBadRequestError("The request body is not valid JSON.", err)
	}
	var inv, member *core.Record
	err := e.App.RunInTransaction(func(tx core.App) error {
		var err error
		if inv, err = openInvitationFor(e, tx); err != nil {
			return err
		}
		if !e.Auth.Verified() && !tokenMatches(inv, f.Token) {
			return apis.NewForbiddenError("Open the invitation link from your email (or verify your email address) to accept.", nil)
		}
		tenant, err := tx.FindRecordById(collections.Tenants, inv.GetString("tenant"))
		if err != nil {
			return ErrInvitationNotFound
		}
		if err := tenancy.CheckWrite(e, tenant.Id); err != nil {
			return tenancy.APIError(err) // a suspended workspace takes no new members
		}
		if _, err := tenancy.Membership(tx, e.Auth.Id, tenant.Id); err == nil {
			return apis.NewBadRequestError("You are already a member of this workspace.", nil)
		}
		// answered first, so the seat it held is not counted twice by the plan limit
		inv.Set("status", collections.InviteAccepted)
		inv.Set("user", e.Auth.Id)
		inv.Set("token_hash", "")
		if err := tx.Save(inv); err != nil {
			return err
		}
		var inviter *core.Record
		if by := inv.GetString("invited_by"); by != "" {
			inviter, _ = tx.FindRecordById(collections.Users, by)
		}
		member, err = AddMember(tx, tenant, e.Auth, inv.GetString("role"), inviter)
		return err
	})
	if err != nil {
		return asAPIError(err, "Could not accept the invitation; nothing changed.")
	}
	hooks.Audit(e.App, e.Auth, inv.GetString("tenant"), "invitation.accept", inv, map[string]any{"role": inv.GetString("role"), "membership": member.Id})
	return e.JSON(http.StatusOK, member)
}

func declineInvitation(e *core.RequestEvent) error {
	inv, err := openInvitationFor(e, e.App)
	if err != nil {
		return err
	}
	inv.Set("status", collections.InviteDeclined)
	inv.Set("user", e.Auth.Id)
	inv.Set("token_hash", "")
	if err := e.App.Save(inv); err != nil {
		return apis.NewBadRequestError("Could not decline the invitation.", err)
	}
	hooks.Audit(e.App, e.Auth, inv.GetString("tenant"), "invitation.decline", inv, map[string]any{"role": inv.GetString("role")})
	return e.NoContent(http.StatusNoContent)
}

func viewInvitation(r *core.Record) invitationView {
	return invitationView{Id: r.Id, Tenant: r.GetString("tenant"), Email: r.GetString("email"), Role: r.GetString("role"),
		Status: r.GetString("status"), Expires: r.GetDateTime("expires").String()}
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func tokenMatches(inv *core.Record, token string) bool {
	stored := inv.GetString("token_hash")
	return token != "" && stored != "" && subtle.ConstantTimeCompare([]byte(stored), []byte(hashToken(token))) == 1
}

// InvitationLink is the web app address that opens invitation id with its token.
func InvitationLink(app core.App, id, token string) string {
	base := strings.TrimRight(app.Settings().Meta.AppURL, "/")
	return base + "/?invite=" + url.QueryEscape(id) + "&token=" + url.QueryEscape(token)
}

// sendInvitation mails the link; every user-supplied string is escaped.
func sendInvitation(app core.App, by *core.Record, tenant, inv *core.Record, link string) error {
	who := "Someone"
	if by != nil && !by.IsSuperuser() && by.GetString("name") != "" {
		who = by.GetString("name")
	} else if by != nil && by.IsSuperuser() {
		who = "An operator"
	}
	ws := tenant.GetString("name")
	s := app.Settings()
	text := fmt.Sprintf("%s invited you to the igny8 workspace %q as %s.\n\nOpen this link to accept or decline (valid for %d days):\n%s\n\nIf you have no igny8 account yet, sign up with this email address first.\n",
		who, ws, inv.GetString("role"), int(InviteTTL.Hours()/24), link)
	body := fmt.Sprintf(`<p>%s invited you to the igny8 workspace <strong>%s</strong> as %s.</p><p><a href="%s">Accept or decline the invitation</a> (valid for %d days).</p><p>If you have no igny8 account yet, sign up with this email address first.</p>`,
		html.EscapeString(who), html.EscapeString(ws), html.EscapeString(inv.GetString("role")), html.EscapeString(link), int(InviteTTL.Hours()/24))
	msg := &mailer.Message{
		From:    mail.Address{Name: s.Meta.SenderName, Address: s.Meta.SenderAddress},
		To:      []mail.Address{{Address: inv.GetString("email")}},
		Subject: "You are invited to " + strings.ReplaceAll(ws, "\n", " ") + " on igny8",
		HTML:    body,
		Text:    text,
	}
	return app.NewMailClient().Send(msg)
}

// NormalizeEmail is the one form of an address igny8 stores and compares.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
