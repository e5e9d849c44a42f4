package collections

import "github.com/pocketbase/pocketbase/core"

// PageMetrics are the search-performance figures of one page (URL) of a site
// for one source and period (Search Console's Pages.csv): like
// keyword_metrics, a later period adds history. Members read them; only the
// import writes them.
const (
	PageMetrics   = "page_metrics"
	PageMetricsId = "pbc_igny8_page_metrics"

	// MetricsSourceWPPlugin is the source of the figures moved in from the
	// old IGNY8 WordPress plugin (wpimport): one period per day.
	MetricsSourceWPPlugin = "wp_plugin"
)

func buildPageMetrics(c *core.Collection) {
	TenantScoped(c, true)
	c.Fields.Add(&core.TextField{Name: "url", Required: true, Max: PageURLMax})
	c.Fields.Add(periodFields()...)
	c.Fields.Add(metricFields()...)
	Timestamps(c)
	c.AddIndex("idx_page_metrics_period", true, "site, url, source, period", "")
	ReadOnlyRules(c)
}
