package tenancy

import "errors"

// ErrSuspended is returned for a write to a suspended workspace (unpaid past
// its grace period). Such a workspace is read-only everywhere: members read
// and export everything, nothing is lost, and writes resume once billing
// reactivates it. APIError answers it with 403 igny8_workspace_suspended.
var ErrSuspended = errors.New("the workspace is suspended; update billing to resume")
