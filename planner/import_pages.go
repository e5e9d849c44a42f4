package planner

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tools/keywordfile"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// upsertPages stores a pages table's figures in page_metrics, one record per
// page URL, source and period of site. A page on another host than the
// site's (or a subdomain of it) is rejected: a Search Console domain
// property covers subdomains, another site's pages are not this site's.
// Transactions follow plan like upsertRows.
func upsertPages(app core.App, site *core.Record, src keywordfile.Source, res *PagesResult, plan writePlan) error {
	host := siteHost(site.GetString("url"))
	chunks, stop := readAhead(src)
	defer stop()
	seen := map[string]struct{}{}
	reject := func(e keywordfile.RowError) {
		res.Rejected++
		if len(res.RejectedRows) < maxListedRejections {
			res.RejectedRows = append(res.RejectedRows, e)
		}
	}
	for {
		more, batchRows := false, 0
		err := app.RunInTransaction(func(tx core.App) error {
			db := tx.DB()
			now := db.Quote(types.NowDateTime().String())
			params := dbx.Params{}
			q := db.NewQuery("INSERT INTO {{" + collections.PageMetrics + "}} " +
				"(id,tenant,site,url,source,period,period_start,period_end,clicks,impressions,ctr,position,created,updated) VALUES " +
				"({:id}," + db.Quote(site.GetString("tenant")) + "," + db.Quote(site.Id) + ",{:url}," + db.Quote(plan.source) + "," +
				db.Quote(plan.period.Key()) + "," + db.Quote(periodDate(plan.period.Start)) + "," + db.Quote(periodDate(plan.period.End)) +
				",{:cl},{:im},{:ctr},{:pos}," + now + "," + now + ")" +
				" ON CONFLICT(site, url, source, period) DO UPDATE SET clicks=excluded.clicks, impressions=excluded.impressions," +
				" ctr=excluded.ctr, position=excluded.position, updated=excluded.updated").Prepare()
			defer q.Close()
			q.Bind(params)
			rows := 0
			for c := range chunks {
				for i := range c.rows {
					row := &c.rows[i]
					res.Rows++
					rows++
					if row.rej != nil {
						reject(*row.rej)
						continue
					}
					if !onSite(row.URL, host) {
						reject(keywordfile.RowError{Line: row.Line, Reason: fmt.Sprintf("the page %q is not on the site's host %s", truncate(row.URL, 80), host)})
						continue
					}
					if _, dup := seen[row.URL]; dup {
						continue
					}
					seen[row.URL] = struct{}{}
					params["id"], params["url"] = core.GenerateDefaultRandomId(), row.URL
					params["cl"], params["im"], params["ctr"], params["pos"] = row.Clicks, row.Impressions, row.CTR, row.Position
					if _, err := q.Execute(); err != nil {
						return fmt.Errorf("store the figures of page %q (row %d): %w", row.URL, row.Line, err)
					}
					res.Written++
				}
				if c.err != nil {
					return c.err
				}
				if plan.batch > 0 && rows >= plan.batch {
					more = true
					break
				}
			}
			batchRows = rows
			return nil
		})
		if err == nil && plan.progress != nil {
			err = plan.progress(batchRows) // after the commit: a write of its own
		}
		if err != nil || !more {
			return err
		}
	}
}

// siteHost is the host of a site's URL without "www.".
func siteHost(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// onSite reports whether page is on host or one of its subdomains.
func onSite(page, host string) bool {
	h := siteHost(page)
	return host != "" && (h == host || strings.HasSuffix(h, "."+host))
}
