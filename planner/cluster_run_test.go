package planner_test

import (
	"encoding/json"
	"fmt"
	"github.com/igny8/igny8/tools/grouping"
	"math/rand"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/igny8/igny8/tools/grouping/groupingtest"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/planner"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/tools/keywordfile"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// labelledSet reads tools/grouping/testdata/NAME (topic,keyword), the
// labelled sets the grouping is measured on.
func labelledSet(t testing.TB, name string) (kws, topics []string) {
	t.Helper()
	return groupingtest.Labelled(t, filepath.Join("..", "tools", "grouping", "testdata", name))
}

// emptySite is workspace A's site with its fixture keyword, cluster and idea removed.
func emptySite(t testing.TB) (*tests.TestApp, *core.Record) {
	t.Helper()
	app := testapp.New(t)
	site, err := app.FindRecordById(collections.Sites, testapp.SiteId(testapp.A))
	if err != nil {
		t.Fatal(err)
	}
	for _, col := range []string{collections.Contents, collections.Tasks, collections.Ideas, collections.Keywords} {
		if _, err := app.DB().Delete(col, dbx.HashExp{"site": site.Id}).Execute(); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := app.DB().Delete(collections.Clusters, dbx.HashExp{"site": site.Id}).Execute(); err != nil {
		t.Fatal(err)
	}
	return app, site
}

// clusterNow runs one clustering run for every unclustered keyword of site
// through the job engine and returns the job's result.
func clusterNow(t testing.TB, app core.App, site *core.Record) map[string]any {
	t.Helper()
	recs, _, err := planner.EnqueueClustering(app, site, planner.MaxClusterRequest, "")
	if err != nil || len(recs) == 0 {
		t.Fatalf("enqueue: %v %d", err, len(recs))
	}
	runJobs(t, app)
	res := map[string]any{"jobs": float64(len(recs))}
	for _, r := range recs {
		j, err := app.FindRecordById(collections.Jobs, r.Id)
		if err != nil {
			t.Fatal(err)
		}
		if j.GetString("status") != collections.JobSucceeded {
			t.Fatalf("clustering job %s: %s", j.GetString("status"), j.GetString("error"))
		}
		var one map[string]any
		if err := j.UnmarshalJSONField("result", &one); err != nil {
			t.Fatalf("clustering job result: %v", err)
		}
		for k, v := range one {
			if f, ok := v.(float64); ok {
				prev, _ := res[k].(float64)
				v = prev + f
			}
			res[k] = v
		}
	}
	return res
}

// partition is the site's active clusters as index groups over kws.
func partition(t testing.TB, app core.App, siteId string, kws []string) (groups [][]int, names []string) {
	t.Helper()
	var rows []struct {
		Normalized string `db:"normalized"`
		Cluster    string `db:"cluster"`
		Name       string `db:"name"`
	}
	if err := app.DB().NewQuery(`SELECT k.normalized, k.cluster, c.name FROM {{keywords}} k JOIN {{clusters}} c ON c.id = k.cluster
		WHERE k.site = {:s} AND c.status = 'active' ORDER BY c.created, c.id`).Bind(dbx.Params{"s": siteId}).All(&rows); err != nil {
		t.Fatal(err)
	}
	idx := map[string]int{}
	for i, k := range kws {
		idx[keywordfile.Normalize(k)] = i
	}
	by := map[string]int{}
	for _, r := range rows {
		g, ok := by[r.Cluster]
		if !ok {
			g = len(groups)
			by[r.Cluster] = g
			groups = append(groups, nil)
			names = append(names, r.Name)
		}
		groups[g] = append(groups[g], idx[r.Normalized])
	}
	n := 0
	for _, g := range groups {
		n += len(g)
	}
	if n != len(kws) {
		t.Fatalf("active clusters hold %d keywords, want %d", n, len(kws))
	}
	return groups, names
}

// ari is the adjusted Rand index of groups against labels.
func ari(groups [][]int, labels []string) float64 {
	gs := make([]grouping.Grouping, len(groups))
	for i, g := range groups {
		gs[i].Members = g
	}
	return groupingtest.AdjustedRand(gs, labels)
}

// Through the real job and the offline dev provider: the labelled set
// imported in 4 shuffled batches with a clustering run after each ends
// within 0.02 ARI of clustering it all at once, with at most 5 % more
// clusters (the base: ARI 0.295 with 3× the clusters on the set).
func TestClusterRunsInBatchesMatchOneShot(t *testing.T) {
	t.Parallel()
	kws, topics := labelledSet(t, "labelled_clusters_3.csv")
	app, site := emptySite(t)
	if _, err := planner.ImportLines(app, site, kws); err != nil {
		t.Fatal(err)
	}
	clusterNow(t, app, site)
	one, _ := partition(t, app, site.Id, kws)
	oneARI := ari(one, topics)

	for _, seed := range []int64{7, 8} {
		app, site := emptySite(t)
		perm := rand.New(rand.NewSource(seed)).Perm(len(kws))
		for b := 0; b < 4; b++ {
			var batch []string
			for _, i := range perm[b*len(kws)/4 : (b+1)*len(kws)/4] {
				batch = append(batch, kws[i])
			}
			if _, err := planner.ImportLines(app, site, batch); err != nil {
				t.Fatal(err)
			}
			clusterNow(t, app, site)
		}
		inc, _ := partition(t, app, site.Id, kws)
		got := ari(inc, topics)
		t.Logf("shuffle %d: one-shot %d clusters ARI %.3f; 4 runs %d clusters ARI %.3f", seed, len(one), oneARI, len(inc), got)
		if got < oneARI-0.02 || float64(len(inc)) > 1.05*float64(len(one)) {
			t.Errorf("shuffle %d: 4 runs %d clusters ARI %.3f vs one-shot %d clusters ARI %.3f", seed, len(inc), got, len(one), oneARI)
		}
	}
}

// composedBacklog is n keywords composed from labelled topics: each topic a
// head phrase, each keyword the head with the modifiers and aspects keyword
// tools export around it. Labels are the topics.
func composedBacklog(n int) (kws, topics []string) {
	heads := strings.Split(`espresso machine|running shoes|sourdough starter|yoga mat|credit card|mortgage rate|solar panel|electric bike|air fryer|standing desk|dog crate|cat litter|baby stroller|car seat|hiking boots|tent stakes|fishing rod|golf clubs|tennis racket|ski goggles|snowboard bindings|kayak paddle|surfboard wax|climbing rope|bike helmet|swim goggles|protein powder|vitamin d|green tea|cold brew|wine glasses|cast iron skillet|chef knife|cutting board|rice cooker|pressure cooker|slow cooker|blender bottle|water filter|air purifier|humidifier tank|space heater|ceiling fan|smart thermostat|robot vacuum|carpet shampoo|window blinds|curtain rods|bed sheets|memory foam mattress|pillow cases|duvet cover|shower head|toilet seat|bathroom scale|electric toothbrush|hair dryer|curling iron|beard trimmer|nail polish|sunscreen lotion|face serum|lip balm|perfume samples|wedding ring|pearl necklace|leather wallet|travel backpack|suitcase lock|passport holder|noise cancelling headphones|bluetooth speaker|gaming mouse|mechanical keyboard|usb microphone|webcam cover|monitor arm|laptop stand|phone case|screen protector|smart watch|fitness tracker|drone battery|action camera|tripod head|camera lens|printer ink|paper shredder|label maker|office chair|garden hose|lawn mower|leaf blower|hedge trimmer|pressure washer|bird feeder|flower seeds|potting soil|compost bin|raised garden bed`, "|")
	mods := strings.Split(`best|cheap|top rated|used|portable|small|large|professional|budget|premium|waterproof|lightweight|quiet|wireless|compact|heavy duty|eco friendly|luxury|beginner|kids`, "|")
	tails := strings.Split(`reviews|price|for beginners|under 100|near me|repair|parts|accessories|brands|deals|sale|uk|2026|comparison|problems|manual|maintenance|how to clean|how to choose|warranty|sizes|colors|replacement|alternatives|vs cheap|buying guide|setup|cleaning tips|storage ideas|gift ideas`, "|")
	r := rand.New(rand.NewSource(5000))
	seen := map[string]bool{}
	for len(kws) < n {
		t := r.Intn(len(heads))
		h := heads[t]
		var k string
		switch r.Intn(3) {
		case 0:
			k = mods[r.Intn(len(mods))] + " " + h
		case 1:
			k = h + " " + tails[r.Intn(len(tails))]
		default:
			k = mods[r.Intn(len(mods))] + " " + h + " " + tails[r.Intn(len(tails))]
		}
		if seen[k] {
			continue
		}
		seen[k] = true
		kws = append(kws, k)
		topics = append(topics, h)
	}
	return kws, topics
}

// majorityTopics counts, per topic, the clusters in which it is the largest topic.
func majorityTopics(groups [][]int, topics []string) map[string]int {
	out := map[string]int{}
	for _, g := range groups {
		c := map[string]int{}
		best := ""
		for _, m := range g {
			c[topics[m]]++
			if c[topics[m]] > c[best] || c[topics[m]] == c[best] && topics[m] < best {
				best = topics[m]
			}
		}
		out[best]++
	}
	return out
}

// A 5,000-keyword backlog (100 labelled topics) clustered in one run is one
// map: no topic is the main topic of two clusters. The base cut such a
// backlog into 3 independent jobs of up to 2,000 keywords, and each founded
// its own cluster of nearly every topic.
func TestLargeBacklogIsOneMap(t *testing.T) {
	t.Parallel()
	kws, topics := composedBacklog(5000)
	app, site := emptySite(t)
	if _, err := planner.ImportLines(app, site, kws); err != nil {
		t.Fatal(err)
	}
	res := clusterNow(t, app, site)
	groups, _ := partition(t, app, site.Id, kws)
	maj := majorityTopics(groups, topics)
	var twice []string
	for tp, n := range maj {
		if n > 1 {
			twice = append(twice, fmt.Sprintf("%s ×%d", tp, n))
		}
	}
	sort.Strings(twice)
	// topics that share a head word (rice/pressure/slow cooker) may share a
	// cluster; that is purity, not a duplicate
	t.Logf("5,000 keywords, 100 topics → %d clusters led by %d topics, ARI %.3f; job result %v", len(groups), len(maj), ari(groups, topics), res)
	if len(twice) > 0 {
		t.Errorf("topics with two or more clusters: %v", twice)
	}
	if res["jobs"] != 1.0 || res["aiCalls"].(float64) < 2 {
		t.Errorf("want one run with the AI naming step split into calls: %v", res)
	}
}

// Re-running clustering with nothing new changes nothing: the route finds
// nothing to do, and a run over keywords that are clustered by then (a
// queued job whose keywords were clustered meanwhile) leaves every cluster
// and keyword as it was and charges nothing.
func TestReRunWithNothingNewChangesNothing(t *testing.T) {
	t.Parallel()
	kws, _ := labelledSet(t, "labelled_clusters_3.csv")
	app, site := emptySite(t)
	if _, err := planner.ImportLines(app, site, kws[:150]); err != nil {
		t.Fatal(err)
	}
	clusterNow(t, app, site)
	if _, err := planner.ImportLines(app, site, kws[150:]); err != nil {
		t.Fatal(err)
	}
	clusterNow(t, app, site)
	snapshot := func() string {
		var rows []map[string]any
		var out []string
		_ = app.DB().NewQuery("SELECT id, cluster, status, COALESCE(placement,'') AS p FROM {{keywords}} WHERE site = {:s} ORDER BY id").Bind(dbx.Params{"s": site.Id}).All(&rows)
		for _, r := range rows {
			b, _ := json.Marshal(r)
			out = append(out, string(b))
		}
		var cs []string
		_ = app.DB().NewQuery("SELECT id || name || status || keyword_count || COALESCE(receipts,'') FROM {{clusters}} WHERE site = {:s} ORDER BY id").Bind(dbx.Params{"s": site.Id}).Column(&cs)
		return strings.Join(append(out, cs...), "\n")
	}
	before := snapshot()
	recs, n, err := planner.EnqueueClustering(app, site, planner.MaxClusterRequest, "")
	if err != nil || n != 0 || len(recs) != 0 {
		t.Fatalf("nothing new: %v %d keywords %d jobs", err, n, len(recs))
	}
	var ids []string
	_ = app.DB().Select("id").From(collections.Keywords).Where(dbx.HashExp{"site": site.Id}).Limit(40).Column(&ids)
	job, err := planner.EnqueueClusteringIds(app, site, ids, "")
	if err != nil {
		t.Fatal(err)
	}
	runJobs(t, app)
	j := jobRecord(t, app, job.Id)
	if j.GetString("status") != collections.JobSucceeded || j.GetInt("credits") != 0 {
		t.Fatalf("run over clustered keywords: %s credits %d", j.GetString("status"), j.GetInt("credits"))
	}
	if after := snapshot(); after != before {
		t.Fatal("a run with nothing new changed clusters or keywords")
	}
}
