package tenancy_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/planner"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/subscriptions"
)

func TestIsolationRealtime(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	testapp.BindRealtime(t, app)
	user := func(email string) *core.Record {
		r, err := app.FindAuthRecordByEmail(collections.Users, email)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	// internal_links: the web app's Links tab and Links page follow them live
	scoped := append([]string{collections.Sites, collections.Prompts, collections.AuditLog, collections.Jobs, collections.Personas, collections.Strategies, collections.InternalLinks}, testapp.Pipeline...)
	for _, col := range scoped {
		idA, idB := testapp.RecordId(col, testapp.A), testapp.RecordId(col, testapp.B)
		if col == collections.Sites {
			idA, idB = testapp.SiteId(testapp.A), testapp.SiteId(testapp.B)
		}
		// audit entries are readable by admins only
		readerA, readerB := user(testapp.Email(testapp.A, collections.RoleAdmin)), user(testapp.Email(testapp.B, collections.RoleOwner))
		viewerB := user(testapp.Email(testapp.B, collections.RoleViewer))
		la := testapp.Listen(app, readerA, col+"/*", col+"/"+idB)
		lb := testapp.Listen(app, readerB, col+"/*", col+"/"+idA)
		lout := testapp.Listen(app, user(testapp.OutsiderEmail), col+"/*", col+"/"+idA, col+"/"+idB, "plans/*")
		touch := func(id string) {
			rec, err := app.FindRecordById(col, id)
			if err != nil {
				t.Fatal(err)
			}
			if err := app.SaveNoValidate(rec); err != nil {
				t.Fatal(err)
			}
		}
		touch(idA)
		touch(idB)
		touch(idA)
		wait := 5 * time.Second
		for _, want := range []string{idA, idA} {
			if _, got := la.Next(t, wait); got != want {
				t.Fatalf("%s: A's listener got %s, want %s (a B record leaked?)", col, got, want)
			}
		}
		if _, got := lb.Next(t, wait); got != idB {
			t.Fatalf("%s: B's listener got %s, want %s", col, got, idB)
		}
		// the outsider sees nothing of either workspace; the plans update is the sentinel
		plan, _ := app.FindFirstRecordByData(collections.Plans, "code", "trial")
		if err := app.SaveNoValidate(plan); err != nil {
			t.Fatal(err)
		}
		if topic, got := lout.Next(t, wait); got != plan.Id {
			t.Fatalf("%s: outsider got %s on %s, want only the plan sentinel", col, got, topic)
		}
		_ = viewerB
		casesChecked.Add(3)
	}
}

// The per-workspace keywords topic (planner.KeywordsTopic) is a custom topic:
// PocketBase's record rules do not guard it, so subscribing is checked by
// igny8 (members of that workspace and superusers only; sending is checked
// again per receiver, see planner's TestBulkKeywordWritesEmitRealtimeEvents).
func TestIsolationKeywordsTopic(t *testing.T) {
	t.Parallel()
	topicA := planner.KeywordsTopic(testapp.TenantId(testapp.A))
	topicB := planner.KeywordsTopic(testapp.TenantId(testapp.B))
	cases := []struct {
		name, who, role, topic string
		status                 int
	}{
		{"A viewer subscribes to A", testapp.A, collections.RoleViewer, topicA, 204},
		{"A owner subscribes to A with options", testapp.A, collections.RoleOwner, topicA + `?options={"query":{"x":"1"}}`, 204},
		{"B owner cannot subscribe to A", testapp.B, collections.RoleOwner, topicA, 403},
		{"B owner cannot subscribe to A with options", testapp.B, collections.RoleOwner, topicA + `?options={"query":{"x":"1"}}`, 403},
		{"B owner cannot add A to B", testapp.B, collections.RoleOwner, topicB + `","` + topicA, 403},
		{"B owner subscribes to B", testapp.B, collections.RoleOwner, topicB, 204},
		{"outsider cannot subscribe to A", testapp.Outsider, "", topicA, 403},
		{"anonymous cannot subscribe to A", testapp.Anonymous, "", topicA, 403},
		{"anonymous cannot subscribe to a made-up tenant", testapp.Anonymous, "", planner.KeywordsTopicPrefix + "nosuchtenant000", 403},
		{"superuser subscribes to A", testapp.Superuser, "", topicA, 204},
	}
	for _, c := range cases {
		c := c
		s := &tests.ApiScenario{Name: c.name, Method: http.MethodPost, URL: "/api/realtime", ExpectedStatus: c.status, TestAppFactory: testapp.Factory}
		if c.status != 204 {
			s.ExpectedContent = []string{`"status":403`}
		}
		var client *subscriptions.DefaultClient
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			client = subscriptions.NewDefaultClient()
			app.SubscriptionsBroker().Register(client)
			s.Body = strings.NewReader(`{"clientId":"` + client.Id() + `","subscriptions":["` + strings.ReplaceAll(c.topic, `"`, `\"`) + `"]}`)
			if strings.Contains(c.topic, `","`) {
				s.Body = strings.NewReader(`{"clientId":"` + client.Id() + `","subscriptions":["` + c.topic + `"]}`)
			}
			s.Headers = map[string]string{"Authorization": testapp.Authorization(t, app, c.who, c.role)}
		}
		s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, res *http.Response) {
			subscribed := len(client.Subscriptions(topicA+"?")) > 0
			if subscribed != (c.status == 204 && strings.HasPrefix(c.topic, topicA)) {
				t.Fatalf("subscribed to A's topic: %v", subscribed)
			}
		}
		casesChecked.Add(1)
		s.Test(t)
	}
}

// TestIsolationRealtimeOwnRecords: a notification's realtime events reach its
// user only (not another admin of the same workspace), and an export's reach
// the workspace's admins (not its viewers, not another workspace).
func TestIsolationRealtimeOwnRecords(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	testapp.BindRealtime(t, app)
	user := func(ws, role string) *core.Record {
		r, err := app.FindAuthRecordByEmail(collections.Users, testapp.Email(ws, role))
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	touch := func(col, id string) {
		rec, err := app.FindRecordById(col, id)
		if err != nil {
			t.Fatal(err)
		}
		if err := app.SaveNoValidate(rec); err != nil {
			t.Fatal(err)
		}
	}
	sentinel := func() string {
		plan, _ := app.FindFirstRecordByData(collections.Plans, "code", "trial")
		if err := app.SaveNoValidate(plan); err != nil {
			t.Fatal(err)
		}
		return plan.Id
	}
	wait := 5 * time.Second
	for _, c := range []struct {
		col            string
		allowed, other *core.Record
	}{
		{collections.Notifications, user(testapp.A, collections.RoleOwner), user(testapp.A, collections.RoleAdmin)},
		{collections.Exports, user(testapp.A, collections.RoleAdmin), user(testapp.A, collections.RoleViewer)},
		{collections.Exports, user(testapp.A, collections.RoleOwner), user(testapp.B, collections.RoleOwner)},
	} {
		idA := testapp.RecordId(c.col, testapp.A)
		in := testapp.Listen(app, c.allowed, c.col+"/*", c.col+"/"+idA)
		out := testapp.Listen(app, c.other, c.col+"/*", c.col+"/"+idA, "plans/*")
		touch(c.col, idA)
		if _, got := in.Next(t, wait); got != idA {
			t.Fatalf("%s: %s got %s, want %s", c.col, c.allowed.Email(), got, idA)
		}
		plan := sentinel()
		if topic, got := out.Next(t, wait); got != plan {
			t.Fatalf("%s: %s got %s on %s, want only the plan sentinel", c.col, c.other.Email(), got, topic)
		}
		casesChecked.Add(2)
	}
}
