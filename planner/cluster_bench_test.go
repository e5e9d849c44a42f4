package planner_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/planner"
)

// BenchmarkClusterRun100k: one clustering run over a 100,000-keyword backlog
// (2,000 topics × 50 keywords: a topic's own two terms, a head noun shared
// by about 90 topics, modifiers) through the real job with the
// offline dev provider, into a migrated data dir: time, CPU, peak RSS
// (measureAlone) and the AI calls the naming step was split into. Run it
// once per process under a memory cap:
//
//	prlimit --as=4000000000 -- go test -run '^$' -bench ClusterRun100k -benchtime 1x ./planner/
func BenchmarkClusterRun100k(b *testing.B) {
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		app, site := emptySite(b)
		ai.Configure(app, ai.Config{Dev: true})
		kws := make([]string, 0, 100_000)
		heads := benchHeads100k()
		for t, h := range heads {
			for j := 0; j < 50; j++ {
				kws = append(kws, fmt.Sprintf("%s %s", h, benchTail(t, j)))
			}
		}
		if _, err := planner.ImportLines(app, site, kws); err != nil {
			b.Fatal(err)
		}
		var res map[string]any
		measureAlone(b, len(kws), func() error {
			res = clusterNow(b, app, site)
			return nil
		})
		n, _ := app.CountRecords(collections.Clusters, nil)
		b.ReportMetric(res["aiCalls"].(float64), "AI-calls")
		b.ReportMetric(float64(n), "clusters")
		app.Cleanup()
	}
}

// benchHeads100k are 2,000 distinct two-word topic heads.
func benchHeads100k() []string {
	var out []string
	for i := 0; len(out) < 2000; i++ {
		h := strings.Fields(benchHeads[i%len(benchHeads)])
		out = append(out, fmt.Sprintf("%s %s %s", benchWord(i), benchWord(i+2000), h[len(h)-1]))
	}
	return out
}

// benchWord is a distinct made-up word per i (up to 7,225): a topic's own
// terms beside a head noun many topics share ("babax pijex machine").
func benchWord(i int) string {
	const letters = "bcdfghjklmnprstvz"
	const vowels = "aeiou"
	return string([]byte{letters[i%17], vowels[(i/17)%5], letters[(i/85)%17], vowels[(i/1445)%5], 'x'})
}

func benchTail(t, j int) string {
	tails := []string{"reviews", "price", "for beginners", "repair", "parts", "accessories", "brands", "deals", "comparison", "problems",
		"manual", "maintenance", "warranty", "sizes", "replacement", "near me", "uk", "sale", "setup", "cleaning"}
	mods := []string{"best", "cheap", "portable", "small", "large", "professional", "budget", "premium"}
	return fmt.Sprintf("%s %s", mods[(t+j)%len(mods)], tails[j%len(tails)])
}
