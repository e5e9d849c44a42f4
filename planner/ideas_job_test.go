package planner_test

import (
	"testing"

	"github.com/igny8/igny8/ai/aitest"
	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/planner"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
)

// Five ideas are asked for (5 credits reserved); the model returns two, so
// the job is charged 2 and the other 3 come back.
func TestIdeasJobRefundsIdeasNotReturned(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	srv := aitest.New(t)
	srv.Configure(app)
	idea := func(title string) map[string]any {
		return map[string]any{"title": title, "primary_keyword": "keyword a", "keywords": []string{"keyword a"}, "intent": "informational",
			"content_type": "post", "structure": "guide", "description": "d", "outline": []map[string]any{{"h2": "Why", "h3": []string{"x"}}},
			"estimated_words": 1200}
	}
	srv.Handle(func(c aitest.Call) aitest.Reply {
		return aitest.JSON(map[string]any{"ideas": []map[string]any{idea("Keyword A: The Complete Guide"), idea("12 Keyword A Mistakes to Avoid")}})
	})
	tenant := testapp.TenantId(testapp.A)
	before, err := billing.GetBalance(app, tenant)
	if err != nil {
		t.Fatal(err)
	}
	cluster, _ := app.FindRecordById(collections.Clusters, testapp.RecordId(collections.Clusters, testapp.A))
	job, err := planner.EnqueueIdeas(app, cluster, 5, "")
	if err != nil || job.GetInt("credits") != 5 {
		t.Fatalf("enqueue: %v credits %d", err, job.GetInt("credits"))
	}
	runJobs(t, app)
	j := jobRecord(t, app, job.Id)
	if j.GetString("status") != collections.JobSucceeded {
		t.Fatalf("job %s: %s", j.GetString("status"), j.GetString("error"))
	}
	if n, _ := app.CountRecords(collections.Ideas, dbx.HashExp{"cluster": cluster.Id, "title": "12 Keyword A Mistakes to Avoid"}); n != 1 {
		t.Fatalf("ideas not stored")
	}
	after, _ := billing.GetBalance(app, tenant)
	if spent := before.Total() - after.Total(); spent != 2 {
		t.Fatalf("charged %d credits for 2 ideas (5 requested)", spent)
	}
	if j.GetInt("credits") != 2 || j.GetString("credits_state") != collections.CreditsCommitted {
		t.Fatalf("job credits %d %s", j.GetInt("credits"), j.GetString("credits_state"))
	}
	if m, err := billing.Verify(app); err != nil || len(m) > 0 {
		t.Fatalf("credits verify: %v %v", m, err)
	}
}
