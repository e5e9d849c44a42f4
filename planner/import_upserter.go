package planner

import (
	"fmt"
	"strings"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tools/keywordfile"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// countSiteKeywords is the site's keyword count; the import reads it before
// and after a batch to tell new keywords from updated ones.
func countSiteKeywords(tx core.App, siteId string) (int, error) {
	var n int
	if err := tx.DB().Select("COUNT(*)").From(collections.Keywords).Where(dbx.HashExp{"site": siteId}).Row(&n); err != nil {
		return 0, fmt.Errorf("count keywords: %w", err)
	}
	return n, nil
}

// upserter writes rows one at a time with a single prepared upsert. Values
// that are the same for the whole import (tenant, site, source, status,
// cluster, timestamps) are literals in the statement, so only the ten
// per-row values are bound, from one reused parameter map. One row per
// statement is deliberate: a multi-row upsert makes SQLite keep a statement
// journal (it may have to undo part of the statement), which measured 60 %
// slower than single-row statements with the pure-Go driver.
//
// A table with search figures has a second statement, the keyword's
// keyword_metrics record for the import's source and period, found by the
// keyword's normalized text (the first statement may have inserted it or
// left an existing one). Re-importing the same period overwrites that
// period's figures; another period adds a record.
type upserter struct {
	q, m   *dbx.Query
	params dbx.Params
	mp     dbx.Params
}

func newUpserter(tx core.App, site *core.Record, present map[string]bool, source string, plan writePlan) *upserter {
	db := tx.DB()
	now := db.Quote(types.NowDateTime().String())
	set := []string{"updated=excluded.updated"}
	if present[keywordfile.FieldVolume] {
		set = append(set, "volume=excluded.volume", "volume_raw=excluded.volume_raw")
	}
	for _, f := range []string{keywordfile.FieldDifficulty, keywordfile.FieldCPC, keywordfile.FieldIntent, keywordfile.FieldCountry, keywordfile.FieldLanguage} {
		if present[f] {
			set = append(set, f+"=excluded."+f)
		}
	}
	conflict := " ON CONFLICT(site, normalized) DO NOTHING"
	if len(set) > 1 {
		conflict = " ON CONFLICT(site, normalized) DO UPDATE SET " + strings.Join(set, ",")
	}
	tenant, siteId := db.Quote(site.GetString("tenant")), db.Quote(site.Id)
	w := &upserter{params: make(dbx.Params, 10)}
	w.q = db.NewQuery("INSERT INTO {{" + collections.Keywords + "}} " +
		"(id,keyword,normalized,volume,volume_raw,difficulty,cpc,intent,country,language,tenant,site,source,status,cluster,created,updated) VALUES " +
		"({:id},{:k},{:n},{:v},{:vr},{:d},{:c},{:i},{:co},{:l}," +
		tenant + "," + siteId + "," + db.Quote(source) + ",'new',''," + now + "," + now + ")" +
		conflict).Prepare()
	w.q.Bind(w.params) // the query keeps the map; write refills it
	if keywordfile.HasMetricColumns(present) && plan.period.Start != "" {
		w.mp = make(dbx.Params, 6)
		w.m = db.NewQuery("INSERT INTO {{" + collections.KeywordMetrics + "}} " +
			"(id,tenant,site,keyword,source,period,period_start,period_end,clicks,impressions,ctr,position,created,updated) " +
			"SELECT {:id}," + tenant + "," + siteId + ",k.id," + db.Quote(plan.source) + "," + db.Quote(plan.period.Key()) + "," +
			db.Quote(periodDate(plan.period.Start)) + "," + db.Quote(periodDate(plan.period.End)) + ",{:cl},{:im},{:ctr},{:pos}," + now + "," + now +
			" FROM {{" + collections.Keywords + "}} k WHERE k.site = " + siteId + " AND k.normalized = {:n}" +
			" ON CONFLICT(keyword, source, period) DO UPDATE SET clicks=excluded.clicks, impressions=excluded.impressions," +
			" ctr=excluded.ctr, position=excluded.position, updated=excluded.updated").Prepare()
		w.m.Bind(w.mp)
	}
	return w
}

// periodDate is a YYYY-MM-DD day as PocketBase stores dates.
func periodDate(day string) string { return day + " 00:00:00.000Z" }

// write upserts one row and reports how many keyword_metrics records it wrote.
func (w *upserter) write(r *keywordfile.Row) (int, error) {
	w.params["id"] = core.GenerateDefaultRandomId()
	w.params["k"] = r.Keyword
	w.params["n"] = r.Normalized
	w.params["v"] = r.Volume
	w.params["vr"] = r.VolumeRaw
	w.params["d"] = r.Difficulty
	w.params["c"] = r.CPC
	w.params["i"] = r.Intent
	w.params["co"] = r.Country
	w.params["l"] = r.Language
	if _, err := w.q.Execute(); err != nil {
		return 0, fmt.Errorf("upsert keyword %q (row %d): %w", r.Keyword, r.Line, err)
	}
	if w.m == nil || !r.HasMetrics() {
		return 0, nil
	}
	w.mp["id"] = core.GenerateDefaultRandomId()
	w.mp["n"] = r.Normalized
	w.mp["cl"] = r.Clicks
	w.mp["im"] = r.Impressions
	w.mp["ctr"] = r.CTR
	w.mp["pos"] = r.Position
	if _, err := w.m.Execute(); err != nil {
		return 0, fmt.Errorf("store the search figures of %q (row %d): %w", r.Keyword, r.Line, err)
	}
	return 1, nil
}

func (w *upserter) close() {
	w.q.Close()
	if w.m != nil {
		w.m.Close()
	}
}

// refreshLatestMetrics copies each keyword's latest figures (the period that
// ends last; on a tie, the record written last) from keyword_metrics onto the
// keyword, for every keyword of the site that has any.
func refreshLatestMetrics(tx core.App, siteId string) error {
	_, err := tx.DB().NewQuery("UPDATE {{" + collections.Keywords + "}} SET clicks=m.clicks, impressions=m.impressions, ctr=m.ctr," +
		" position=m.position, metrics_source=m.source, metrics_period=m.period FROM (" +
		"SELECT keyword, clicks, impressions, ctr, position, source, period, ROW_NUMBER() OVER (PARTITION BY keyword" +
		" ORDER BY period_end DESC, updated DESC, id DESC) AS n FROM {{" + collections.KeywordMetrics + "}} WHERE site = {:site}) m" +
		" WHERE m.n = 1 AND {{" + collections.Keywords + "}}.id = m.keyword").Bind(dbx.Params{"site": siteId}).Execute()
	if err != nil {
		return fmt.Errorf("copy the latest search figures onto the keywords: %w", err)
	}
	return nil
}
