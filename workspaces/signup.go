package workspaces

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"
)

// TrialPlan is the plan every self-service workspace starts on.
const TrialPlan = "trial"

type signupForm struct {
	Email     string `json:"email"`
	Password  string `json:"password"`
	Name      string `json:"name"`
	Workspace string `json:"workspace"`
}

func (f *signupForm) validate() map[string]string {
	errs := map[string]string{}
	f.Email = NormalizeEmail(f.Email)
	f.Name = strings.TrimSpace(f.Name)
	f.Workspace = strings.TrimSpace(f.Workspace)
	if !emailPattern.MatchString(f.Email) {
		errs["email"] = "A valid email address is required."
	}
	if len(f.Password) < 8 || len(f.Password) > 71 {
		errs["password"] = "The password must be 8 to 71 characters long."
	}
	if f.Name == "" || len(f.Name) > 255 {
		errs["name"] = "Your name is required (at most 255 characters)."
	} else if strings.ContainsAny(f.Name, "<>") {
		errs["name"] = "A name cannot contain < or >."
	}
	if f.Workspace == "" || len(f.Workspace) > 120 {
		errs["workspace"] = "A workspace name is required (at most 120 characters)."
	}
	return errs
}

var emailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)

// signup creates the user, a Trial workspace and the owner membership in one
// transaction, then answers like PocketBase's own auth endpoints (token + record)
// with the new tenant alongside.
func signup(e *core.RequestEvent) error {
	var f signupForm
	if err := e.BindBody(&f); err != nil {
		return apis.NewBadRequestError("The request body is not valid JSON.", err)
	}
	if errs := f.validate(); len(errs) > 0 {
		return apis.NewBadRequestError("Please fix the highlighted fields.", fieldErrors(errs))
	}
	if _, err := e.App.FindAuthRecordByEmail(collections.Users, f.Email); err == nil {
		return apis.NewBadRequestError("An account with this email already exists; sign in instead.",
			fieldErrors(map[string]string{"email": "Already registered."}))
	}

	var user, tenant *core.Record
	err := e.App.RunInTransaction(func(tx core.App) error {
		var err error
		if user, err = createUser(tx, f.Email, f.Password, f.Name); err != nil {
			return err
		}
		if tenant, err = CreateTenant(tx, f.Workspace, TrialPlan, collections.TenantTrialing); err != nil {
			return err
		}
		if _, err = AddMember(tx, tenant, user, collections.RoleOwner, nil); err != nil {
			return err
		}
		if err := holdSignupCredits(tx, tenant, user); err != nil {
			return err
		}
		tenant, err = tx.FindRecordById(collections.Tenants, tenant.Id) // the balance the ledger left
		return err
	})
	if err != nil {
		return apis.NewBadRequestError("Sign-up failed; nothing was created.", err)
	}
	// invitations sent to this address before the account existed wait for it
	invites, err := OpenInvitations(e.App, user.Email())
	if err != nil {
		e.App.Logger().Warn("open invitations not listed", "error", err)
	}
	return apis.RecordAuthResponse(e, user, "", map[string]any{"tenant": tenant, "invitations": invites})
}

func createUser(app core.App, email, password, name string) (*core.Record, error) {
	col, err := app.FindCollectionByNameOrId(collections.Users)
	if err != nil {
		return nil, err
	}
	u := core.NewRecord(col)
	u.SetEmail(email)
	u.SetPassword(password)
	u.Set("name", name)
	if err := app.Save(u); err != nil {
		return nil, fmt.Errorf("create user: %w", err)
	}
	return u, nil
}

// CreateTenant creates a workspace on plan with a unique slug derived from
// name; the plan's monthly credits are set by the billing hooks.
func CreateTenant(app core.App, name, planCode, status string) (*core.Record, error) {
	plan, err := app.FindFirstRecordByData(collections.Plans, "code", planCode)
	if err != nil {
		return nil, fmt.Errorf("plan %q: %w", planCode, err)
	}
	col, err := app.FindCollectionByNameOrId(collections.Tenants)
	if err != nil {
		return nil, err
	}
	slug, err := uniqueSlug(app, name)
	if err != nil {
		return nil, err
	}
	t := core.NewRecord(col)
	t.Load(map[string]any{"name": name, "slug": slug, "plan": plan.Id, "status": status})
	if err := app.Save(t); err != nil {
		return nil, fmt.Errorf("create workspace: %w", err)
	}
	return t, nil
}

func uniqueSlug(app core.App, name string) (string, error) {
	base := collections.Slug(name, 60)
	if base == "" {
		base = "workspace"
	}
	slug := base
	for i := 0; i < 5; i++ {
		n, err := app.CountRecords(collections.Tenants, dbx.HashExp{"slug": slug})
		if err != nil {
			return "", err
		}
		if n == 0 {
			return slug, nil
		}
		slug = base + "-" + strings.ToLower(security.RandomStringWithAlphabet(5, "abcdefghijklmnopqrstuvwxyz0123456789"))
	}
	return "", errors.New("could not find a free workspace slug")
}

// AddMember creates a membership; plan limits are enforced by the hooks package.
func AddMember(app core.App, tenant, user *core.Record, role string, invitedBy *core.Record) (*core.Record, error) {
	col, err := app.FindCollectionByNameOrId(collections.Memberships)
	if err != nil {
		return nil, err
	}
	m := core.NewRecord(col)
	m.Load(map[string]any{"user": user.Id, "tenant": tenant.Id, "role": role})
	if invitedBy != nil && !invitedBy.IsSuperuser() {
		m.Set("invited_by", invitedBy.Id)
	}
	if err := app.Save(m); err != nil {
		return nil, err
	}
	return m, nil
}

// fieldErrors shapes messages like PocketBase's own validation errors so
// clients render them next to the fields.
func fieldErrors(errs map[string]string) validation.Errors {
	out := make(validation.Errors, len(errs))
	for k, v := range errs {
		out[k] = validation.NewError("igny8_invalid", v)
	}
	return out
}
