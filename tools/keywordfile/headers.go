package keywordfile

import (
	"strings"
	"unicode"
)

// Field names a keyword file's columns map to.
const (
	FieldKeyword    = "keyword"
	FieldVolume     = "volume"
	FieldDifficulty = "difficulty"
	FieldCPC        = "cpc"
	FieldIntent     = "intent"
	FieldCountry    = "country"
	FieldLanguage   = "language"

	// Search-performance figures (Search Console, Bing Webmaster Tools):
	// stored per keyword, source and period in keyword_metrics.
	FieldClicks      = "clicks"
	FieldImpressions = "impressions"
	FieldCTR         = "ctr"
	FieldPosition    = "position"

	// FieldPage is the key column of a pages table (Search Console's
	// Pages.csv): its rows go to page_metrics, not keywords.
	FieldPage = "page"
)

// Fields lists every mappable field of a keyword table in the order the
// import reports them.
var Fields = []string{FieldKeyword, FieldVolume, FieldDifficulty, FieldCPC, FieldIntent, FieldCountry, FieldLanguage,
	FieldClicks, FieldImpressions, FieldCTR, FieldPosition}

// MetricFields are the search-performance fields of both tables.
var MetricFields = []string{FieldClicks, FieldImpressions, FieldCTR, FieldPosition}

// PageFields are the fields of a pages table (Search Console's Pages.csv).
var PageFields = []string{FieldPage, FieldClicks, FieldImpressions, FieldCTR, FieldPosition}

// aliases are the normalised header names vendors use for each field, most
// specific first: Google Keyword Planner, Semrush, Ahrefs, Moz, SE Ranking,
// Search Console, Bing Webmaster Tools and hand-made files. A header matches
// an alias exactly after normaliseHeader.
var aliases = map[string][]string{
	FieldKeyword: {"keyword", "keywords", "keyword phrase", "search term", "search terms", "search query", "query", "top queries",
		"queries", "term", "phrase", "kw"},
	FieldVolume: {"avg monthly searches", "search volume", "volume", "monthly volume", "monthly searches", "avg search volume",
		"avg monthly search volume", "global volume", "searches", "sv", "msv"},
	FieldDifficulty: {"keyword difficulty", "kd", "difficulty", "seo difficulty", "kd score"},
	FieldCPC: {"cpc", "cpc usd", "cpc eur", "cpc gbp", "avg cpc", "average cpc", "top of page bid high range", "top of page bid",
		"top of page bid low range", "suggested bid"},
	FieldIntent:   {"intent", "intents", "search intent", "keyword intent"},
	FieldCountry:  {"country", "location", "database", "market", "country code"},
	FieldLanguage: {"language", "lang", "language code"},

	FieldClicks:      {"clicks", "total clicks", "url clicks"},
	FieldImpressions: {"impressions", "total impressions", "impr"},
	FieldCTR:         {"ctr", "average ctr", "avg ctr", "click through rate"},
	FieldPosition:    {"position", "average position", "avg position", "avg pos"},
	FieldPage:        {"top pages", "page", "pages", "url", "page url", "landing page", "landing pages", "address"},
}

// normaliseHeader lowercases a header and reduces punctuation and spacing so
// "Avg. monthly searches", "CPC (USD)" and "KD %" meet their aliases.
func normaliseHeader(h string) string {
	h = strings.TrimPrefix(h, "\ufeff")
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(h) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		} else {
			space = true
		}
	}
	return b.String()
}

// Mapping names, for each field, the file header that holds it. A caller's
// mapping overrides the aliases for the fields it names.
type Mapping map[string]string

// columns resolves a header row to field → column index for the fields of
// a keyword table. Fields the header does not have are absent.
func columns(header []string, mapping Mapping) map[string]int {
	return columnsOf(Fields, header, mapping)
}

// columnsOf resolves header to field → column index for fields.
func columnsOf(fields, header []string, mapping Mapping) map[string]int {
	norm := make([]string, len(header))
	for i, h := range header {
		norm[i] = normaliseHeader(h)
	}
	out := map[string]int{}
	used := map[int]bool{}
	for _, f := range fields {
		if want, ok := mapping[f]; ok && strings.TrimSpace(want) != "" {
			w := normaliseHeader(want)
			for i, h := range norm {
				if h == w && !used[i] {
					out[f], used[i] = i, true
					break
				}
			}
			continue
		}
		for _, a := range aliases[f] {
			found := false
			for i, h := range norm {
				if h == a && !used[i] {
					out[f], used[i], found = i, true, true
					break
				}
			}
			if found {
				break
			}
		}
	}
	return out
}

// Vendors (sources) the import tells apart by their header rows; anything
// else is VendorGeneric and read through the aliases alone.
const (
	VendorKeywordPlanner = "google_keyword_planner"
	VendorSemrush        = "semrush"
	VendorAhrefs         = "ahrefs"
	VendorSearchConsole  = "google_search_console"
	VendorBing           = "bing_webmaster_tools"
	VendorMoz            = "moz"
	VendorGeneric        = "generic"
)

// Vendor names the tool a header row looks like it came from.
func detectVendor(header []string) string {
	has := map[string]bool{}
	for _, h := range header {
		has[normaliseHeader(h)] = true
	}
	switch {
	case (has["top queries"] || has["top pages"]) && has["clicks"] && has["impressions"]:
		return VendorSearchConsole
	case has["keyword"] && has["impressions"] && (has["avg position"] || has["average position"]):
		return VendorBing
	case has["monthly volume"] && (has["organic ctr"] || has["priority"]):
		return VendorMoz
	case has["avg monthly searches"] || has["top of page bid low range"] || has["three month change"]:
		return VendorKeywordPlanner
	case has["keyword difficulty"] && (has["number of results"] || has["trend"] || has["serp features"] || has["intent"]):
		return VendorSemrush
	case (has["kd"] || has["difficulty"]) && (has["parent keyword"] || has["traffic potential"] || has["global volume"] || has["first seen"]):
		return VendorAhrefs
	default:
		return VendorGeneric
	}
}

// HasMetricColumns reports whether a table with the present fields (see
// [Parser.Present]) has any search-figure column.
func HasMetricColumns(present map[string]bool) bool {
	for _, f := range MetricFields {
		if present[f] {
			return true
		}
	}
	return false
}
