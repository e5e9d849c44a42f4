package jobs

import (
	"errors"

	"github.com/igny8/igny8/tenancy"
)

// Errors returned by Enqueue and Cancel.
var (
	ErrUnknownType              = errors.New("no handler is registered for this job type")
	ErrInvalidJob               = errors.New("invalid job")
	ErrWorkspaceSuspended       = tenancy.ErrSuspended // the one sentinel; tenancy owns writability
	ErrNotCancelable      error = &tenancy.StateError{Msg: "The job already finished."}
)

type permanentError struct{ err error }

func (p permanentError) Error() string { return p.err.Error() }
func (p permanentError) Unwrap() error { return p.err }

// Permanent marks err as not worth retrying (bad input, a 4xx from WordPress):
// the job fails at once and its credits are refunded.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanentError{err}
}

// IsPermanent reports whether err was marked with [Permanent].
func IsPermanent(err error) bool {
	var p permanentError
	return errors.As(err, &p)
}
