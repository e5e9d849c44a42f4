package wpimport

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// The old plugin's performance figures (the igny8_metrics table: one row per
// post, metric and day; the igny8_performance_logs posts: Search Console
// figures per post and day) become page_metrics, one record per page URL and
// day with source collections.MetricsSourceWPPlugin — the figures the
// Optimizer compares (optimizer.metricsReasons).
//
// The URL is the one the Optimizer looks a page up by: the post's link as
// WordPress itself reports it, which is what contents.wp_url holds once a
// content adopted the post (wordpress.Adopt records post.Link) and what the
// site index holds in site_pages.url (the same link, read through core
// REST). It is not read from the WordPress database: wp_posts.guid is the
// post's permanent id (…/?p=123, on the domain of the day it was written),
// not its address, and home + post_name is the address only under the
// /%postname%/ permalink structure (not dated or category permalinks, child
// pages or custom bases) — either would give URLs the Optimizer never finds.
// That is why this step runs after the run's adoptions (Run calls
// importer.late): the contents that adopted their posts then carry the links.
// A row whose post has neither is skipped with the reason (a later run, after
// the adoption or the site index, imports it).

func init() {
	known["igny8_metrics"] = []string{"id", "post_id", "wp_post_id", "page_url", "url", "metric", "metric_name", "name", "value", "metric_value",
		"recorded_at", "date", "created_at", "updated_at", "user_id", "tenant_id"}
	known["post:performance"] = []string{"id", "title", "content", "status", "post_type", "slug", "date", "search_console_data", "post_id",
		"linked_wp_post", "cluster_reference", "generation_count", "refresh_count", "linking_density", "fields"}
}

// metricFields maps the plugin's metric names to page_metrics fields.
var metricFields = map[string]string{"clicks": "clicks", "click": "clicks", "impressions": "impressions", "impression": "impressions",
	"ctr": "ctr", "click_through_rate": "ctr", "position": "position", "avg_position": "position", "average_position": "position"}

// pageDay is the page_metrics record a group of legacy rows becomes.
type pageDay struct {
	url, day string
	rows     []string // the legacy rows merged into it, the first one named in the report
	values   map[string]float64
}

// legacyIdMax is the length of import_records.legacy_id.
const legacyIdMax = 200

// metricValue checks a figure against its field: counts are whole and not
// negative, ctr is a percentage, position is not negative.
func metricValue(field string, v float64) (float64, string) {
	switch {
	case v < 0:
		return 0, "is negative"
	case field == "ctr" && v > 100:
		return 0, "is over 100%"
	case (field == "clicks" || field == "impressions") && v != float64(int64(v)):
		return 0, "is not a whole number"
	}
	return v, ""
}

// metrics reads both shapes' figures, merges them per page and day and
// writes one page_metrics record for each.
func (im *importer) metrics(tx core.App) error {
	if !im.opts.wants(KindMetrics) {
		return nil
	}
	k := kindByName(KindMetrics)
	type address struct{ url, why string }
	urls := map[int64]address{}
	adopting := map[int64]bool{}
	for _, a := range im.adopts {
		adopting[a.post] = true
	}
	// pageOf finds the post's address (contents.wp_url, then the site index).
	pageOf := func(post int64) (string, string) {
		if a, ok := urls[post]; ok {
			return a.url, a.why
		}
		a := address{}
		defer func() { urls[post] = a }()
		var u string
		_ = tx.DB().Select("wp_url").From(collections.Contents).
			Where(dbx.And(dbx.HashExp{"site": im.site.Id, "wp_post_id": post}, dbx.NewExp("wp_url != ''"))).Limit(1).Row(&u)
		if u == "" {
			_ = tx.DB().Select("url").From(collections.SitePages).Where(dbx.HashExp{"site": im.site.Id, "wp_id": post}).Limit(1).Row(&u)
		}
		switch {
		case u != "":
			a.url = u
		case adopting[post] && im.opts.DryRun:
			a.why = fmt.Sprintf("post %d's address is known once its content adopts the post, which the import does (a dry run does not)", post)
		case adopting[post]:
			a.why = fmt.Sprintf("post %d's address is known once its content adopts the post, which did not happen (see the warnings): run the import again", post)
		default:
			a.why = fmt.Sprintf("post %d's address is not known: it is no adopted igny8 content and not in the site's page index (index the site's pages, then run the import again)", post)
		}
		return a.url, a.why
	}
	groups := map[string]*pageDay{}
	add := func(t *Table, legacy, url string, day time.Time, field string, v float64) {
		key := url + "\x00" + day.Format(time.DateOnly)
		g := groups[key]
		if g == nil {
			g = &pageDay{url: url, day: day.Format(time.DateOnly), values: map[string]float64{}}
			groups[key] = g
		}
		if len(g.rows) == 0 || g.rows[len(g.rows)-1] != legacy {
			g.rows = append(g.rows, legacy)
		}
		if old, dup := g.values[field]; dup && old != v {
			im.rep.note(t, legacy, fmt.Sprintf("%s of %s on %s is given again (%v, then %v): the later row's value is kept", field, url, g.day, old, v))
		}
		g.values[field] = v
	}
	// page resolves a row's page: a post id, else a URL on the site's host.
	page := func(t *Table, legacy string, post, url string) (string, bool) {
		if post != "" {
			id, _ := strconv.ParseInt(post, 10, 64)
			u, why := pageOf(id)
			if u == "" {
				im.rep.skip(t, legacy, why)
				return "", false
			}
			return u, true
		}
		if url = strings.TrimSpace(url); url != "" {
			if !onHost(url, im.site.GetString("url")) {
				im.rep.skip(t, legacy, fmt.Sprintf("the page %q is not on the site's host", clip(url)))
				return "", false
			}
			return url, true
		}
		im.rep.skip(t, legacy, "the row names no page (no post id, URL or cluster with a target URL)")
		return "", false
	}
	day := func(t *Table, legacy string, r row, names ...string) (time.Time, bool) {
		v, _ := r.get(names...)
		tm, zero, ok := legacyTime(v)
		if !ok || zero {
			im.rep.skip(t, legacy, fmt.Sprintf("%s %q is no date: the figure's day is unknown", names[0], clip(v)))
			return time.Time{}, false
		}
		return tm, true
	}
	err := im.each(KindMetrics, "igny8_metrics", "performance", func(t *Table, src, legacy string, r row) error {
		if src == "igny8_metrics" {
			name := lower(r.str("metric", "metric_name", "name"))
			field, ok := metricFields[name]
			if !ok {
				im.rep.skip(t, legacy, fmt.Sprintf("metric %q has no page_metrics field (clicks, impressions, ctr, position)", clip(name)))
				return nil
			}
			raw := r.str("value", "metric_value")
			v, ok := legacyNumber(strings.TrimSpace(raw))
			if !ok {
				im.rep.skip(t, legacy, fmt.Sprintf("%s %q is not a number", name, clip(raw)))
				return nil
			}
			v, bad := metricValue(field, v)
			if bad != "" {
				im.rep.skip(t, legacy, fmt.Sprintf("%s %q %s", name, clip(raw), bad))
				return nil
			}
			url, ok := page(t, legacy, ref("", r, "post_id", "wp_post_id"), r.str("page_url", "url"))
			if !ok {
				return nil
			}
			d, ok := day(t, legacy, r, "recorded_at", "date", "created_at")
			if !ok {
				return nil
			}
			add(t, legacy, url, d, field, v)
			return nil
		}
		// a performance log post: its Search Console figures, serialized
		data, _ := decodeValue(r.str("search_console_data"))
		m, _ := data.(map[string]any)
		if len(m) == 0 {
			im.rep.skip(t, legacy, "the performance log holds no Search Console figures")
			return nil
		}
		post := ref("", r, "post_id", "linked_wp_post")
		if post == "" {
			post = ref("", row{"p": firstScalar(m["post_id"])}, "p")
		}
		pageURL := firstScalar(m["url"]) + firstScalar(m["page"])
		if post == "" && pageURL == "" {
			pageURL = im.clusterPage(tx, ref("post#", r, "cluster_reference"))
		}
		url, ok := page(t, legacy, post, pageURL)
		if !ok {
			return nil
		}
		d, ok := day(t, legacy, r, "date")
		if !ok {
			return nil
		}
		found := false
		for name, raw := range m {
			field, ok := metricFields[lower(name)]
			if !ok {
				continue
			}
			v, ok := legacyNumber(firstScalar(raw))
			if !ok {
				im.rep.note(t, legacy, fmt.Sprintf("%s %q is not a number: left out", name, clip(firstScalar(raw))))
				continue
			}
			if v, bad := metricValue(field, v); bad == "" {
				add(t, legacy, url, d, field, v)
				found = true
			} else {
				im.rep.note(t, legacy, fmt.Sprintf("%s %v %s: left out", name, v, bad))
			}
		}
		if !found {
			im.rep.skip(t, legacy, "the performance log holds no clicks, impressions, ctr or position")
		}
		return nil
	})
	if err != nil {
		return err
	}
	t := im.rep.table(KindMetrics, k.collection)
	keys := make([]string, 0, len(groups))
	for key := range groups {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	for _, key := range keys {
		g := groups[key]
		period := g.day + ".." + g.day
		start, _ := time.Parse(time.DateOnly, g.day)
		legacy := "page:" + g.url + "@" + g.day
		if len(legacy) > legacyIdMax { // import_records.legacy_id: a long URL by its hash
			legacy = "page:sha256:" + lineHash([]byte(g.url)) + "@" + g.day
		}
		it := &item{legacy: legacy, values: map[string]any{"url": g.url, "source": collections.MetricsSourceWPPlugin,
			"period": period, "period_start": start, "period_end": start}, extra: map[string]any{"rows": g.rows}}
		for _, f := range []string{"clicks", "impressions", "ctr", "position"} {
			it.values[f] = g.values[f]
		}
		id, err := im.apply(tx, k, t, it)
		if err != nil {
			return err
		}
		if id == "" { // skipped (counted once by apply): so is every row merged into it
			for _, r := range g.rows[1:] {
				im.rep.skip(t, r, "merged into "+it.legacy+", which was skipped")
			}
			continue
		}
		t.Merged += len(g.rows) - 1
	}
	return nil
}

// clusterPage is the target URL the plugin kept for a cluster (legacy id),
// the page a performance log of the cluster is about ("" if none).
func (im *importer) clusterPage(tx core.App, cluster string) string {
	id := im.ids[KindClusters+"|"+cluster]
	if cluster == "" || id == "" {
		return ""
	}
	var raw string
	_ = tx.DB().Select("COALESCE([[receipts]], '')").From(collections.Clusters).Where(dbx.HashExp{"id": id}).Row(&raw)
	var receipts struct {
		Plugin struct {
			TargetURL string `json:"target_url"`
		} `json:"wp_plugin"`
	}
	_ = json.Unmarshal([]byte(raw), &receipts)
	return receipts.Plugin.TargetURL
}

// late runs the steps that need the run's adoptions (the metrics: a page's
// URL is its post's link), each verified, and refreshes the report's hashes.
func (im *importer) late(app core.App, inTx bool) error {
	fn := func(tx core.App) error {
		defer im.closeStmts()
		if err := im.metrics(tx); err != nil {
			return fmt.Errorf("%s: %w", KindMetrics, err)
		}
		if err := im.verify(tx, kindByName(KindMetrics)); err != nil {
			return fmt.Errorf("%s: verify: %w", KindMetrics, err)
		}
		return nil
	}
	var err error
	if inTx {
		err = fn(app)
	} else {
		err = app.RunInTransaction(fn)
	}
	im.rep.finish()
	return err
}

// onHost reports whether page is on the site's host (without www.) or a
// subdomain of it, as the Search Console import accepts pages.
func onHost(page, site string) bool {
	host := func(raw string) string {
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			return ""
		}
		return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	}
	h, sh := host(page), host(site)
	return h != "" && sh != "" && (h == sh || strings.HasSuffix(h, "."+sh))
}
