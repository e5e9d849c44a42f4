package tenancy

import (
	"database/sql"
	"errors"
	"fmt"
	"net/http"

	"github.com/igny8/igny8/billing"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
)

// Error codes of the policy errors, stable for clients to switch on: an
// answer carries one as data.<field>.code (the field named beside each).
const (
	// CodeSuspended (data.tenant): the workspace is suspended and read-only.
	CodeSuspended = "igny8_workspace_suspended"
	// CodeInsufficientCredits (data.credits, params need and balance): the
	// workspace cannot pay for the whole request.
	CodeInsufficientCredits = "igny8_insufficient_credits"
	// CodeRoleTooLow (data.role): the caller's role does not allow this.
	CodeRoleTooLow = "igny8_role_too_low"
	// CodeConflict (data.status): the record's state does not allow this now.
	CodeConflict = "igny8_conflict"
	// CodeBillingNotConfigured (data.billing): the instance has no Stripe key.
	CodeBillingNotConfigured = "igny8_billing_not_configured"
	// CodePaymentProvider (data.billing): Stripe failed or refused the call.
	CodePaymentProvider = "igny8_payment_provider"
	// CodeInternal (data.error): something failed on the server; the answer
	// says nothing more (the log has the cause).
	CodeInternal = "igny8_internal"
)

// StateError is an error a package returns when a record's state does not
// allow the action (a finished job canceled, a running one retried): the
// mapper answers 409 with CodeConflict and the error's own text, which must
// therefore be written for users.
type StateError struct{ Msg string }

func (e *StateError) Error() string { return e.Msg }

// APIError is the one mapper from the errors of tenancy, billing and the jobs
// engine to the HTTP errors igny8's routes answer, modelled on PocketBase's
// own: foreign or missing = 404, role too low = 403, suspended workspace =
// 403 igny8_workspace_suspended, short credits = 402
// igny8_insufficient_credits naming need and balance, a state conflict =
// 409, billing without a Stripe key = 503, a failed Stripe call = 502,
// validation errors = 400 with their fields, anything else = 500 whose
// text never reaches the client. API errors pass through unchanged. The
// igny8 route middleware (hooks.HookRouteErrors) applies it to every
// /api/igny8 answer, so a route may return these errors as they are.
func APIError(err error) error {
	var apiErr *router.ApiError
	var short *billing.ShortError
	var state *StateError
	var verrs validation.Errors
	switch {
	case err == nil:
		return nil
	case errors.As(err, &apiErr):
		return apiErr
	case errors.Is(err, ErrNotMember), errors.Is(err, ErrNotFound), errors.Is(err, sql.ErrNoRows):
		return apis.NewNotFoundError("Not found.", nil)
	case errors.Is(err, ErrRoleTooLow):
		return apis.NewForbiddenError(err.Error(), validation.Errors{"role": validation.NewError(CodeRoleTooLow, "Role too low.")})
	case errors.Is(err, ErrSuspended):
		return apis.NewForbiddenError("This workspace is suspended and read-only. Update billing to resume.",
			validation.Errors{"tenant": validation.NewError(CodeSuspended, "Workspace suspended.")})
	case errors.As(err, &short):
		return apis.NewApiError(http.StatusPaymentRequired,
			fmt.Sprintf("Not enough credits: this needs %d credits and the workspace has %d.", short.Need, short.Balance),
			validation.Errors{"credits": validation.NewError(CodeInsufficientCredits, "Not enough credits.").
				SetParams(map[string]any{"need": short.Need, "balance": short.Balance})})
	case errors.Is(err, billing.ErrInsufficientCredits):
		return apis.NewApiError(http.StatusPaymentRequired, "Not enough credits.",
			validation.Errors{"credits": validation.NewError(CodeInsufficientCredits, "Not enough credits.")})
	case errors.Is(err, billing.ErrNotConfigured):
		return apis.NewApiError(http.StatusServiceUnavailable,
			"Billing is not configured: this instance has no Stripe key. The operator changes plans and grants credits.",
			validation.Errors{"billing": validation.NewError(CodeBillingNotConfigured, "Billing is not configured.")})
	case errors.Is(err, billing.ErrPaymentProvider):
		return apis.NewApiError(http.StatusBadGateway, "Stripe did not answer as expected; try again in a moment.",
			validation.Errors{"billing": validation.NewError(CodePaymentProvider, "Payment provider error.")})
	case errors.As(err, &state):
		return apis.NewApiError(http.StatusConflict, state.Msg,
			validation.Errors{"status": validation.NewError(CodeConflict, "Not possible in the current state.")})
	case errors.As(err, &verrs):
		return apis.NewBadRequestError("Some values are invalid.", verrs)
	default:
		// the raw error stays in the request log, never in the answer
		a := apis.NewInternalServerError("Something went wrong on our side.", err)
		a.Data = map[string]any{"error": map[string]any{"code": CodeInternal, "message": "Internal error."}}
		return a
	}
}

// RequireAPI is Require for route handlers: it answers with the right HTTP error.
func RequireAPI(e *core.RequestEvent, tenantId, min string) (*core.Record, error) {
	m, err := Require(e.App, e.Auth, tenantId, min)
	return m, APIError(err)
}
