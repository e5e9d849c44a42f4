package notify_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/wordpress"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

func TestMain(m *testing.M) { testapp.Main(m) }

// notes lists the notifications of user (the fixture one excluded).
func notes(t *testing.T, app core.App, user string) []*core.Record {
	t.Helper()
	recs, err := app.FindRecordsByFilter(collections.Notifications, "user = {:u} && key !~ 'fixture-%'", "created", 0, 0, dbx.Params{"u": user})
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func kinds(recs []*core.Record) string {
	var out []string
	for _, r := range recs {
		out = append(out, r.GetString("kind"))
	}
	return strings.Join(out, ",")
}

func mails(t *testing.T, app core.App, to string) int {
	t.Helper()
	n, err := app.CountRecords(collections.MailLog, dbx.NewExp("[[to]] LIKE {:to}", dbx.Params{"to": "%" + to + "%"}))
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

// TestCreditsAndPaymentNotifications: credits crossing the low mark, then
// running out, tell A's owners and admins once per crossing (in the app and by
// mail, the mail_log while SMTP is off), not its editors; a failed payment
// tells the owner, a suspension owners and admins; each links to Billing.
func TestCreditsAndPaymentNotifications(t *testing.T) {
	app := testapp.New(t)
	a := testapp.TenantId(testapp.A)
	owner, admin, editor := testapp.UserId(testapp.A, collections.RoleOwner), testapp.UserId(testapp.A, collections.RoleAdmin), testapp.UserId(testapp.A, collections.RoleEditor)
	// agency: 2000 a month, the low mark is 200
	step := func(key string, delta int) {
		if _, err := billing.Append(app, billing.Entry{Tenant: a, Kind: collections.LedgerReserve, PlanDelta: delta, Key: key, Note: "test"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := billing.Append(app, billing.Entry{Tenant: a, Kind: collections.LedgerAdjust, PlanDelta: -1000, Key: "t:0", Note: "taken back"}); err != nil {
		t.Fatal(err)
	}
	step("t:1", -900) // 100 left after an operator took 1000 back: spending crossed the mark
	step("t:3", -50)  // 50: still low, nothing new
	step("t:4", -50)  // 0: out
	for _, u := range []string{owner, admin} {
		if got := kinds(notes(t, app, u)); got != "credits_low,credits_out" {
			t.Fatalf("user %s: %s", u, got)
		}
	}
	if got := kinds(notes(t, app, editor)); got != "" {
		t.Fatalf("editor told: %s", got)
	}
	n := notes(t, app, owner)[0]
	if n.GetString("link") != "/t/workspace-a/billing" || n.GetString("tenant") != a || n.GetBool("read") || !strings.Contains(n.GetString("text"), "100 left") {
		t.Fatalf("low credits note: %v", n)
	}
	if got := mails(t, app, testapp.Email(testapp.A, collections.RoleOwner)); got != 2 {
		t.Fatalf("%d mails to the owner, want 2", got)
	}

	tenant, _ := app.FindRecordById(collections.Tenants, a)
	tenant.Set("status", collections.TenantPastDue)
	tenant.Set("past_due_since", time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	if err := app.Save(tenant); err != nil {
		t.Fatal(err)
	}
	if err := app.Save(tenant); err != nil { // saved again: nothing new
		t.Fatal(err)
	}
	tenant.Set("status", collections.TenantSuspended)
	if err := app.Save(tenant); err != nil {
		t.Fatal(err)
	}
	if got := kinds(notes(t, app, owner)); got != "credits_low,credits_out,payment_failed,suspended" {
		t.Fatalf("owner: %s", got)
	}
	if got := kinds(notes(t, app, admin)); got != "credits_low,credits_out,suspended" {
		t.Fatalf("admin: %s", got)
	}
	// B's people heard nothing of A
	if got := kinds(notes(t, app, testapp.UserId(testapp.B, collections.RoleOwner))); got != "" {
		t.Fatalf("B's owner: %s", got)
	}
}

// TestPublishAutomationInvitationNotifications: a publish job that fails for
// good tells A's operators and who asked for it, linking to the article; a
// schedule failing twice in a row tells them once that day, linking to the
// site; an invitation tells the invitee who already has an account.
func TestPublishAutomationInvitationNotifications(t *testing.T) {
	app := testapp.New(t)
	a := testapp.TenantId(testapp.A)
	owner, editor := testapp.UserId(testapp.A, collections.RoleOwner), testapp.UserId(testapp.A, collections.RoleEditor)
	content := testapp.RecordId(collections.Contents, testapp.A)
	col, _ := app.FindCollectionByNameOrId(collections.Jobs)
	job := core.NewRecord(col)
	job.Load(map[string]any{"tenant": a, "site": testapp.SiteId(testapp.A), "type": wordpress.JobPublish, "status": collections.JobRunning,
		"target_collection": collections.Contents, "target": content, "idempotency_key": "test-publish", "created_by": editor})
	if err := app.Save(job); err != nil {
		t.Fatal(err)
	}
	job.Set("status", collections.JobFailed)
	job.Set("error", "WordPress answered 401: the application password was revoked")
	if err := app.Save(job); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{owner, editor} {
		got := notes(t, app, u)
		if kinds(got) != "publish_failed" || got[0].GetString("link") != "/t/workspace-a/writer/contents/"+content ||
			!strings.Contains(got[0].GetString("text"), "“Content a”") || !strings.Contains(got[0].GetString("text"), "revoked") {
			t.Fatalf("user %s: %v", u, got)
		}
	}
	if got := kinds(notes(t, app, testapp.UserId(testapp.A, collections.RoleViewer))); got != "" {
		t.Fatalf("viewer told: %s", got)
	}

	s, err := app.FindFirstRecordByFilter(collections.Schedules, "tenant = {:t}", dbx.Params{"t": a})
	if err != nil {
		t.Fatal(err)
	}
	for i, at := range []string{"2026-12-01T10:00:00Z", "2026-12-01T16:00:00Z", "2026-12-01T22:00:00Z"} {
		s, _ = app.FindRecordById(collections.Schedules, s.Id) // the scheduler reads it fresh each run
		s.Set("last_result", map[string]any{"error": "the workspace is out of credits", "at": at, "run": i})
		if err := app.Save(s); err != nil {
			t.Fatal(err)
		}
	}
	got := notes(t, app, owner)
	if kinds(got) != "publish_failed,automation_stalled" || got[1].GetString("link") != "/t/workspace-a/sites/"+testapp.SiteId(testapp.A) {
		t.Fatalf("owner after three failed runs: %s %v", kinds(got), got)
	}

	// an invitation of B's owner into A
	ownerB := testapp.UserId(testapp.B, collections.RoleOwner)
	c := testapp.NewClient(t, app)
	c.Must(http.MethodPost, "/api/igny8/workspaces/"+a+"/members", testapp.Authorization(t, app, testapp.A, collections.RoleOwner),
		`{"email":"`+testapp.Email(testapp.B, collections.RoleOwner)+`","role":"editor"}`, http.StatusOK)
	inv := notes(t, app, ownerB)
	if kinds(inv) != "invitation" || inv[0].GetString("link") != "/invitations" || inv[0].GetString("tenant") != a {
		t.Fatalf("invitee: %v", inv)
	}
}

// TestReadRouteOwnOnly: a user marks their own notifications read (some or
// all); another user's ids change nothing; leaving the workspace removes
// one's notifications of it.
func TestReadRouteOwnOnly(t *testing.T) {
	app := testapp.New(t)
	c := testapp.NewClient(t, app)
	fixture := testapp.RecordId(collections.Notifications, testapp.A) // A's owner's
	admin := testapp.Authorization(t, app, testapp.A, collections.RoleAdmin)
	if r := c.Must(http.MethodPost, "/api/igny8/notifications/read", admin, `{"ids":["`+fixture+`"]}`, 200); r["updated"] != 0.0 {
		t.Fatalf("admin marked the owner's: %v", r)
	}
	if r := c.Must(http.MethodPost, "/api/igny8/notifications/read", testapp.Authorization(t, app, testapp.B, collections.RoleOwner), `{"all":true}`, 200); r["updated"] != 1.0 {
		t.Fatalf("B's owner, all: %v", r)
	}
	if n, _ := app.FindRecordById(collections.Notifications, fixture); n.GetBool("read") {
		t.Fatal("A's note read by others' calls")
	}
	c.Must(http.MethodPost, "/api/igny8/notifications/read", "", `{"all":true}`, 401)
	c.Must(http.MethodPost, "/api/igny8/notifications/read", admin, `{}`, 400)
	owner := testapp.Authorization(t, app, testapp.A, collections.RoleOwner)
	if r := c.Must(http.MethodPost, "/api/igny8/notifications/read", owner, `{"ids":["`+fixture+`"]}`, 200); r["updated"] != 1.0 {
		t.Fatalf("owner: %v", r)
	}
	if n, _ := app.FindRecordById(collections.Notifications, fixture); !n.GetBool("read") {
		t.Fatal("not read")
	}
	m, _ := app.FindRecordById(collections.Memberships, testapp.MembershipId(testapp.A, collections.RoleOwner))
	if err := app.Delete(m); err != nil {
		t.Fatal(err)
	}
	if _, err := app.FindRecordById(collections.Notifications, fixture); err == nil {
		t.Fatal("a leaver's notification of the workspace is still there")
	}
}
