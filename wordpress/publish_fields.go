package wordpress

import (
	"github.com/igny8/igny8/collections"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// HookPublishFields is the id of the request hooks that keep the publisher's
// fields out of the collections API.
const HookPublishFields = "igny8.wordpress.publish_fields"

// PublisherFields are the fields of each collection only the publisher (and
// the adopt route) writes: which WordPress post and attachment belong to a
// record, their URLs and the publish state. An editor who could set them
// could point a publish at any post of the site (overwriting it) or put any
// string into the src of a published image.
var PublisherFields = map[string][]string{
	collections.Contents: {"wp_post_id", "wp_url", "wp_status", "publish_status", "publish_error", "wp_fingerprint", "wp_version", "wp_conflict"},
	collections.Images:   {"wp_media_id", "wp_url"},
}

// bindPublisherFields refuses a collections API create or update by anyone
// but a superuser that sets or changes a publisher field (a body that sends
// the stored value back unchanged is fine).
func bindPublisherFields(app core.App) {
	check := func(e *core.RecordRequestEvent) error {
		if e.HasSuperuserAuth() {
			return e.Next()
		}
		errs := validation.Errors{}
		for _, f := range PublisherFields[e.Collection.Name] {
			if changedByRequest(e.Record, f) {
				errs[f] = validation.NewError("igny8_publisher_field", "Only the WordPress publisher sets this field.")
			}
		}
		if len(errs) > 0 {
			return apis.NewBadRequestError("WordPress ids, URLs and publish state are set by publishing, not by edits.", errs)
		}
		return e.Next()
	}
	app.OnRecordCreateRequest(collections.Contents, collections.Images).Bind(&hook.Handler[*core.RecordRequestEvent]{Id: HookPublishFields, Func: check})
	app.OnRecordUpdateRequest(collections.Contents, collections.Images).Bind(&hook.Handler[*core.RecordRequestEvent]{Id: HookPublishFields, Func: check})
}

// changedByRequest says whether field differs from the stored record (for a
// new record: from its zero value; not_published and a JSON null count as zero).
func changedByRequest(r *core.Record, field string) bool {
	v := r.GetString(field)
	if r.IsNew() {
		// a JSON field (wp_conflict) reads "null" when unset
		return v != "" && v != "0" && v != "null" && !(field == "publish_status" && v == collections.PublishNone)
	}
	return v != r.Original().GetString(field)
}
