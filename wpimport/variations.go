package wpimport

import (
	"fmt"
	"regexp"
	"strconv"

	"github.com/pocketbase/pocketbase/core"
)

// The old plugin's personalised rewrites (the igny8_variations table, the
// same in both shapes: a post, the hash of the normalised visitor inputs,
// the inputs as JSON and the HTML written for them) become igny8's
// variations: one record per post and inputs, pointing at the post's igny8
// content when the post became one (else kept with its post id alone).
// They are not content_versions: those are one article's history, numbered
// and restorable as the article, and have no place for the inputs a
// variation means nothing without.

func init() {
	known["igny8_variations"] = []string{"id", "post_id", "fields_hash", "fields_json", "content", "created_at", "updated_at"}
}

var sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)

func (im *importer) variations(tx core.App) error {
	if !im.opts.wants(KindVariations) {
		return nil
	}
	k := kindByName(KindVariations)
	return im.each(KindVariations, "igny8_variations", "", func(t *Table, src, legacy string, r row) error {
		post := ref("", r, "post_id")
		if post == "" {
			im.rep.skip(t, legacy, "the variation names no post")
			return nil
		}
		hash := lower(r.str("fields_hash"))
		if !sha256Hex.MatchString(hash) {
			im.rep.skip(t, legacy, fmt.Sprintf("fields_hash %q is not a SHA-256 of the inputs", clip(hash)))
			return nil
		}
		inputs, _ := decodeValue(im.text(t, legacy, r, "fields_json"))
		m, ok := inputs.(map[string]any)
		if !ok {
			im.rep.skip(t, legacy, fmt.Sprintf("fields_json %q is not a JSON object of visitor inputs", clip(r.str("fields_json"))))
			return nil
		}
		html := im.text(t, legacy, r, "content")
		if html == "" {
			im.rep.skip(t, legacy, "the variation has no text")
			return nil
		}
		content := ""
		if im.ids[KindContents+"|post#"+post] != "" {
			content = "post#" + post
		}
		id, _ := strconv.Atoi(post)
		it := &item{legacy: legacy, natural: post + " " + hash, created: im.created(t, legacy, r, "created_at"),
			refs:   map[string]string{"content": content},
			values: map[string]any{"wp_post_id": id, "inputs": m, "inputs_hash": hash, "html": html}}
		_, err := im.apply(tx, k, t, it)
		return err
	})
}
