package jobs_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os/exec"
	"testing"
	"time"

	"github.com/igny8/igny8/testapp"
)

// TestKillRestart runs the real binary with the test-only slow handler,
// enqueues 200 paid jobs, SIGKILLs the process at random moments, restarts it
// on the same data dir, and proves every job succeeded, each job's effect was
// applied exactly once, and `igny8 credits verify` passes.
func TestKillRestart(t *testing.T) {
	t.Parallel()
	bin := testapp.Binary(t)
	dir := t.TempDir()
	env := []string{"IGNY8_TEST_HANDLERS=1", "IGNY8_JOB_LEASE=2s", "IGNY8_WORKERS=8", "IGNY8_TENANT_CONCURRENCY=8"}
	if out, err := exec.Command(bin, "superuser", "upsert", testapp.SuperuserEmail, testapp.Password, "--dir", dir).CombinedOutput(); err != nil {
		t.Fatalf("superuser: %v\n%s", err, out)
	}
	srv := testapp.Serve(t, dir, env...)
	token := testapp.SuperuserSignIn(t, srv, testapp.SuperuserEmail, testapp.Password)
	signup := postJSON(t, srv.URL+"/api/igny8/auth/signup", "",
		map[string]any{"email": "kill@example.com", "password": testapp.Password, "name": "Kill", "workspace": "Kill Test"})
	tenant := signup["meta"].(map[string]any)["tenant"].(map[string]any)["id"].(string)
	res := postJSON(t, srv.URL+"/api/igny8/test/jobs", token,
		map[string]any{"tenant": tenant, "count": 200, "credits": 1, "sleep_ms": 120, "topup": 200, "key": "kill"})
	if n := len(res["ids"].([]any)); n != 200 {
		t.Fatalf("enqueued %d", n)
	}

	kills := 0
	for i := 0; i < 4; i++ {
		time.Sleep(time.Duration(200+rand.IntN(1200)) * time.Millisecond)
		sum := summary(t, srv.URL, token)
		if sum.Queue.ByStatus["succeeded"] == 200 {
			break
		}
		srv.Kill()
		kills++
		srv = testapp.Serve(t, dir, env...)
	}
	if kills < 2 {
		t.Fatalf("only %d kills landed before the jobs finished; slow the handler down", kills)
	}
	var sum killSummary
	testapp.WaitForEvery(t, 10*time.Minute, 200*time.Millisecond, func() bool {
		sum = summary(t, srv.URL, token)
		if sum.Queue.ByStatus["succeeded"] == 200 {
			return true
		}
		if sum.Queue.ByStatus["failed"] > 0 || sum.Queue.ByStatus["canceled"] > 0 {
			t.Fatalf("jobs failed: %+v", sum)
		}
		return false
	}, "not all 200 jobs succeeded after the kills: %+v", &sum)
	t.Logf("kills %d, handler runs %d for 200 jobs, effects %d", kills, sum.Summary.Runs, sum.Summary.Effects)
	if sum.Summary.Effects != 200 || sum.Summary.Distinct != 200 || sum.Summary.Duplicates != 0 {
		t.Fatalf("effects not exactly once: %+v", sum.Summary)
	}
	if sum.Summary.Runs < 200 {
		t.Fatalf("handler ran %d times for 200 jobs", sum.Summary.Runs)
	}
	srv.Stop()
	out, err := exec.Command(bin, "credits", "verify", "--dir", dir).CombinedOutput()
	if err != nil {
		t.Fatalf("credits verify: %v\n%s", err, out)
	}
	if !bytes.Contains(out, []byte("OK: 1 workspace")) {
		t.Fatalf("credits verify said %s", out)
	}
}

type killSummary struct {
	Summary struct {
		Runs       int `json:"runs"`
		Effects    int `json:"effects"`
		Duplicates int `json:"duplicates"`
		Distinct   int `json:"distinctEffects"`
	} `json:"summary"`
	Queue struct {
		ByStatus map[string]int `json:"byStatus"`
	} `json:"queue"`
}

func summary(t testing.TB, base, token string) killSummary {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+"/api/igny8/test/jobs/summary", nil)
	req.Header.Set("Authorization", token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var s killSummary
	if res.StatusCode != 200 {
		t.Fatalf("summary: %s", res.Status)
	}
	if err := json.NewDecoder(res.Body).Decode(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

func postJSON(t testing.TB, url, token string, body any) map[string]any {
	t.Helper()
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(res.Body).Decode(&out)
	if res.StatusCode != 200 {
		t.Fatalf("POST %s: %s %v", url, res.Status, out)
	}
	return out
}

var _ = fmt.Sprint
