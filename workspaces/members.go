package workspaces

import (
	"errors"
	"net/http"
	"slices"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/hooks"
	"github.com/igny8/igny8/tenancy"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
)

// workspaceView is one entry of the tenant switcher.
type workspaceView struct {
	Id     string `json:"id"`
	Name   string `json:"name"`
	Slug   string `json:"slug"`
	Status string `json:"status"`
	Plan   string `json:"plan"`
	Role   string `json:"role"`
	Member string `json:"membership"`
}

func listMine(e *core.RequestEvent) error {
	ms, err := e.App.FindRecordsByFilter(collections.Memberships, "user = {:u}", "created", 0, 0, dbx.Params{"u": e.Auth.Id})
	if err != nil {
		return err
	}
	out := make([]workspaceView, 0, len(ms))
	for _, m := range ms {
		t, err := e.App.FindRecordById(collections.Tenants, m.GetString("tenant"))
		if err != nil {
			continue
		}
		out = append(out, workspaceView{t.Id, t.GetString("name"), t.GetString("slug"), t.GetString("status"), t.GetString("plan"), m.GetString("role"), m.Id})
	}
	return e.JSON(http.StatusOK, map[string]any{"items": out})
}

// checkCanGrant keeps admins from creating or touching owners; only owners
// (and superusers, whose actor membership is nil) may.
func checkCanGrant(actor *core.Record, role string) error {
	if role == collections.RoleOwner && actor != nil && actor.GetString("role") != collections.RoleOwner {
		return apis.NewForbiddenError("Only an owner can make someone an owner.", nil)
	}
	return nil
}

type roleForm struct {
	Role string `json:"role"`
}

func changeRole(e *core.RequestEvent) error {
	tenantId := e.Request.PathValue("tenant")
	actor, err := tenancy.RequireWrite(e, tenantId, collections.RoleAdmin)
	if err != nil {
		return err
	}
	target, err := findMembership(e, tenantId)
	if err != nil {
		return err
	}
	var f roleForm
	if err := e.BindBody(&f); err != nil || !slices.Contains(collections.Roles, f.Role) {
		return apis.NewBadRequestError("Role must be one of viewer, editor, admin, owner.",
			fieldErrors(map[string]string{"role": "Invalid role."}))
	}
	if err := checkCanGrant(actor, f.Role); err != nil {
		return err
	}
	if err := checkCanGrant(actor, target.GetString("role")); err != nil {
		return apis.NewForbiddenError("Only an owner can change an owner's role.", nil)
	}
	old := target.GetString("role")
	err = e.App.RunInTransaction(func(tx core.App) error {
		if old == collections.RoleOwner && f.Role != collections.RoleOwner {
			if err := ensureAnotherOwner(tx, tenantId, target.Id); err != nil {
				return err
			}
		}
		target.Set("role", f.Role)
		return tx.Save(target)
	})
	if err != nil {
		return asAPIError(err, "Could not change the role; nothing changed.")
	}
	hooks.Audit(e.App, e.Auth, tenantId, "member.role", target, map[string]any{"from": old, "to": f.Role})
	return e.JSON(http.StatusOK, target)
}

// removeMember removes a membership. Admins remove non-owners; anyone may leave
// (remove their own membership); the last owner can do neither.
func removeMember(e *core.RequestEvent) error {
	tenantId := e.Request.PathValue("tenant")
	actor, err := tenancy.RequireWrite(e, tenantId, collections.RoleViewer)
	if err != nil {
		return err
	}
	target, err := findMembership(e, tenantId)
	if err != nil {
		return err
	}
	self := actor != nil && actor.Id == target.Id
	if !self {
		if _, err := tenancy.RequireAPI(e, tenantId, collections.RoleAdmin); err != nil {
			return err
		}
		if err := checkCanGrant(actor, target.GetString("role")); err != nil {
			return apis.NewForbiddenError("Only an owner can remove an owner.", nil)
		}
	}
	err = e.App.RunInTransaction(func(tx core.App) error {
		if target.GetString("role") == collections.RoleOwner {
			if err := ensureAnotherOwner(tx, tenantId, target.Id); err != nil {
				return err
			}
		}
		return tx.Delete(target)
	})
	if err != nil {
		return asAPIError(err, "Could not remove the member; nothing changed.")
	}
	hooks.Audit(e.App, e.Auth, tenantId, "member.remove", nil, map[string]any{"membership": target.Id, "user": target.GetString("user")})
	return e.NoContent(http.StatusNoContent)
}

func findMembership(e *core.RequestEvent, tenantId string) (*core.Record, error) {
	m, err := e.App.FindRecordById(collections.Memberships, e.Request.PathValue("membership"))
	if err != nil || m.GetString("tenant") != tenantId {
		return nil, apis.NewNotFoundError("Membership not found in this workspace.", nil)
	}
	return m, nil
}

// ErrLastOwner is returned when a change would leave a workspace without an owner.
var ErrLastOwner = apis.NewBadRequestError("A workspace needs at least one owner: make someone else owner first.", nil)

func ensureAnotherOwner(app core.App, tenantId, exceptMembership string) error {
	n, err := app.CountRecords(collections.Memberships, dbx.HashExp{"tenant": tenantId, "role": collections.RoleOwner}, dbx.Not(dbx.HashExp{"id": exceptMembership}))
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrLastOwner
	}
	return nil
}

func asAPIError(err error, fallback string) error {
	var apiErr *router.ApiError
	if errors.As(err, &apiErr) {
		return apiErr
	}
	return apis.NewBadRequestError(fallback, err)
}
