package wordpress

import (
	"encoding/json"
	"regexp"
	"slices"

	"github.com/igny8/igny8/tools/wpclient"
)

// SiteSettings is what igny8 keeps of a site's settings (sites.wp_settings).
// Sync reads them from WordPress, whose answer is a foreign body: only these
// fields are kept, each validated and bounded, so a site (or anything
// answering at its address) cannot store arbitrary data that every member of
// the workspace then reads.
type SiteSettings struct {
	Title             string `json:"title"`
	Timezone          string `json:"timezone"`
	DefaultCategory   int    `json:"default_category"`
	DefaultPostStatus string `json:"default_post_status"`
	Categories        []Term `json:"categories"`
	Authors           []Term `json:"authors"`
	// SEOPlugin is reported by the igny8 plugin ("" over core REST).
	SEOPlugin      string `json:"seo_plugin,omitempty"`
	DefaultsPushed bool   `json:"defaults_pushed"`
	// Defaults are the site's igny8 defaults (sites.defaults) as pushed to
	// the plugin, kept only when the plugin's echo matched them.
	Defaults map[string]any `json:"defaults,omitempty"`
}

// Term is a category (id, name, slug) or an author (id, name).
type Term struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
	Slug string `json:"slug,omitempty"`
}

// Bounds of the kept settings.
const (
	maxSettingTerms = 1000
	maxSettingText  = 200
)

var (
	timezoneRe = regexp.MustCompile(`^[A-Za-z0-9_+\-/:]{1,64}$`)
	// slugRe: WordPress slugs are lower case, percent-encoded beyond ASCII.
	slugRe       = regexp.MustCompile(`^[a-z0-9_%-]{1,200}$`)
	postStatuses = []string{PostDraft, PostPublish, PostPending, PostPrivate}
	seoPlugins   = []string{"yoast", "rankmath", "seopress", "aioseo", "none"}
)

// CleanSettings keeps the fields of raw igny8 understands, validated:
// plain one-line text cut to 200 characters, positive ids, known values for
// the post status and SEO plugin, at most 1000 categories and authors.
// Anything else in raw is dropped.
func CleanSettings(raw map[string]any) SiteSettings {
	var in struct {
		Title             any  `json:"title"`
		Timezone          any  `json:"timezone"`
		DefaultCategory   any  `json:"default_category"`
		DefaultPostStatus any  `json:"default_post_status"`
		Categories        any  `json:"categories"`
		Authors           any  `json:"authors"`
		SEOPlugin         any  `json:"seo_plugin"`
		DefaultsPushed    bool `json:"defaults_pushed"`
	}
	if b, err := json.Marshal(raw); err == nil {
		_ = json.Unmarshal(b, &in)
	}
	s := SiteSettings{
		Title:           wpclient.CleanText(str(in.Title), maxSettingText),
		DefaultCategory: positiveInt(in.DefaultCategory),
		DefaultsPushed:  in.DefaultsPushed,
		Categories:      terms(in.Categories, true),
		Authors:         terms(in.Authors, false),
	}
	if tz := str(in.Timezone); timezoneRe.MatchString(tz) {
		s.Timezone = tz
	}
	s.DefaultPostStatus = PostDraft
	if st := str(in.DefaultPostStatus); slices.Contains(postStatuses, st) {
		s.DefaultPostStatus = st
	}
	if p := str(in.SEOPlugin); slices.Contains(seoPlugins, p) {
		s.SEOPlugin = p
	}
	return s
}

func terms(v any, withSlug bool) []Term {
	list, _ := v.([]any)
	out := []Term{}
	for _, item := range list {
		if len(out) == maxSettingTerms {
			break
		}
		m, ok := item.(map[string]any)
		if !ok {
			continue
		}
		t := Term{ID: positiveInt(m["id"]), Name: wpclient.CleanText(str(m["name"]), maxSettingText)}
		if t.ID == 0 || t.Name == "" {
			continue
		}
		if slug := str(m["slug"]); withSlug && slugRe.MatchString(slug) {
			t.Slug = slug
		}
		out = append(out, t)
	}
	return out
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// positiveInt reads a JSON number that is a whole number in 1..2^31-1, else 0.
func positiveInt(v any) int {
	f, ok := v.(float64)
	if !ok || f < 1 || f > 1<<31-1 || f != float64(int64(f)) {
		return 0
	}
	return int(f)
}
