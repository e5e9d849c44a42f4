package groupingtest

import (
	"testing"

	"github.com/igny8/igny8/tools/grouping"
)

func TestAdjustedRandKnownValues(t *testing.T) {
	t.Parallel()
	labels := []string{"a", "a", "b", "b"}
	same := []grouping.Grouping{{Members: []int{0, 1}}, {Members: []int{2, 3}}}
	if got := AdjustedRand(same, labels); got != 1 {
		t.Fatalf("identical partitions: ARI %v", got)
	}
	if got := Purity(same, labels); got != 1 {
		t.Fatalf("purity %v", got)
	}
	crossed := []grouping.Grouping{{Members: []int{0, 2}}, {Members: []int{1, 3}}}
	if got := AdjustedRand(crossed, labels); got >= 0 {
		t.Fatalf("crossed partitions should be below chance: %v", got)
	}
	if got := Purity(crossed, labels); got != 0.5 {
		t.Fatalf("crossed purity %v", got)
	}
}
