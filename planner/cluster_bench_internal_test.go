package planner

import (
	"fmt"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/igny8/igny8/tools/grouping"
)

func cpuNow() float64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// benchTopics are n synthetic topic heads ("a b" from two word lists).
func benchTopics(n int) []string {
	a := []string{"espresso", "running", "sourdough", "yoga", "credit", "mortgage", "solar", "electric", "air", "standing", "dog", "cat", "baby",
		"car", "hiking", "tent", "fishing", "golf", "tennis", "ski", "snowboard", "kayak", "surf", "climbing", "bike", "swim", "protein", "vitamin",
		"green", "cold", "wine", "iron", "chef", "rice", "pressure", "slow", "water", "purifier", "heater", "ceiling", "thermostat", "robot", "carpet",
		"window", "curtain", "mattress", "pillow", "shower", "toilet", "bathroom"}
	b := []string{"machine", "shoes", "starter", "mat", "card", "rates", "panel", "bike", "fryer", "desk", "crate", "litter", "stroller", "seat",
		"boots", "stakes", "rod", "clubs", "racket", "goggles", "bindings", "paddle", "wax", "rope", "helmet", "powder", "tea", "brew", "glasses",
		"skillet", "knife", "cooker", "filter", "tank", "fan", "vacuum", "shampoo", "blinds", "rods", "sheets"}
	var out []string
	for i := 0; len(out) < n; i++ {
		out = append(out, a[i%len(a)]+" "+b[(i/len(a))%len(b)]+suffix(i/(len(a)*len(b))))
	}
	return out
}

func suffix(round int) string {
	if round == 0 {
		return ""
	}
	return fmt.Sprintf(" v%d", round)
}

var benchMods2 = []string{"best", "cheap", "portable", "small", "large", "professional", "budget", "premium", "waterproof", "lightweight", "quiet", "wireless"}
var benchTails2 = []string{"reviews", "price", "for beginners", "repair", "parts", "accessories", "brands", "deals", "comparison", "problems", "manual", "maintenance", "warranty", "sizes", "replacement"}

// benchTopicKeyword is keyword j of a topic head.
func benchTopicKeyword(head string, j int) string {
	switch j % 3 {
	case 0:
		return benchMods2[j%len(benchMods2)] + " " + head
	case 1:
		return head + " " + benchTails2[j%len(benchTails2)]
	}
	return benchMods2[(j/3)%len(benchMods2)] + " " + head + " " + benchTails2[j%len(benchTails2)]
}

// BenchmarkAssign1000Into2000Clusters: a run's lexical map of 1,000 new
// keywords (900 of existing topics, 100 of 10 new ones) against 2,000
// existing clusters of 10 keywords each that all have ideas (fixed: the
// worst case, nothing is regrouped). Reports the keywords placed in
// existing clusters, the units left for the AI step and the AI calls they
// make (MaxAICallKeywords each).
func BenchmarkAssign1000Into2000Clusters(b *testing.B) {
	heads := benchTopics(2000)
	var clusters []*runCluster
	for i, h := range heads[:2000] {
		c := &runCluster{Id: fmt.Sprintf("c%014d", i), Name: titleCase(h), Fixed: true}
		for j := 0; j < 10; j++ {
			c.Keywords = append(c.Keywords, runKeyword{Id: fmt.Sprintf("k%06d%08d", i, j), Text: benchTopicKeyword(h, j), Cluster: c.Id})
		}
		clusters = append(clusters, c)
	}
	var fresh []runKeyword
	for i := 0; i < 900; i++ {
		fresh = append(fresh, runKeyword{Id: fmt.Sprintf("n%014d", i), Text: benchTopicKeyword(heads[(i*7)%2000], 10+i%20)})
	}
	for i := 0; i < 100; i++ {
		head := []string{"origami paper", "beekeeping suit", "chess clock", "violin strings", "aquarium gravel", "saddle pad", "kombucha scoby", "telescope eyepiece", "pottery wheel", "sewing pattern"}[i%10]
		fresh = append(fresh, runKeyword{Id: fmt.Sprintf("m%014d", i), Text: benchTopicKeyword(head, i)})
	}
	var ms0, ms1 runtime.MemStats
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		runtime.ReadMemStats(&ms0)
		cpu := cpuNow()
		plan := lexicalPlan(clusters, fresh, grouping.GroupOptions{})
		b.ReportMetric(cpuNow()-cpu, "cpu-s")
		runtime.ReadMemStats(&ms1)
		inUnits, calls, n := 0, 0, 0
		for _, u := range plan.units {
			inUnits += len(u.kws)
			if n > 0 && n+len(u.kws) > MaxAICallKeywords {
				calls++
				n = 0
			}
			n += len(u.kws)
		}
		if n > 0 {
			calls++
		}
		b.ReportMetric(float64(len(plan.moves)), "assigned")
		b.ReportMetric(float64(inUnits), "to-AI-keywords")
		b.ReportMetric(float64(calls), "AI-calls")
		b.ReportMetric(float64(ms1.TotalAlloc-ms0.TotalAlloc)/(1<<20), "alloc-MB")
	}
}
