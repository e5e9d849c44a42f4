package writer

import (
	"fmt"
	"net/http"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/hooks"
	"github.com/igny8/igny8/tenancy"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// HookEditorial is the id of the request hooks that keep manual edits clean
// and force status changes through the editorial route.
const HookEditorial = "igny8.writer.editorial"

// Transitions maps "from>to" to the least role that may make the move: editors
// submit and withdraw, admins approve and reopen approved work.
var Transitions = map[string]string{
	collections.ContentDraft + ">" + collections.ContentReview:    collections.RoleEditor,
	collections.ContentReview + ">" + collections.ContentDraft:    collections.RoleEditor,
	collections.ContentReview + ">" + collections.ContentApproved: collections.RoleAdmin,
	collections.ContentApproved + ">" + collections.ContentReview: collections.RoleAdmin,
	collections.ContentApproved + ">" + collections.ContentDraft:  collections.RoleAdmin,
}

// derivedFields are computed by reparse and never taken from a request body.
var derivedFields = []string{"word_count", "reading_minutes", "image_slots"}

// bindEditorial makes manual edits through the collections API safe and
// versioned: HTML is sanitised and measured like generated HTML, the author is
// recorded, an edit of approved work sends it back to review, and the status
// only moves through POST /api/igny8/writer/contents/{id}/status.
func bindEditorial(app core.App) {
	app.OnRecordCreateRequest(collections.Contents).Bind(&hook.Handler[*core.RecordRequestEvent]{Id: HookEditorial,
		Func: func(e *core.RecordRequestEvent) error {
			if !e.HasSuperuserAuth() {
				if s := e.Record.GetString("status"); s != "" && s != collections.ContentDraft {
					return statusError()
				}
				e.Record.Set("status", collections.ContentDraft)
			}
			if err := cleanEdit(e); err != nil {
				return err
			}
			return e.Next()
		}})
	app.OnRecordUpdateRequest(collections.Contents).Bind(&hook.Handler[*core.RecordRequestEvent]{Id: HookEditorial,
		Func: func(e *core.RecordRequestEvent) error {
			orig := e.Record.Original()
			if !e.HasSuperuserAuth() && e.Record.GetString("status") != orig.GetString("status") {
				return statusError()
			}
			if err := cleanEdit(e); err != nil {
				return err
			}
			if versionedChange(e.Record) && orig.GetString("status") == collections.ContentApproved {
				e.Record.Set("status", collections.ContentReview)
			}
			return e.Next()
		}})
}

func statusError() error {
	return apis.NewBadRequestError("Change the status with POST /api/igny8/writer/contents/{id}/status.",
		validation.Errors{"status": validation.NewError("igny8_status_route", "Use the editorial status route.")})
}

// cleanEdit reparses changed HTML and marks the version as the user's edit.
func cleanEdit(e *core.RecordRequestEvent) error {
	rec := e.Record
	orig := rec.Original()
	if rec.IsNew() || rec.GetString("html") != orig.GetString("html") {
		p, err := Reparse(rec.GetString("html"))
		if err != nil {
			return apis.NewBadRequestError("The HTML could not be parsed.", err)
		}
		apply(rec, p)
	} else {
		for _, f := range derivedFields {
			rec.Set(f, orig.Get(f))
		}
	}
	MarkVersion(rec, collections.VersionEdit, tenancy.AuthId(e.RequestEvent), "")
	return nil
}

// statusForm is the body of the status route.
type statusForm struct {
	Status string `json:"status"`
}

// setStatus moves a content through the editorial flow, checking the role the
// transition needs.
func setStatus(e *core.RequestEvent) error {
	content, err := tenancy.RequireRecordWrite(e, collections.Contents, e.Request.PathValue("id"), collections.RoleEditor)
	if err != nil {
		return tenancy.APIError(err)
	}
	var f statusForm
	if err := e.BindBody(&f); err != nil {
		return apis.NewBadRequestError("The request body is not valid JSON.", err)
	}
	from := content.GetString("status")
	if from == "" {
		from = collections.ContentDraft
	}
	min, ok := Transitions[from+">"+f.Status]
	if !ok {
		return apis.NewBadRequestError(fmt.Sprintf("A %s content cannot move to %q.", from, f.Status),
			validation.Errors{"status": validation.NewError("igny8_transition", "Not an allowed transition.")})
	}
	if _, err := tenancy.RequireAPI(e, content.GetString("tenant"), min); err != nil {
		return err
	}
	content.Set("status", f.Status)
	if err := e.App.Save(content); err != nil {
		return apis.NewBadRequestError("Could not change the status.", err)
	}
	hooks.Audit(e.App, e.Auth, content.GetString("tenant"), "content.status", content, map[string]any{"from": from, "to": f.Status})
	return e.JSON(http.StatusOK, map[string]any{"id": content.Id, "status": f.Status, "from": from, "version": content.GetInt("version")})
}
