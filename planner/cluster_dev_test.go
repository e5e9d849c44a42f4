package planner_test

import (
	"strings"
	"testing"

	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/planner"
	"github.com/pocketbase/dbx"
)

// The offline dev provider clusters through the real job: its answer is used
// (method "ai", no fallback), every keyword of the job lands in exactly one
// cluster, and no line of the prompt becomes a keyword, a cluster or part of
// the job's result. It used to read the prompt's rule lines ("- Put keywords
// in the same cluster only when…") as keywords, so the job always fell back.
func TestDevClusteringCoversEveryKeywordOnce(t *testing.T) {
	t.Parallel()
	app, site := setupSite(t)
	ai.Configure(app, ai.Config{Dev: true})
	var before []string
	if err := app.DB().Select("id").From(collections.Keywords).Where(dbx.HashExp{"site": site.Id, "cluster": ""}).Column(&before); err != nil || len(before) < len(jobKeywords) {
		t.Fatalf("unclustered keywords: %d %v", len(before), err)
	}
	js, _, err := planner.EnqueueClustering(app, site, len(before), "")
	if err != nil || len(js) != 1 {
		t.Fatalf("enqueue: %v %d", err, len(js))
	}
	runJobs(t, app)
	job := jobRecord(t, app, js[0].Id)
	var res map[string]any
	_ = job.UnmarshalJSONField("result", &res)
	if job.GetString("status") != collections.JobSucceeded || res["method"] != "ai" || res["aiFallback"] != nil {
		t.Fatalf("job %s result %v", job.GetString("status"), res)
	}
	clusters := map[string]bool{}
	for _, id := range before {
		k, err := app.FindRecordById(collections.Keywords, id)
		if err != nil || k.GetString("cluster") == "" {
			t.Fatalf("keyword %s not clustered: %v", id, err)
		}
		clusters[k.GetString("cluster")] = true
	}
	total := 0
	for id := range clusters {
		c, err := app.FindRecordById(collections.Clusters, id)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(strings.ToLower(c.GetString("name")), "keyword") || strings.Contains(c.GetString("name"), "cluster") {
			t.Errorf("cluster named from the prompt: %q", c.GetString("name"))
		}
		total += c.GetInt("keyword_count")
	}
	if n, _ := app.CountRecords(collections.Keywords, dbx.HashExp{"site": site.Id}); total != int(n) && total != len(before) {
		t.Errorf("clusters hold %d keywords, %d were clustered", total, len(before))
	}
}
