package jobs_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"
)

// jobEvent is one realtime message about a job, as a subscriber decodes it.
type jobEvent struct {
	Action   string
	Id       string
	Status   string
	Progress int
}

// listenJobs registers a realtime client with auth's identity subscribed to
// every job it may see, and returns the decoded messages in order.
func listenJobs(t testing.TB, app core.App, auth *core.Record) <-chan jobEvent {
	t.Helper()
	c := subscriptions.NewDefaultClient()
	c.Set(apis.RealtimeClientAuthKey, auth)
	c.Subscribe(collections.Jobs + "/*")
	out := make(chan jobEvent, 1024)
	go func() {
		for m := range c.Channel() {
			var body struct {
				Action string `json:"action"`
				Record struct {
					Id       string `json:"id"`
					Status   string `json:"status"`
					Progress int    `json:"progress"`
				} `json:"record"`
			}
			_ = json.Unmarshal(m.Data, &body)
			out <- jobEvent{Action: body.Action, Id: body.Record.Id, Status: body.Record.Status, Progress: body.Record.Progress}
		}
	}()
	app.SubscriptionsBroker().Register(c)
	t.Cleanup(func() { app.SubscriptionsBroker().Unregister(c.Id()) })
	return out
}

// A member watching the jobs collection sees every job go queued → running →
// succeeded through PocketBase realtime, whether the job ran alone (RunOnce)
// or in the pool, where one write transaction stores several outcomes and
// claims several jobs. PocketBase sends each realtime message from its own
// goroutine, so messages of one record may arrive out of order: the test waits
// for every job's events and compares them as a set, each exactly once.
func TestRealtimeStatusSequence(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		jobs     int
		pool     bool
		progress bool
		want     []string
	}{
		{"run once with progress", 1, false, true, []string{"create queued 0", "update running 0", "update running 40", "update succeeded 100"}},
		{"pool, batched rounds", 12, true, false, []string{"create queued 0", "update running 0", "update succeeded 100"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			app, _ := newApp(t)
			testapp.BindRealtime(t, app)
			viewerA, err := app.FindAuthRecordByEmail(collections.Users, testapp.Email(testapp.A, "viewer"))
			if err != nil {
				t.Fatal(err)
			}
			events := listenJobs(t, app, viewerA)
			jobs.Handle(app, "t.rt", func(ctx context.Context, job *jobs.Job) error {
				if tc.progress {
					return job.Progress(40)
				}
				return nil
			}, jobs.HandlerOptions{})
			ids := map[string]bool{}
			for i := 0; i < tc.jobs; i++ {
				ids[mustEnqueue(t, app, jobs.EnqueueParams{Tenant: tenantA, Type: "t.rt", Payload: i}).Id] = true
			}
			if tc.pool {
				e, _ := jobs.Start(app, jobs.Options{Workers: 4, TenantConcurrency: 4, Poll: 5 * time.Millisecond})
				defer e.Stop()
			} else if _, err := jobs.NewEngine(app, jobs.Options{}).RunOnce(); err != nil {
				t.Fatal(err)
			}
			seen := map[string][]string{}
			complete := 0
			for complete < tc.jobs {
				select {
				case ev := <-events:
					if !ids[ev.Id] {
						t.Fatalf("event about unknown job %+v", ev)
					}
					seen[ev.Id] = append(seen[ev.Id], fmt.Sprintf("%s %s %d", ev.Action, ev.Status, ev.Progress))
					if len(seen[ev.Id]) == len(tc.want) {
						complete++
					}
				case <-time.After(10 * time.Second):
					t.Fatalf("no realtime message; so far %v", seen)
				}
			}
			want := slices.Sorted(slices.Values(tc.want))
			for id, got := range seen {
				if got = slices.Sorted(slices.Values(got)); !slices.Equal(got, want) {
					t.Fatalf("job %s: events\n  %s\nwant\n  %s", id, strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
				}
			}
		})
	}
}
