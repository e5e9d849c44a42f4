// Package tenancy is the one shared place where Go code (custom routes, job
// handlers, cron jobs, realtime topics) checks workspace membership and role.
// API rules do the same for the REST API; everything that bypasses rules must
// come through here.
package tenancy

import (
	"errors"
	"fmt"
	"slices"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// ErrNotMember is returned when the user has no membership in the tenant. Routes
// answer it with 404 so a tenant's existence does not leak.
var ErrNotMember = errors.New("not a member of this workspace")

// ErrRoleTooLow is returned when the membership exists but its role is below the required one.
var ErrRoleTooLow = errors.New("your role does not allow this")

// Rank orders roles; a higher rank includes every permission of a lower one.
func Rank(role string) int {
	return slices.Index(collections.Roles, role) + 1
}

// Membership returns the membership of user in tenant or ErrNotMember.
func Membership(app core.App, userId, tenantId string) (*core.Record, error) {
	if userId == "" || tenantId == "" {
		return nil, ErrNotMember
	}
	rec, err := app.FindFirstRecordByFilter(collections.Memberships,
		"user = {:user} && tenant = {:tenant}", dbx.Params{"user": userId, "tenant": tenantId})
	if err != nil {
		return nil, ErrNotMember
	}
	return rec, nil
}

// Require checks that auth may act in tenant with at least role min. Superusers
// pass every check (they are platform operators) and get a nil membership.
func Require(app core.App, auth *core.Record, tenantId, min string) (*core.Record, error) {
	if auth == nil {
		return nil, ErrNotMember
	}
	if auth.IsSuperuser() {
		return nil, nil
	}
	if auth.Collection().Name != collections.Users {
		return nil, ErrNotMember
	}
	m, err := Membership(app, auth.Id, tenantId)
	if err != nil {
		return nil, err
	}
	if Rank(m.GetString("role")) < Rank(min) {
		return m, fmt.Errorf("%w: needs %s, you are %s", ErrRoleTooLow, min, m.GetString("role"))
	}
	return m, nil
}

// RequireRecord loads a tenant-scoped record of collection by id and checks that
// auth may act on it with role min. A record of another tenant is reported as
// not found, exactly like a missing one.
func RequireRecord(app core.App, auth *core.Record, collection, id, min string) (*core.Record, error) {
	rec, err := app.FindRecordById(collection, id)
	if err != nil {
		return nil, ErrNotFound
	}
	if _, err := Require(app, auth, rec.GetString("tenant"), min); err != nil {
		if errors.Is(err, ErrNotMember) {
			return nil, ErrNotFound
		}
		return nil, err
	}
	return rec, nil
}

// ErrNotFound is what a caller sees for a record that is missing or belongs to
// another tenant.
var ErrNotFound = errors.New("record not found")

// TenantsOf lists the ids of the tenants user belongs to.
func TenantsOf(app core.App, userId string) ([]string, error) {
	var ids []string
	err := app.DB().Select("tenant").From(collections.Memberships).
		Where(dbx.HashExp{"user": userId}).Column(&ids)
	return ids, err
}
