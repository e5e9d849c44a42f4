package tenancy

import (
	"errors"
	"fmt"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// ErrSuspended is returned for a write to a suspended workspace (unpaid past
// its grace period). Such a workspace is read-only everywhere: members read
// and export everything, nothing is lost, and writes resume once billing
// reactivates it. APIError answers it with 403 igny8_workspace_suspended.
var ErrSuspended = errors.New("the workspace is suspended; update billing to resume")

// HeaderWarning carries a warning about the workspace on an answer that
// otherwise succeeded; today only CodePastDue.
const HeaderWarning = "X-Igny8-Warning"

// CodePastDue (in HeaderWarning) says the workspace's payment failed: it
// keeps working through its grace period, after which billing suspends it.
const CodePastDue = "igny8_workspace_past_due"

// WritableStatus is the writability policy on a workspace status, the one
// place it is decided: suspended refuses with ErrSuspended, past_due is
// writable with a warning (pastDue true), every other status is writable.
// The jobs engine applies it to the status it reads with its own checks.
func WritableStatus(status string) (pastDue bool, err error) {
	switch status {
	case collections.TenantSuspended:
		return false, ErrSuspended
	case collections.TenantPastDue:
		return true, nil
	}
	return false, nil
}

// Writable reads tenant's stored status (never a value from a request) and
// applies WritableStatus. A missing workspace is ErrNotFound.
func Writable(app core.App, tenantId string) (pastDue bool, err error) {
	var status string
	if err := app.DB().Select("status").From(collections.Tenants).Where(dbx.HashExp{"id": tenantId}).Row(&status); err != nil {
		return false, fmt.Errorf("%w: workspace %q", ErrNotFound, tenantId)
	}
	return WritableStatus(status)
}

// CheckWrite is the writability check of a request that writes on behalf of
// tenant: ErrSuspended for a suspended workspace, and for a past-due one the
// HeaderWarning on the answer. Superusers (platform operators) may write to a
// suspended workspace, as on the collections API; the jobs engine still
// queues no work for it. Every custom route that writes calls it, mostly
// through RequireWrite or RequireRecordWrite.
func CheckWrite(e *core.RequestEvent, tenantId string) error {
	pastDue, err := Writable(e.App, tenantId)
	if pastDue {
		e.Response.Header().Set(HeaderWarning, CodePastDue)
	}
	if err != nil && e.HasSuperuserAuth() && errors.Is(err, ErrSuspended) {
		return nil
	}
	return err
}

// RequireWrite is RequireAPI for a route that writes: the role check, then
// CheckWrite. Errors are API errors.
func RequireWrite(e *core.RequestEvent, tenantId, min string) (*core.Record, error) {
	m, err := Require(e.App, e.Auth, tenantId, min)
	if err == nil {
		err = CheckWrite(e, tenantId)
	}
	return m, APIError(err)
}

// RequireRecordWrite is RequireRecord for a route that writes on the record
// (or on its workspace's behalf): foreign = 404, role, then CheckWrite.
// Errors are API errors.
func RequireRecordWrite(e *core.RequestEvent, collection, id, min string) (*core.Record, error) {
	rec, err := RequireRecord(e.App, e.Auth, collection, id, min)
	if err == nil {
		err = CheckWrite(e, rec.GetString("tenant"))
	}
	if err != nil {
		return nil, APIError(err)
	}
	return rec, nil
}
