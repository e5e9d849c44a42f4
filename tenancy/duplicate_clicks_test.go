package tenancy_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// serveMux builds app's real router (every package's routes and middlewares)
// as an http.Handler that concurrent requests can share.
func serveMux(t *testing.T, app core.App) http.Handler {
	t.Helper()
	r, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}
	se := &core.ServeEvent{App: app, Router: r}
	if err := app.OnServe().Trigger(se, func(*core.ServeEvent) error { return nil }); err != nil {
		t.Fatal(err)
	}
	mux, err := r.BuildMux()
	if err != nil {
		t.Fatal(err)
	}
	return mux
}

// clickAnswer is what one click got back.
type clickAnswer struct {
	status int
	jobs   []string
}

func jobsOf(t *testing.T, body []byte) []string {
	var v struct {
		Job  string   `json:"job"`
		Jobs []string `json:"jobs"`
	}
	if err := json.Unmarshal(body, &v); err != nil {
		t.Errorf("answer %s: %v", body, err)
	}
	out := v.Jobs
	if v.Job != "" {
		out = append(out, v.Job)
	}
	slices.Sort(out)
	return out
}

// TestDuplicateClicks: five identical requests at once for publish, generate,
// images, reparse, cluster, ideas and a schedule's "run now" get the same status and the same jobs,
// the database holds exactly those jobs, and their credits are reserved once.
func TestDuplicateClicks(t *testing.T) {
	t.Parallel()
	content := testapp.RecordId(collections.Contents, testapp.A)
	cases := []struct {
		name, url, body, typ string
	}{
		{"publish", "/api/igny8/contents/" + content + "/publish", ``, "wordpress.publish"},
		{"generate", "/api/igny8/writer/tasks/" + testapp.RecordId(collections.Tasks, testapp.A) + "/generate", ``, "writer.content"},
		{"images", "/api/igny8/writer/contents/" + content + "/images", `{"featured":true,"count":2}`, "writer.images"},
		{"reparse", "/api/igny8/writer/contents/" + content + "/reparse", ``, "writer.reparse"},
		{"cluster", "/api/igny8/planner/cluster", `{"site":"` + testapp.SiteId(testapp.A) + `"}`, "planner.cluster"},
		{"ideas", "/api/igny8/planner/ideas", `{"cluster":"` + testapp.RecordId(collections.Clusters, testapp.A) + `","count":4}`, "planner.ideas"},
		{"run a schedule now", "/api/igny8/schedules/" + scheduleId + "/run", ``, "schedule.run"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			app := testapp.New(t)
			policySetup(t, app)
			mux := serveMux(t, app)
			token := testapp.Token(t, app, testapp.A, collections.RoleAdmin)
			before, _ := billing.GetBalance(app, testapp.TenantId(testapp.A))

			const clicks = 5
			answers := make([]clickAnswer, clicks)
			start := make(chan struct{})
			var wg sync.WaitGroup
			for i := range clicks {
				wg.Add(1)
				go func() {
					defer wg.Done()
					req := httptest.NewRequest(http.MethodPost, c.url, strings.NewReader(c.body))
					req.Header.Set("Authorization", token)
					if c.body != "" {
						req.Header.Set("Content-Type", "application/json")
					}
					rec := httptest.NewRecorder()
					<-start
					mux.ServeHTTP(rec, req)
					answers[i] = clickAnswer{rec.Code, jobsOf(t, rec.Body.Bytes())}
					if rec.Code != http.StatusAccepted {
						t.Logf("click %d: %d %s", i, rec.Code, rec.Body.String())
					}
				}()
			}
			close(start)
			wg.Wait()

			for i, a := range answers {
				if a.status != http.StatusAccepted || len(a.jobs) == 0 || !slices.Equal(a.jobs, answers[0].jobs) {
					t.Fatalf("click %d got %d %v; click 0 got %d %v", i, a.status, a.jobs, answers[0].status, answers[0].jobs)
				}
			}
			var stored []string
			if err := app.DB().Select("id").From(collections.Jobs).Where(dbx.HashExp{"type": c.typ}).OrderBy("id").Column(&stored); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(stored, answers[0].jobs) {
				t.Fatalf("%d clicks stored jobs %v, answered %v", clicks, stored, answers[0].jobs)
			}
			var credits, reserves int
			for _, id := range stored {
				j, _ := app.FindRecordById(collections.Jobs, id)
				credits += j.GetInt("credits")
			}
			if err := app.DB().NewQuery("SELECT COUNT(*) FROM " + collections.CreditLedger + " WHERE kind = 'reserve' AND job IN (SELECT id FROM " +
				collections.Jobs + " WHERE type = {:t})").Bind(dbx.Params{"t": c.typ}).Row(&reserves); err != nil {
				t.Fatal(err)
			}
			after, _ := billing.GetBalance(app, testapp.TenantId(testapp.A))
			if before.Total()-after.Total() != credits {
				t.Fatalf("balance moved by %d for jobs costing %d", before.Total()-after.Total(), credits)
			}
			if credits > 0 && reserves != len(stored) {
				t.Fatalf("%d reservations for %d jobs", reserves, len(stored))
			}
			if m, err := billing.Verify(app); err != nil || len(m) > 0 {
				t.Fatalf("credits verify: %v %v", m, err)
			}
		})
	}
}
