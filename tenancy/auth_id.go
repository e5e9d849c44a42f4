package tenancy

import (
	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/pocketbase/core"
)

// AuthId is the id of the workspace user behind a request, as the records
// that name who asked for something store it (jobs.created_by, a content
// version's author, an import's user): empty for a guest, a superuser and any
// other auth collection. A superuser is a platform operator, not a member of
// the workspace, and the readers of those fields look the id up among users
// and memberships (notify, the import audit); the audit log tells superusers
// apart on its own (actor_type). Every route takes the id from here.
func AuthId(e *core.RequestEvent) string {
	if e.Auth == nil || e.Auth.Collection().Name != collections.Users {
		return ""
	}
	return e.Auth.Id
}
