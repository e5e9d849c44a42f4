package planner

import (
	"fmt"
	"math/rand"
	"path/filepath"
	"testing"

	"github.com/igny8/igny8/tools/grouping"
	"github.com/igny8/igny8/tools/grouping/groupingtest"
)

// simulateRuns clusters kws in batches the way repeated clustering runs do,
// without a database: each run plans its batch against the clusters of the
// earlier runs (lexicalPlan) and takes the lexical decision for what it
// leaves to the AI (what the dev provider answers). With fixed, every
// cluster counts as having ideas after its run (it keeps its keywords and
// only receives new ones): the worst case for incremental clustering. It
// returns the final clusters as groupings over kws.
func simulateRuns(kws []string, batches [][]int, fixed bool) []grouping.Grouping {
	at := map[int]string{} // keyword → cluster id
	names := map[string]string{}
	terms := map[string][]string{}
	next := 0
	for _, b := range batches {
		byId := map[string]*runCluster{}
		var clusters []*runCluster
		for k := range kws {
			id, ok := at[k]
			if !ok {
				continue
			}
			c := byId[id]
			if c == nil {
				c = &runCluster{Id: id, Name: names[id], Terms: terms[id], Fixed: fixed}
				byId[id] = c
			}
			c.Keywords = append(c.Keywords, runKeyword{Id: fmt.Sprint(k), Text: kws[k], Cluster: id})
		}
		for _, c := range byId {
			clusters = append(clusters, c)
		}
		// the database hands clusters over in creation order
		sortClusters(clusters)
		var fresh []runKeyword
		for _, k := range b {
			fresh = append(fresh, runKeyword{Id: fmt.Sprint(k), Text: kws[k]})
		}
		plan := lexicalPlan(clusters, fresh, grouping.GroupOptions{})
		found, moves := lexicalDecision(plan.units)
		for _, m := range append(plan.moves, moves...) {
			var k int
			fmt.Sscan(m.kw.Id, &k)
			at[k] = m.to
		}
		for _, pc := range found {
			id := fmt.Sprintf("c%05d", next)
			next++
			names[id] = pc.Name
			terms[id], _ = pc.Receipts["terms"].([]string)
			for _, kw := range pc.Keywords {
				var k int
				fmt.Sscan(kw.Id, &k)
				at[k] = id
			}
		}
	}
	byCluster := map[string][]int{}
	var order []string
	for k := range kws {
		if id, ok := at[k]; ok {
			if _, seen := byCluster[id]; !seen {
				order = append(order, id)
			}
			byCluster[id] = append(byCluster[id], k)
		}
	}
	var out []grouping.Grouping
	for _, id := range order {
		out = append(out, grouping.Grouping{Members: byCluster[id]})
	}
	return out
}

func sortClusters(cs []*runCluster) {
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && cs[j].Id < cs[j-1].Id; j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}

// shuffledBatches cuts a shuffle of n keywords into parts batches.
func shuffledBatches(n, parts int, seed int64) [][]int {
	perm := rand.New(rand.NewSource(seed)).Perm(n)
	var out [][]int
	for i := 0; i < parts; i++ {
		out = append(out, perm[i*n/parts:(i+1)*n/parts])
	}
	return out
}

// Keywords imported in 4 shuffled batches with a run after each end as
// close to one-shot clustering as the issue asks (within 0.02 ARI, at most
// 5 % more clusters), on a labelled set the thresholds were never tuned on;
// the base measured ARI 0.295 with 3× the clusters this way. The
// worst case (every cluster fixed after its run) is logged for
// docs/PERFORMANCE.md.
func TestRunsInBatchesMatchOneShot(t *testing.T) {
	t.Parallel()
	for _, file := range []string{"labelled_clusters_3.csv", "labelled_clusters_2.csv"} {
		kws, topics := groupingtest.Labelled(t, filepath.Join("..", "tools", "grouping", "testdata", file))
		one := simulateRuns(kws, [][]int{shuffledBatches(len(kws), 1, 1)[0]}, false)
		oneARI := groupingtest.AdjustedRand(one, topics)
		for seed := int64(1); seed <= 5; seed++ {
			batches := shuffledBatches(len(kws), 4, seed)
			inc := simulateRuns(kws, batches, false)
			groupingtest.CheckPartition(t, inc, len(kws))
			ari := groupingtest.AdjustedRand(inc, topics)
			worst := simulateRuns(kws, batches, true)
			t.Logf("%s shuffle %d: one-shot %d clusters ARI %.3f; 4 runs %d clusters ARI %.3f; 4 runs with every cluster fixed %d clusters ARI %.3f",
				file, seed, len(one), oneARI, len(inc), ari, len(worst), groupingtest.AdjustedRand(worst, topics))
			if ari < oneARI-0.02 || float64(len(inc)) > float64(len(one))*1.05 {
				t.Errorf("%s shuffle %d: 4 runs give %d clusters ARI %.3f, one-shot %d clusters ARI %.3f", file, seed, len(inc), ari, len(one), oneARI)
			}
		}
	}
}
