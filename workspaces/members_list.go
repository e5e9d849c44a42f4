package workspaces

import (
	"net/http"
	"slices"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// memberView is one row of the Team page.
type memberView struct {
	Membership string `json:"membership"`
	User       string `json:"user"`
	Name       string `json:"name"`
	// Email is answered to the workspace's admins and owners only (who invite
	// and manage members); the others see names. A user's own email is
	// always theirs to see.
	Email   string `json:"email,omitempty"`
	Role    string `json:"role"`
	Joined  string `json:"joined"`
	You     bool   `json:"you"`
	Invited string `json:"invited_by,omitempty"`
}

// listMembers answers the workspace's members, owners first (any member; 404
// for anyone else). The users collection's own rules show co-members' names
// but not their emails (emailVisibility), which admins need to manage the
// team, so this route reads them for admins.
func listMembers(e *core.RequestEvent) error {
	tenantId := e.Request.PathValue("tenant")
	actor, err := tenancy.RequireAPI(e, tenantId, collections.RoleViewer)
	if err != nil {
		return err
	}
	admin := actor == nil || tenancy.Rank(actor.GetString("role")) >= tenancy.Rank(collections.RoleAdmin)
	ms, err := e.App.FindRecordsByFilter(collections.Memberships, "tenant = {:t}", "created", 0, 0, dbx.Params{"t": tenantId})
	if err != nil {
		return tenancy.APIError(err)
	}
	ids := make([]string, 0, len(ms))
	for _, m := range ms {
		ids = append(ids, m.GetString("user"))
	}
	users, err := e.App.FindRecordsByIds(collections.Users, ids)
	if err != nil {
		return tenancy.APIError(err)
	}
	byId := make(map[string]*core.Record, len(users))
	for _, u := range users {
		byId[u.Id] = u
	}
	out := make([]memberView, 0, len(ms))
	for _, m := range ms {
		u := byId[m.GetString("user")]
		if u == nil {
			continue
		}
		v := memberView{Membership: m.Id, User: u.Id, Name: u.GetString("name"), Role: m.GetString("role"),
			Joined: m.GetDateTime("created").String(), You: e.Auth != nil && e.Auth.Id == u.Id, Invited: m.GetString("invited_by")}
		if admin || v.You {
			v.Email = u.Email()
		}
		out = append(out, v)
	}
	// owners first, then by role, each in joining order
	slices.SortStableFunc(out, func(a, b memberView) int { return tenancy.Rank(b.Role) - tenancy.Rank(a.Role) })
	return e.JSON(http.StatusOK, map[string]any{"items": out})
}
