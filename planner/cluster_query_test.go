package planner_test

import (
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/planner"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
)

// Finding a site's unclustered keywords (cluster request, clustering job, the
// keyword move) must go through a site index, never idx_keywords_cluster,
// which files every workspace's unclustered keywords under ” (found by
// bench/load: each cluster request scanned them all).
func TestUnclusteredKeywordsUseASiteIndex(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	site := testapp.SiteId(testapp.A)
	byId := app.DB().Select("id").From(collections.Keywords).
		Where(planner.SiteUnclustered(site)).AndWhere(dbx.In("id", "k1", "k2")).Build()
	for name, q := range map[string]*dbx.Query{
		"request": planner.UnclusteredQuery(app, site, 2000).Build(),
		"by id":   byId,
	} {
		var plan []struct {
			Detail string `db:"detail"`
		}
		if err := app.DB().NewQuery("EXPLAIN QUERY PLAN " + q.SQL()).Bind(q.Params()).All(&plan); err != nil {
			t.Fatal(err)
		}
		var all []string
		for _, p := range plan {
			all = append(all, p.Detail)
		}
		got := strings.Join(all, "; ")
		if strings.Contains(got, "idx_keywords_cluster") || !strings.Contains(got, "USING INDEX idx_keywords_site") && !strings.Contains(got, "sqlite_autoindex_keywords") {
			t.Errorf("%s: plan %q", name, got)
		}
	}
}
