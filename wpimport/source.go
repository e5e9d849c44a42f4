package wpimport

import (
	"context"
	"slices"
	"strings"
)

// Source is where an import reads the old plugin's data: the WordPress
// database itself (DBSource, --dsn) or the linked Bridge plugin's signed
// export (BridgeSource, --bridge) on hosting whose database igny8 cannot
// reach. Both hand the importer the same rows — a table's columns, a post's
// columns with its _igny8_* meta and igny8_* terms, an option — so one
// transform, one validation (counts and hashes), one batch record and one
// rollback serve both, and an import through either of the same data gives
// the same report.
type Source interface {
	// Describe names the source for reports and the batch (never a secret).
	Describe() string
	// Has reports whether the site's table (name without the prefix, lower
	// case) exists.
	Has(table string) bool
	// Close releases the source.
	Close() error

	// postTypeCounts counts the old plugin's posts per post type group.
	postTypeCounts(ctx context.Context) (map[string]int, error)
	// scanTable streams every row of an igny8_* table, by id when it has one.
	scanTable(ctx context.Context, table string, fn func(r row) error) error
	// scanPosts streams the posts of one group (postTypes) by ID, each with
	// its _igny8_* meta (keys without the prefix; a later meta row of a key
	// wins) and its igny8_* terms ("tax:<taxonomy>", names joined by |).
	scanPosts(ctx context.Context, group string, fn func(r row) error) error
	// posts streams the posts with these ids (the posts content is linked to).
	posts(ctx context.Context, ids []int64, fn func(r row) error) error
	// options streams the plugin's igny8_* options by option_id; the OpenAI
	// key's value may be left out unless withAPIKey.
	options(ctx context.Context, withAPIKey bool, fn func(r row) error) error
}

var (
	_ Source = (*DBSource)(nil)
	_ Source = (*BridgeSource)(nil)
)

// row is one legacy row: lower-case column (or meta key) → text. NULL
// columns are absent.
type row map[string]string

func (r row) get(names ...string) (string, bool) {
	for _, n := range names {
		if v, ok := r[n]; ok {
			return v, true
		}
	}
	return "", false
}

func (r row) str(names ...string) string { v, _ := r.get(names...); return v }

// Post types of the published plugin. WordPress caps post_type at 20
// characters, so the three longer names only exist cut (direct inserts).
var postTypes = map[string][]string{
	"keywords":    {"igny8_keywords"},
	"clusters":    {"igny8_clusters"},
	"planner":     {"igny8_content_planner", "igny8_content_planne"},
	"profiles":    {"igny8_context_profiles", "igny8_context_profil"},
	"links":       {"igny8_internal_links"},
	"performance": {"igny8_performance_logs", "igny8_performance_lo"},
}

// groupOf names the post type group of a post type ("" for none).
func groupOf(postType string) string {
	for g, names := range postTypes {
		if slices.Contains(names, postType) {
			return g
		}
	}
	return ""
}

// bridgeOption tells the igny8 Bridge plugin's own options (named igny8_…
// too) from the old plugin's: the same list as the plugin's
// igny8_bridge_own_option (includes/export.php), which never exports them.
func bridgeOption(name string) bool {
	if strings.HasPrefix(name, "igny8_bridge") {
		return true
	}
	return slices.Contains([]string{"igny8_defaults", "igny8_instance", "igny8_linked_at", "igny8_pending_link", "igny8_clusters_synced_at",
		"igny8_site_id", "igny8_site_name", "igny8_user_id", "igny8_workspace"}, name)
}
