package hooks

import (
	"net/http"
	"strings"

	"github.com/igny8/igny8/collections"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// ErrCodeIdNotSettable is the field error for a create that names its own id.
const ErrCodeIdNotSettable = "igny8_id_not_settable"

// bindRequestOracles closes two ways the collections API told another
// workspace's records apart from missing ones:
//
//   - a create naming an id: an id taken by any record (another workspace's
//     included) failed as not unique while a fresh one succeeded. Only
//     superusers choose ids; everyone else gets the same refusal for any id.
//   - filtering or sorting a platform-wide collection (plans, ai_models, users)
//     through a back-relation (`tenants_via_plan.name`): PocketBase applies the
//     joined collection's list rule by dropping rows, so which plans vanish,
//     and in which order the rest come, depended on other workspaces. Those
//     collections refuse back-relations in filter and sort for non-superusers.
func bindRequestOracles(app core.App) {
	app.OnRecordCreateRequest().Bind(collections.Handler(HookRecordIds, func(e *core.RecordRequestEvent) error {
		if e.HasSuperuserAuth() {
			return e.Next()
		}
		info, err := e.RequestInfo()
		if err != nil {
			return err
		}
		if id, ok := info.Body["id"]; ok && id != nil && id != "" {
			return apis.NewApiError(http.StatusBadRequest, "Failed to create record.",
				validation.Errors{"id": validation.NewError(ErrCodeIdNotSettable, "The id is assigned by the server.")})
		}
		return e.Next()
	}))
	app.OnRecordsListRequest().Bind(collections.Handler(HookBackRelationQueries, func(e *core.RecordsListRequestEvent) error {
		if e.HasSuperuserAuth() || !platformWide(e.Collection) {
			return e.Next()
		}
		q := e.Request.URL.Query()
		if strings.Contains(q.Get("filter"), "_via_") || strings.Contains(q.Get("sort"), "_via_") {
			return apis.NewBadRequestError("Filtering or sorting "+e.Collection.Name+" through back-relations (…_via_…) is not available.", nil)
		}
		return e.Next()
	}))
}

// platformWide reports whether c holds records shared by every workspace (no
// tenant field; the tenants collection itself is scoped by its id).
func platformWide(c *core.Collection) bool {
	return c.Name != collections.Tenants && c.Fields.GetByName("tenant") == nil
}
