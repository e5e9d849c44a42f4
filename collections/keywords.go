package collections

import "github.com/pocketbase/pocketbase/core"

// Keywords are a site's imported search terms; normalized is unique per site so
// a re-import updates metrics instead of adding rows.
const (
	Keywords   = "keywords"
	KeywordsId = "pbc_igny8_keywords"
)

func buildKeywords(c *core.Collection) {
	TenantScoped(c, true)
	c.Fields.Add(
		&core.TextField{Name: "keyword", Required: true, Max: 500},
		&core.TextField{Name: "normalized", Required: true, Max: 500},
		&core.NumberField{Name: "volume", Min: num(0)},
		&core.TextField{Name: "volume_raw", Max: 60, Help: "volume as exported when it is a range such as 1K – 10K"},
		&core.NumberField{Name: "difficulty", Min: num(0), Max: num(100)},
		&core.NumberField{Name: "cpc", Min: num(0)},
		&core.TextField{Name: "intent", Max: 60},
		&core.TextField{Name: "country", Max: 10},
		&core.TextField{Name: "language", Max: 10},
		&core.TextField{Name: "source", Max: 40},
		&core.SelectField{Name: "status", MaxSelect: 1, Values: []string{"new", "clustered", "in_use", "archived"}},
		&core.RelationField{Name: "cluster", CollectionId: ClustersId, MaxSelect: 1},
		// placement is the receipt of how the keyword came into its cluster
		// (planner.Placement: method, similarity, shared terms, previous
		// cluster, model, job or user); method "manual" means placed by hand,
		// and clustering never moves it again.
		&core.JSONField{Name: "placement", MaxSize: 4096},
	)
	Timestamps(c)
	// the latest search figures (keyword_metrics holds every period)
	c.Fields.Add(metricFields()...)
	c.Fields.Add(
		&core.TextField{Name: "metrics_source", Max: MetricsSourceMax},
		&core.TextField{Name: "metrics_period", Max: MetricsPeriodMax},
	)
	c.AddIndex("idx_keywords_site_normalized", true, "site, normalized", "")
	c.AddIndex("idx_keywords_tenant_volume", false, "tenant, volume", "")
	c.AddIndex("idx_keywords_site_status", false, "site, status", "")
	c.AddIndex("idx_keywords_cluster", false, "cluster", "")
	// the keywords table sorts a site's keywords by difficulty (KD): without
	// it SQLite sorts all of them under the list rule's join (seconds at 100k)
	c.AddIndex("idx_keywords_site_difficulty", false, "site, difficulty", "")
	PipelineRules(c, true)
}
