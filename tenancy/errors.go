package tenancy

import (
	"errors"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// APIError maps the tenancy errors to the HTTP errors routes return: 404 for
// anything outside the caller's workspaces, 403 for a role too low.
func APIError(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrNotMember), errors.Is(err, ErrNotFound):
		return apis.NewNotFoundError("Not found.", nil)
	case errors.Is(err, ErrRoleTooLow):
		return apis.NewForbiddenError(err.Error(), nil)
	default:
		return err
	}
}

// RequireAPI is Require for route handlers: it answers with the right HTTP error.
func RequireAPI(e *core.RequestEvent, tenantId, min string) (*core.Record, error) {
	m, err := Require(e.App, e.Auth, tenantId, min)
	return m, APIError(err)
}
