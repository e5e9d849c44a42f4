// Package groupingtest measures a grouping against labelled keyword sets:
// the helpers the grouping's own tests and the planner's clustering tests
// share.
package groupingtest

import (
	"encoding/csv"
	"fmt"
	"os"
	"testing"

	"github.com/igny8/igny8/tools/grouping"
)

// Labelled reads a labelled keyword set (a CSV of topic,keyword rows after a
// header), such as tools/grouping/testdata/labelled_clusters.csv.
func Labelled(t testing.TB, path string) (keywords []string, topics []string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs[1:] {
		topics = append(topics, r[0])
		keywords = append(keywords, r[1])
	}
	return keywords, topics
}

// Purity is the share of keywords that belong to their group's majority topic.
func Purity(groups []grouping.Grouping, labels []string) float64 {
	right := 0
	for _, g := range groups {
		c := map[string]int{}
		best := 0
		for _, m := range g.Members {
			c[labels[m]]++
			best = max(best, c[labels[m]])
		}
		right += best
	}
	return float64(right) / float64(len(labels))
}

// AdjustedRand is the adjusted Rand index of the grouping against the labels
// (1 = identical partitions, about 0 = chance).
func AdjustedRand(groups []grouping.Grouping, labels []string) float64 {
	n := len(labels)
	comb := func(x int) float64 { return float64(x) * float64(x-1) / 2 }
	cont := map[[2]string]int{}
	rows := map[string]int{}
	cols := map[string]int{}
	for gi, g := range groups {
		key := fmt.Sprint(gi)
		for _, m := range g.Members {
			cont[[2]string{key, labels[m]}]++
			rows[key]++
			cols[labels[m]]++
		}
	}
	var index, a, b float64
	for _, v := range cont {
		index += comb(v)
	}
	for _, v := range rows {
		a += comb(v)
	}
	for _, v := range cols {
		b += comb(v)
	}
	expected := a * b / comb(n)
	maxIndex := (a + b) / 2
	if maxIndex == expected {
		return 1
	}
	return (index - expected) / (maxIndex - expected)
}

// CheckPartition fails t unless every one of n keywords is in exactly one
// non-empty group.
func CheckPartition(t testing.TB, groups []grouping.Grouping, n int) {
	t.Helper()
	seen := make([]int, n)
	for _, g := range groups {
		if len(g.Members) == 0 {
			t.Fatal("empty group")
		}
		for _, m := range g.Members {
			seen[m]++
		}
	}
	for i, c := range seen {
		if c != 1 {
			t.Fatalf("keyword %d is in %d groups", i, c)
		}
	}
}

// SameGroup reports whether keywords a and b landed in one group.
func SameGroup(groups []grouping.Grouping, kws []string, a, b string) bool {
	for _, g := range groups {
		in := 0
		for _, m := range g.Members {
			if kws[m] == a || kws[m] == b {
				in++
			}
		}
		if in == 2 {
			return true
		}
	}
	return false
}
