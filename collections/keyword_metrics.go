package collections

import "github.com/pocketbase/pocketbase/core"

// KeywordMetrics are a keyword's search-performance figures (Search Console,
// Bing Webmaster Tools) for one source and period: one record per keyword,
// source and period, so a later import of another period adds history
// instead of overwriting it (the Optimizer reads the trend). The latest
// figures are also copied onto the keyword. Members read them like
// keywords; only the import writes them (the records would lie otherwise).
const (
	KeywordMetrics   = "keyword_metrics"
	KeywordMetricsId = "pbc_igny8_keyword_metrics"
)

// Shapes of the figures' fields, shared by keyword_metrics, page_metrics and
// the keyword's latest figures.
const (
	MetricsSourceMax = 40 // a vendor name such as google_search_console
	MetricsPeriodMax = 30 // "2026-09-01..2026-11-30"
	PageURLMax       = 2000
)

// metricFields are the figures of one period: clicks, impressions, CTR in
// percent (4.2 is 4.2 %) and average position (1 is the top; 0 is no figure).
func metricFields() []core.Field {
	return []core.Field{
		&core.NumberField{Name: "clicks", Min: num(0), OnlyInt: true},
		&core.NumberField{Name: "impressions", Min: num(0), OnlyInt: true},
		&core.NumberField{Name: "ctr", Min: num(0), Max: num(100), Help: "percent"},
		&core.NumberField{Name: "position", Min: num(0), Help: "average position; 0 when the source gave none"},
	}
}

// periodFields name where figures came from and the days they cover.
func periodFields() []core.Field {
	return []core.Field{
		&core.TextField{Name: "source", Required: true, Max: MetricsSourceMax},
		&core.TextField{Name: "period", Required: true, Max: MetricsPeriodMax, Help: "START..END (YYYY-MM-DD)"},
		&core.DateField{Name: "period_start", Required: true},
		&core.DateField{Name: "period_end", Required: true},
	}
}

func buildKeywordMetrics(c *core.Collection) {
	TenantScoped(c, true)
	c.Fields.Add(&core.RelationField{Name: "keyword", CollectionId: KeywordsId, Required: true, MaxSelect: 1, CascadeDelete: true})
	c.Fields.Add(periodFields()...)
	c.Fields.Add(metricFields()...)
	Timestamps(c)
	c.AddIndex("idx_keyword_metrics_period", true, "keyword, source, period", "")
	c.AddIndex("idx_keyword_metrics_site_end", false, "site, period_end", "")
	ReadOnlyRules(c)
}

// ReadOnlyRules let members of the record's workspace list and view it;
// writes are the server's alone.
func ReadOnlyRules(c *core.Collection) {
	read := MemberRule("tenant", RoleViewer)
	SetRules(c, Ptr(read), Ptr(read), nil, nil, nil)
}
