package payments_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/ai/aitest"
	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/metrics"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
)

func aiCall(e *env, ws string) error {
	_, _, err := ai.Text(context.Background(), e.app, ai.Request{Task: ai.TaskContent, Tenant: testapp.TenantId(ws),
		Messages: []ai.Message{{Role: "user", Content: "Write hello"}}, MaxTokens: 100})
	return err
}

func spendOf(e *env, ws, day string) (cost, instance float64, calls int) {
	var row struct {
		Cost     float64 `db:"cost_usd"`
		Instance float64 `db:"instance_usd"`
		Calls    int     `db:"calls"`
	}
	_ = e.app.DB().Select("cost_usd", "instance_usd", "calls").From(collections.AISpend).
		Where(dbx.HashExp{"tenant": testapp.TenantId(ws), "day": day}).One(&row)
	return row.Cost, row.Instance, row.Calls
}

// TestAICostCaps: every provider request's cost lands on its workspace's
// day (through ai.OnCall, the real client against the fake OpenAI server);
// once the workspace's daily cap is reached the next call is not sent and
// fails with a *billing.CapError that the jobs engine snoozes until the next
// UTC day (the owner sees why in the summary, operators in /metrics); the next
// day it works again; a workspace using its own key is not capped; the
// instance-wide cap holds every workspace on the instance key.
func TestAICostCaps(t *testing.T) {
	e := newEnv(t)
	srv := aitest.New(t)
	clock := testapp.NewClock(time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC))
	cfg := srv.Config()
	cfg.Now = clock.Now
	ai.Configure(e.app, cfg)
	srv.Handle(func(aitest.Call) aitest.Reply { return aitest.Text("<p>hello</p>") })
	today := "2026-12-02"

	if err := aiCall(e, testapp.A); err != nil {
		t.Fatal(err)
	}
	cost, instance, calls := spendOf(e, testapp.A, today)
	if calls != 1 || cost <= 0 || instance != cost {
		t.Fatalf("spend after one call: cost %v instance %v calls %d", cost, instance, calls)
	}

	e.set(testapp.A, map[string]any{"ai_cap_daily_usd": cost / 2})
	sent := len(srv.Calls())
	err := aiCall(e, testapp.A)
	var ce *billing.CapError
	if !errors.As(err, &ce) || !errors.Is(err, billing.ErrAICapReached) || ce.Scope != "workspace daily" {
		t.Fatalf("over the cap: %v", err)
	}
	var sn jobs.Snoozer
	if !errors.As(err, &sn) || sn.SnoozeFor() != 14*time.Hour {
		t.Fatalf("the cap error must snooze the job until 00:00 UTC (14h): %v", err)
	}
	if len(srv.Calls()) != sent {
		t.Fatal("a capped call reached the provider")
	}
	if got := cappedCalls(t, e); got != 1 {
		t.Fatalf("igny8_ai_calls_total{outcome=capped} = %v, want 1", got)
	}
	status, body, _ := e.do("GET", "/api/igny8/billing/workspaces/"+testapp.TenantId(testapp.A)+"/summary", e.owner(testapp.A), ``, nil)
	caps, _ := body["aiCaps"].(map[string]any)
	if status != 200 || caps == nil || !strings.Contains(caps["paused"].(string), "workspace daily AI cost cap") {
		t.Fatalf("summary: %d %v", status, body["aiCaps"])
	}
	if err := aiCall(e, testapp.B); err != nil {
		t.Fatalf("B has no cap: %v", err)
	}

	// a workspace's own key is its own bill
	if status, body, _ := e.do(http.MethodPut, "/api/igny8/workspaces/"+testapp.TenantId(testapp.A)+"/ai-key", e.owner(testapp.A),
		`{"key":"sk-own-key-of-a"}`, nil); status != 200 {
		t.Fatalf("set own key: %d %v", status, body)
	}
	if err := aiCall(e, testapp.A); err != nil {
		t.Fatalf("own key over the instance-key cap: %v", err)
	}
	_, instance2, calls2 := spendOf(e, testapp.A, today)
	if calls2 != 2 || instance2 != instance {
		t.Fatalf("own-key call: calls %d, instance spend %v -> %v", calls2, instance, instance2)
	}

	// the next day the workspace cap is free again; the instance cap holds B
	clock.Add(14 * time.Hour)
	t.Setenv(billing.EnvAICapDaily, "0.0000001")
	if err := aiCall(e, testapp.B); err != nil {
		t.Fatalf("first call of the day under the instance cap: %v", err)
	}
	if err := aiCall(e, testapp.B); !errors.As(err, &ce) || ce.Scope != "instance daily" {
		t.Fatalf("instance cap: %v", err)
	}
	e.verify()
}

func cappedCalls(t *testing.T, e *env) float64 {
	return metricSum(t, e, "igny8_ai_calls_total", "outcome", ai.CallCapped)
}

// metricSum adds the counters of family name whose label has value (any when label is "").
func metricSum(t *testing.T, e *env, name, label, value string) float64 {
	fams, err := metrics.Of(e.app).Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	total := 0.0
	for _, f := range fams {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			match := label == ""
			for _, l := range m.GetLabel() {
				match = match || l.GetName() == label && l.GetValue() == value
			}
			if match {
				total += m.GetCounter().GetValue()
			}
		}
	}
	return total
}

// TestAICostAnomaly: a day over 5x the 14-day median writes one
// ai.cost_anomaly audit entry and counts once in /metrics; a workspace
// without a week of history is not judged.
func TestAICostAnomaly(t *testing.T) {
	e := newEnv(t)
	a := testapp.TenantId(testapp.A)
	day := time.Date(2026, 12, 20, 9, 0, 0, 0, time.UTC)
	for i := 1; i <= 14; i++ {
		if _, err := billing.RecordSpend(e.app, a, 1.0, true, day.AddDate(0, 0, -i)); err != nil {
			t.Fatal(err)
		}
	}
	if hit, err := billing.RecordSpend(e.app, a, 4.0, true, day); err != nil || hit {
		t.Fatalf("4x the median: anomaly %v %v", hit, err)
	}
	if hit, err := billing.RecordSpend(e.app, a, 1.5, true, day); err != nil || !hit {
		t.Fatalf("5.5x the median: anomaly %v %v", hit, err)
	}
	if hit, _ := billing.RecordSpend(e.app, a, 10, true, day); hit {
		t.Fatal("alerted twice on one day")
	}
	if n, _ := e.app.CountRecords(collections.AuditLog, dbxTenant(testapp.A), dbxAction("ai.cost_anomaly")); n != 1 {
		t.Fatalf("%d ai.cost_anomaly audit entries", n)
	}
	if n := metricSum(t, e, "igny8_ai_cost_anomalies_total", "", ""); n != 1 {
		t.Fatalf("igny8_ai_cost_anomalies_total = %v", n)
	}
	b := testapp.TenantId(testapp.B)
	if hit, _ := billing.RecordSpend(e.app, b, 100, true, day); hit {
		t.Fatal("a workspace without history was judged")
	}
}
