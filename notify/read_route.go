package notify

import (
	"html"
	"net/http"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

func htmlEscape(s string) string { return html.EscapeString(s) }

// readBody names the notifications to mark read: ids, or all of the
// caller's unread ones (in one workspace when tenant is set).
type readBody struct {
	Ids    []string `json:"ids"`
	All    bool     `json:"all"`
	Tenant string   `json:"tenant"`
}

// maxRead bounds one call (the app marks what it shows).
const maxRead = 500

// readRoute (any signed-in user) marks the caller's own notifications read
// and answers how many changed. Others' ids change nothing and are not
// reported apart (a foreign id is the same as a missing one). Each record is
// saved, so the caller's other tabs see it through realtime.
func readRoute(e *core.RequestEvent) error {
	if e.Auth == nil || e.Auth.Collection().Name != collections.Users {
		return apis.NewUnauthorizedError("Sign in first.", nil)
	}
	var body readBody
	if err := e.BindBody(&body); err != nil {
		return apis.NewBadRequestError("Invalid body.", err)
	}
	if !body.All && len(body.Ids) == 0 || len(body.Ids) > maxRead {
		return apis.NewBadRequestError("Name the notifications (ids, at most 500) or all.", nil)
	}
	where := dbx.And(dbx.HashExp{"user": e.Auth.Id, "read": false})
	if body.All {
		if body.Tenant != "" {
			where = dbx.And(where, dbx.HashExp{"tenant": body.Tenant})
		}
	} else {
		ids := make([]any, len(body.Ids))
		for i, id := range body.Ids {
			ids[i] = id
		}
		where = dbx.And(where, dbx.In("id", ids...))
	}
	var recs []*core.Record
	if err := e.App.RecordQuery(collections.Notifications).AndWhere(where).Limit(maxRead).All(&recs); err != nil {
		return err
	}
	n := 0
	for _, r := range recs {
		r.Set("read", true)
		if err := e.App.Save(r); err != nil {
			return err
		}
		n++
	}
	return e.JSON(http.StatusOK, map[string]any{"updated": n})
}
