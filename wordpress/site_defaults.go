package wordpress

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/igny8/igny8/collections"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// PublishDefaults are the parts of a site's igny8 defaults (sites.defaults,
// set on the Sites page) the publisher applies: the WordPress status a
// published article gets, the categories of an article that names none, and
// the author over core REST (the plugin publishes as its linked user).
// images_per_article belongs to the writer (writer.ImagesPerArticle).
type PublishDefaults struct {
	PostStatus string   `json:"post_status"`
	Categories []string `json:"categories"`
	Author     int      `json:"author"`
}

// DefaultStatuses are the post statuses a site's defaults may name; an
// article given a future date is still scheduled ("future") whatever they say.
var DefaultStatuses = []string{PostPublish, PostDraft, PostPending, PostPrivate}

// maxDefaultCategories bounds sites.defaults.categories.
const maxDefaultCategories = 50

// SiteDefaults reads site's publish defaults; a missing or unknown status is
// "publish", and anything malformed is left out (the save hook refuses it, so
// only data from before the hook can be malformed).
func SiteDefaults(site *core.Record) PublishDefaults {
	var raw struct {
		PostStatus any `json:"post_status"`
		Categories any `json:"categories"`
		Author     any `json:"author"`
	}
	_ = site.UnmarshalJSONField("defaults", &raw)
	d := PublishDefaults{PostStatus: PostPublish}
	if s, ok := raw.PostStatus.(string); ok && slices.Contains(DefaultStatuses, s) {
		d.PostStatus = s
	}
	if list, ok := raw.Categories.([]any); ok {
		for _, c := range list {
			if s, ok := c.(string); ok && s != "" && len(d.Categories) < maxDefaultCategories {
				d.Categories = append(d.Categories, s)
			}
		}
	}
	if n, ok := raw.Author.(float64); ok && n > 0 && n == float64(int(n)) {
		d.Author = int(n)
	}
	return d
}

// CheckSiteDefaults validates sites.defaults as the Sites page writes it:
// post_status one of DefaultStatuses, categories a list of at most 50 names
// WordPress can store, author a WordPress user id, images_per_article a whole
// number from 0 to 8. It names the first field that is wrong.
func CheckSiteDefaults(raw []byte) (field string, err error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var d map[string]json.RawMessage
	if err := json.Unmarshal(raw, &d); err != nil {
		return "defaults", fmt.Errorf("the defaults must be an object")
	}
	if v, ok := d["post_status"]; ok {
		var s string
		if json.Unmarshal(v, &s) != nil || !slices.Contains(DefaultStatuses, s) {
			return "post_status", fmt.Errorf("the post status must be publish, draft, pending or private")
		}
	}
	if v, ok := d["categories"]; ok {
		var cats []string
		if json.Unmarshal(v, &cats) != nil || len(cats) > maxDefaultCategories {
			return "categories", fmt.Errorf("the categories must be a list of at most %d names", maxDefaultCategories)
		}
		if err := checkTermNames("categories", cats); err != nil {
			return "categories", err
		}
	}
	if v, ok := d["author"]; ok {
		var n float64
		if json.Unmarshal(v, &n) != nil || n < 0 || n != float64(int(n)) {
			return "author", fmt.Errorf("the author must be a WordPress user id")
		}
	}
	if v, ok := d["images_per_article"]; ok {
		var n float64
		if json.Unmarshal(v, &n) != nil || n < 0 || n > 8 || n != float64(int(n)) {
			return "images_per_article", fmt.Errorf("the images per article must be a whole number from 0 to 8")
		}
	}
	return "", nil
}

// HookSiteDefaults refuses a sites.defaults the publisher and the writer
// could not apply (CheckSiteDefaults), with a field error naming the part.
const HookSiteDefaults = "igny8.wordpress.site_defaults"

func bindSiteDefaults(app core.App) {
	app.OnRecordValidate(collections.Sites).Bind(&hook.Handler[*core.RecordEvent]{Id: HookSiteDefaults, Func: func(e *core.RecordEvent) error {
		raw, _ := json.Marshal(e.Record.Get("defaults"))
		if field, err := CheckSiteDefaults(raw); err != nil {
			return validation.Errors{"defaults": validation.NewError("igny8_invalid_defaults", err.Error()).SetParams(map[string]any{"field": field})}
		}
		return e.Next()
	}})
}
