package collections

import "github.com/pocketbase/pocketbase/core"

// Clusters group a site's keywords around one topic and keep the receipts
// (shared terms, similarity) that justify the grouping.
const (
	Clusters   = "clusters"
	ClustersId = "pbc_igny8_clusters"
)

func buildClusters(c *core.Collection) {
	TenantScoped(c, true)
	c.Fields.Add(
		&core.TextField{Name: "name", Required: true, Max: ClusterNameMax},
		&core.TextField{Name: "description", Max: ClusterDescriptionMax},
		&core.TextField{Name: "intent", Max: 60},
		&core.SelectField{Name: "status", MaxSelect: 1, Values: []string{"active", "archived"}},
		&core.NumberField{Name: "keyword_count", Min: num(0), OnlyInt: true},
		&core.NumberField{Name: "total_volume", Min: num(0)},
		&core.NumberField{Name: "avg_difficulty", Min: num(0), Max: num(100)},
		&core.JSONField{Name: "receipts", MaxSize: 1 << 16},
		&core.TextField{Name: "model", Max: ModelMax},
	)
	Timestamps(c)
	c.AddIndex("idx_clusters_site_status", false, "site, status", "")
	PipelineRules(c, true)
}
