package wordpress

import (
	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/pocketbase/core"
)

// SlugMax is the longest slug igny8 sends (WordPress allows 200 bytes).
const SlugMax = 190

// slugOf is the slug of the content's post: its slug field, or its title,
// transliterated ("" lets WordPress make it from the title).
func slugOf(content *core.Record) string {
	if s := collections.TransliteratedSlug(content.GetString("slug"), SlugMax); s != "" {
		return s
	}
	return collections.TransliteratedSlug(content.GetString("title"), SlugMax)
}
