package ai_test

import (
	"context"
	"strings"
	"testing"

	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/testapp"
)

type devCluster struct {
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Keywords    []string `json:"keywords"`
}

type devClusters struct {
	Clusters []devCluster `json:"clusters"`
}

func TestDevClusteringCoversEveryKeyword(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	ai.Configure(app, ai.Config{Dev: true})
	kws := []string{"best running shoes", "running shoes for flat feet", "trail running shoes", "marathon training plan",
		"couch to 5k", "running shoes women", "how to run faster"}
	sys, user, err := ai.RenderPrompt(app, testapp.TenantId(testapp.A), ai.PromptClustering,
		map[string]any{"Site": "Run Blog", "Niche": "running", "Keywords": kws, "MaxClusters": 5, "Existing": []string{}})
	if err != nil {
		t.Fatal(err)
	}
	var out devClusters
	u, err := ai.JSON(context.Background(), app, ai.Request{Task: ai.TaskClustering, Tenant: testapp.TenantId(testapp.A),
		Messages: []ai.Message{{Role: "system", Content: sys}, {Role: "user", Content: user}}}, &out)
	if err != nil {
		t.Fatal(err)
	}
	if u.Model != "dev" || u.CostUSD != 0 {
		t.Fatalf("usage %+v", u)
	}
	seen := map[string]int{}
	for _, c := range out.Clusters {
		if c.Name == "" || c.Description == "" {
			t.Fatalf("empty cluster field: %+v", c)
		}
		for _, k := range c.Keywords {
			seen[k]++
		}
	}
	for _, k := range kws {
		if seen[k] != 1 {
			t.Fatalf("keyword %q assigned %d times: %+v", k, seen[k], out)
		}
	}
	if len(out.Clusters) < 2 {
		t.Fatalf("want several clusters, got %+v", out)
	}
	if !strings.Contains(strings.ToLower(out.Clusters[0].Name), "running") {
		t.Logf("cluster names: %+v", out.Clusters)
	}
}
