package optimizer

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/tools/grouping"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Reason is one cause of a refresh, as a code and a sentence.
type Reason struct {
	Code string `json:"code"`
	Text string `json:"text"`
}

// Reason codes.
const (
	ReasonAge             = "age"
	ReasonThin            = "thin"
	ReasonMissingKeywords = "missing_keywords"
	ReasonFallingClicks   = "falling_clicks"
	ReasonFallingPosition = "falling_position"
	ReasonOverlap         = "overlap"
)

// Thresholds of the Search Console signals: clicks fall when the latest
// period has at most 80 % of the previous one's (and that had at least 10);
// the position falls when it is 2 or more places worse.
const (
	ClicksFloor  = 10
	ClicksDrop   = 0.8
	PositionDrop = 2.0
	// MissingMin: at least this many of the cluster's keywords (and 30 %) missing.
	MissingMin = 3
)

// ScanResult counts what a scan found.
type ScanResult struct {
	Checked   int `json:"checked"`
	Suggested int `json:"suggested"`
	Updated   int `json:"updated"`
}

// refreshAfterDays is the site's refresh_after_days default (sites.defaults),
// or an idea's own (the move-in keeps the old plugin's in the outline).
func refreshAfterDays(app core.App, site, content *core.Record) int {
	days := DefaultRefresh
	var d map[string]any
	if site.UnmarshalJSONField("defaults", &d) == nil {
		if v, ok := d["refresh_after_days"].(float64); ok && v > 0 {
			days = int(v)
		}
	}
	if content == nil {
		return days
	}
	if task, err := app.FindRecordById(collections.Tasks, content.GetString("task")); err == nil {
		if idea, err := app.FindRecordById(collections.Ideas, task.GetString("idea")); err == nil {
			var o map[string]any
			if idea.UnmarshalJSONField("outline", &o) == nil {
				switch v := o["refresh_after_days"].(type) {
				case float64:
					if v > 0 {
						days = int(v)
					}
				case string:
					var n int
					if _, err := fmt.Sscan(v, &n); err == nil && n > 0 {
						days = n
					}
				}
			}
		}
	}
	return days
}

// plain is article HTML as lower-case text.
func plain(html string) string {
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(html))
	if err != nil {
		return ""
	}
	return strings.ToLower(doc.Text())
}

// missingKeywords are the cluster's keywords (the 20 with most volume) whose
// words the text does not all carry.
func missingKeywords(app core.App, content *core.Record, text string) (missing []string, total int) {
	task, err := app.FindRecordById(collections.Tasks, content.GetString("task"))
	if err != nil || task.GetString("cluster") == "" {
		return nil, 0
	}
	var kws []string
	if err := app.DB().Select("keyword").From(collections.Keywords).Where(dbx.HashExp{"cluster": task.GetString("cluster")}).
		OrderBy("volume DESC").Limit(20).Column(&kws); err != nil {
		return nil, 0
	}
	have := map[string]bool{}
	for _, w := range grouping.Tokens(text) {
		have[w] = true
	}
	for _, k := range kws {
		for _, w := range grouping.Tokens(k) {
			if !have[w] {
				missing = append(missing, k)
				break
			}
		}
	}
	return missing, len(kws)
}

// metricsReasons compares the latest two periods of a URL's Search Console
// figures (page_metrics, one source).
func metricsReasons(app core.App, siteId string, urls ...string) []Reason {
	var out []Reason
	for _, u := range urls {
		if u == "" {
			continue
		}
		list, err := app.FindRecordsByFilter(collections.PageMetrics, "site = {:s} && url = {:u}", "-period_end", 2, 0, dbx.Params{"s": siteId, "u": u})
		if err != nil || len(list) < 2 || list[0].GetString("source") != list[1].GetString("source") {
			continue
		}
		last, prev := list[0], list[1]
		if pc := prev.GetFloat("clicks"); pc >= ClicksFloor && last.GetFloat("clicks") <= ClicksDrop*pc {
			out = append(out, Reason{ReasonFallingClicks, fmt.Sprintf("clicks fell from %d (%s) to %d (%s)", int(pc), prev.GetString("period"), last.GetInt("clicks"), last.GetString("period"))})
		}
		if pp, lp := prev.GetFloat("position"), last.GetFloat("position"); pp > 0 && lp >= pp+PositionDrop {
			out = append(out, Reason{ReasonFallingPosition, fmt.Sprintf("average position fell from %.1f to %.1f", pp, lp)})
		}
		return out
	}
	return out
}

func weight(rs []Reason) float64 {
	s := 0.0
	for _, r := range rs {
		switch r.Code {
		case ReasonFallingClicks, ReasonFallingPosition:
			s += 2
		default:
			s++
		}
	}
	return s
}

// Scan looks at every published post of the site — the igny8 contents
// published there and the indexed posts igny8 did not write — and records a
// suggested refresh, with its reasons, for each that needs one. A post with
// a refresh under way (suggested, queued, in review) gets its reasons
// updated instead; one dismissed or refreshed within refresh_after_days is
// left alone.
func Scan(ctx context.Context, app core.App, site *core.Record) (*ScanResult, error) {
	res := &ScanResult{}
	now := time.Now().UTC()
	contents, err := app.FindAllRecords(collections.Contents, dbx.HashExp{"site": site.Id, "tenant": site.GetString("tenant"), "publish_status": collections.PublishPublished})
	if err != nil {
		return nil, fmt.Errorf("published contents: %w", err)
	}
	for _, c := range contents {
		if c.GetInt("wp_post_id") == 0 || ctx.Err() != nil {
			continue
		}
		res.Checked++
		page, _ := app.FindFirstRecordByFilter(collections.SitePages, "site = {:s} && content = {:c}", dbx.Params{"s": site.Id, "c": c.Id})
		days := refreshAfterDays(app, site, c)
		base := c.GetDateTime("published_at").Time()
		if page != nil && page.GetDateTime("modified_at").Time().After(base) {
			base = page.GetDateTime("modified_at").Time()
		}
		var rs []Reason
		if !base.IsZero() {
			if age := int(now.Sub(base).Hours() / 24); age >= days {
				rs = append(rs, Reason{ReasonAge, fmt.Sprintf("last updated %d days ago (refresh after %d days)", age, days)})
			}
		}
		if wc := c.GetInt("word_count"); wc > 0 && wc < ThinWords {
			rs = append(rs, Reason{ReasonThin, fmt.Sprintf("%d words (thin: under %d)", wc, ThinWords)})
		}
		text := plain(c.GetString("html"))
		missing, total := missingKeywords(app, c, text)
		if len(missing) >= MissingMin && len(missing)*10 >= total*3 {
			rs = append(rs, Reason{ReasonMissingKeywords, fmt.Sprintf("%d of the cluster's %d keywords are missing: %s", len(missing), total, strings.Join(missing[:min(len(missing), 5)], ", "))})
		} else {
			missing = nil
		}
		pageURL := ""
		if page != nil {
			pageURL = page.GetString("url")
		}
		rs = append(rs, metricsReasons(app, site.Id, c.GetString("wp_url"), pageURL)...)
		if len(rs) == 0 {
			continue
		}
		added, err := suggest(app, site, c, page, c.GetString("title"), firstNonEmpty(c.GetString("wp_url"), pageURL), rs, missing, days, now)
		if err != nil {
			return res, err
		}
		if added {
			res.Suggested++
		} else {
			res.Updated++
		}
	}
	pages, err := app.FindRecordsByFilter(collections.SitePages, "site = {:s} && kind = 'post' && content = ''", "", 0, 0, dbx.Params{"s": site.Id})
	if err != nil {
		return res, fmt.Errorf("indexed posts: %w", err)
	}
	days := refreshAfterDays(app, site, nil)
	for _, p := range pages {
		res.Checked++
		var rs []Reason
		base := p.GetDateTime("modified_at").Time()
		if !base.IsZero() {
			if age := int(now.Sub(base).Hours() / 24); age >= days {
				rs = append(rs, Reason{ReasonAge, fmt.Sprintf("last updated %d days ago (refresh after %d days)", age, days)})
			}
		}
		if wc := p.GetInt("word_count"); wc > 0 && wc < ThinWords {
			rs = append(rs, Reason{ReasonThin, fmt.Sprintf("%d words (thin: under %d)", wc, ThinWords)})
		}
		rs = append(rs, metricsReasons(app, site.Id, p.GetString("url"))...)
		if len(rs) == 0 {
			continue
		}
		added, err := suggest(app, site, nil, p, p.GetString("title"), p.GetString("url"), rs, nil, days, now)
		if err != nil {
			return res, err
		}
		if added {
			res.Suggested++
		} else {
			res.Updated++
		}
	}
	return res, nil
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// suggest creates or updates the post's refresh; it reports whether it created one.
func suggest(app core.App, site, content, page *core.Record, title, url string, rs []Reason, missing []string, days int, now time.Time) (bool, error) {
	field, id := "page", ""
	if content != nil {
		field, id = "content", content.Id
	} else if page != nil {
		id = page.Id
	}
	list, err := app.FindRecordsByFilter(collections.Refreshes, field+" = {:id}", "-created", 20, 0, dbx.Params{"id": id})
	if err != nil {
		return false, err
	}
	for _, r := range list {
		switch r.GetString("status") {
		case collections.RefreshSuggested:
			r.Set("reasons", rs)
			r.Set("missing_keywords", nonNil(missing))
			r.Set("score", weight(rs))
			return false, app.Save(r)
		case collections.RefreshQueued, collections.RefreshReview:
			return false, nil
		case collections.RefreshDismissed, collections.RefreshPublished:
			if now.Sub(r.GetDateTime("updated").Time()) < time.Duration(days)*24*time.Hour {
				return false, nil
			}
		}
	}
	col, err := app.FindCachedCollectionByNameOrId(collections.Refreshes)
	if err != nil {
		return false, err
	}
	r := core.NewRecord(col)
	r.Load(map[string]any{"tenant": site.GetString("tenant"), "site": site.Id, "title": collections.Truncate(title, collections.SitePageTitleMax),
		"url": collections.Truncate(url, collections.PageURLMax), "reasons": rs, "missing_keywords": nonNil(missing),
		"score": math.Round(weight(rs)*100) / 100, "status": collections.RefreshSuggested})
	if content != nil {
		r.Set("content", content.Id)
	}
	if page != nil {
		r.Set("page", page.Id)
	}
	return true, app.Save(r)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func handleScan(ctx context.Context, job *jobs.Job) error {
	app := job.App()
	site, err := app.FindRecordById(collections.Sites, job.Site())
	if err != nil || site.GetString("tenant") != job.Tenant() {
		return jobs.Permanent(fmt.Errorf("site %s is not in the job's workspace", job.Site()))
	}
	res, err := Scan(ctx, app, site)
	if err != nil {
		return err
	}
	job.SetResult(res)
	return nil
}

// EnqueueScan queues a scan of site (free; one at a time per site).
func EnqueueScan(app core.App, site *core.Record, createdBy string) (*core.Record, error) {
	return jobs.Enqueue(app, jobs.EnqueueParams{Tenant: site.GetString("tenant"), Site: site.Id, Type: JobScan,
		TargetCollection: collections.Sites, Target: site.Id, ActiveKey: jobs.ActiveKey(JobScan, site.Id), CreatedBy: createdBy})
}

// scheduleScan is the per-site "optimizer" schedule: one scan per window.
func scheduleScan(_ context.Context, app core.App, site *core.Record, _ int) (int, error) {
	if _, err := EnqueueScan(app, site, ""); err != nil {
		return 0, err
	}
	return 1, nil
}

func nowUTC() time.Time { return time.Now().UTC() }
