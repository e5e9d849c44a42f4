package billing_test

import (
	"testing"

	"github.com/igny8/igny8/billing"
)

func TestCost(t *testing.T) {
	t.Parallel()
	cases := []struct {
		action string
		qty    int
		want   int
	}{
		{billing.ActionClustering, 1, 1},
		{billing.ActionClustering, 30, 1},
		{billing.ActionClustering, 31, 2},
		{billing.ActionClustering, 300, 10},
		{billing.ActionIdea, 4, 4},
		{billing.ActionArticle, 2, 6},
		{billing.ActionImage, 3, 3},
		{billing.ActionReparse, 1, 1},
		{billing.ActionPublish, 50, 0},
		{billing.ActionArticle, 0, 0},
		{billing.ActionArticle, -3, 0},
		{"unknown", 5, 0},
	}
	for _, c := range cases {
		if got := billing.Cost(c.action, c.qty); got != c.want {
			t.Errorf("Cost(%s, %d) = %d, want %d", c.action, c.qty, got, c.want)
		}
	}
}
