package hooks_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/hooks"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// auditEntry finds the newest entry of action whose changes contain want.
func auditEntry(t *testing.T, app core.App, action, want string) *core.Record {
	t.Helper()
	recs, err := app.FindRecordsByFilter(collections.AuditLog, "action = {:a}", "-created", 0, 0, dbx.Params{"a": action})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if strings.Contains(r.GetString("changes"), want) {
			return r
		}
	}
	t.Fatalf("no %s audit entry containing %q (%d entries of that action)", action, want, len(recs))
	return nil
}

func TestAuditFailedSignIns(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := testapp.NewClient(t, app)
	c.Must("POST", "/api/collections/users/auth-with-password", "", fmt.Sprintf(`{"identity":%q,"password":"wrong-one"}`, testapp.Email(testapp.A, "owner")), 400)
	e := auditEntry(t, app, "auth.failed", testapp.Email(testapp.A, "owner"))
	if e.GetString("target") != testapp.UserId(testapp.A, "owner") || !strings.Contains(e.GetString("changes"), `"ip":"192.0.2.10"`) || e.GetString("tenant") != "" {
		t.Fatalf("failed sign-in entry: %v", e.PublicExport())
	}
	c.Must("POST", "/api/collections/users/auth-with-password", "", `{"identity":"nobody@example.com","password":"wrong-one"}`, 400)
	auditEntry(t, app, "auth.failed", `"known":false`)
	c.Must("POST", "/api/collections/_superusers/auth-with-password", "", fmt.Sprintf(`{"identity":%q,"password":"wrong-one"}`, testapp.SuperuserEmail), 400)
	auditEntry(t, app, "auth.failed", `"collection":"_superusers"`)
	// a success is not a failure
	n, _ := app.CountRecords(collections.AuditLog, dbx.HashExp{"action": "auth.failed"})
	c.Must("POST", "/api/collections/users/auth-with-password", "", fmt.Sprintf(`{"identity":%q,"password":%q}`, testapp.Email(testapp.A, "owner"), testapp.Password), 200)
	if m, _ := app.CountRecords(collections.AuditLog, dbx.HashExp{"action": "auth.failed"}); m != n {
		t.Fatal("a successful sign-in was logged as failed")
	}
	// the entries have no tenant: workspace admins do not read them
	r := c.Do("GET", "/api/collections/audit_log/records?filter="+`action="auth.failed"`, testapp.Token(t, app, testapp.A, "admin"), "")
	if r.Status != 200 || strings.Contains(r.Body, "auth.failed") {
		t.Fatalf("workspace admin reads sign-in failures: %s", r.Body)
	}
}

func TestAuditCredentialChanges(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := testapp.NewClient(t, app)
	me := testapp.UserId(testapp.A, "editor")
	c.Must("PATCH", "/api/collections/users/records/"+me, testapp.Token(t, app, testapp.A, "editor"),
		fmt.Sprintf(`{"oldPassword":%q,"password":"a-new-password-1","passwordConfirm":"a-new-password-1"}`, testapp.Password), 200)
	if e := auditEntry(t, app, "user.credentials", `"password"`); e.GetString("target") != me {
		t.Fatalf("credential entry targets %s", e.GetString("target"))
	}
	u, _ := app.FindRecordById(collections.Users, me)
	u.SetEmail("renamed@example.com")
	if err := app.Save(u); err != nil {
		t.Fatal(err)
	}
	auditEntry(t, app, "user.credentials", `"to":"renamed@example.com"`)
	// an ordinary profile edit is not a credential change
	n, _ := app.CountRecords(collections.AuditLog, dbx.HashExp{"action": "user.credentials"})
	u.Set("name", "Just a name")
	if err := app.Save(u); err != nil {
		t.Fatal(err)
	}
	if m, _ := app.CountRecords(collections.AuditLog, dbx.HashExp{"action": "user.credentials"}); m != n {
		t.Fatal("a name change was audited as a credential change")
	}
}

// Every membership, role, invitation and key change through the workspace
// routes leaves an entry in the workspace's audit log.
func TestAuditWorkspaceSecurityEvents(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := testapp.NewClient(t, app)
	a := testapp.TenantId(testapp.A)
	owner := testapp.Token(t, app, testapp.A, "owner")
	ws := "/api/igny8/workspaces/" + a
	inv := c.Must("POST", ws+"/members", owner, fmt.Sprintf(`{"email":%q,"role":"editor"}`, testapp.Email(testapp.B, "owner")), 200)
	c.Must("POST", "/api/igny8/invitations/"+inv["id"].(string)+"/accept", testapp.Token(t, app, testapp.B, "owner"), `{}`, 200)
	inv2 := c.Must("POST", ws+"/members", owner, fmt.Sprintf(`{"email":%q,"role":"viewer"}`, testapp.Email(testapp.B, "viewer")), 200)
	c.Must("POST", "/api/igny8/invitations/"+inv2["id"].(string)+"/decline", testapp.Token(t, app, testapp.B, "viewer"), `{}`, 204)
	inv3 := c.Must("POST", ws+"/members", owner, `{"email":"later@example.com","role":"viewer"}`, 200)
	c.Must("DELETE", ws+"/invitations/"+inv3["id"].(string), owner, "", 204)
	c.Must("PATCH", ws+"/members/"+testapp.MembershipId(testapp.A, "viewer"), owner, `{"role":"editor"}`, 200)
	c.Must("DELETE", ws+"/members/"+testapp.MembershipId(testapp.A, "editor"), owner, "", 204)
	c.Must("PUT", "/api/igny8/sites/"+testapp.SiteId(testapp.A)+"/credentials", owner, `{"app_password":"new-secret-value"}`, 200)
	c.Must("PUT", ws+"/ai-key", owner, `{"key":"sk-test-0123456789"}`, 200)
	for _, want := range []struct{ action, contains string }{
		{"invitation.create", `"role":"editor"`}, {"invitation.accept", `"membership"`}, {"invitation.decline", `"role":"viewer"`},
		{"invitation.revoke", `later@example.com`}, {"member.role", `"to":"editor"`}, {"member.remove", testapp.MembershipId(testapp.A, "editor")},
		{"site.credentials", `"app_password_set":true`}, {"workspace.ai_key", `"ai_key_set":true`},
	} {
		e := auditEntry(t, app, want.action, want.contains)
		if e.GetString("tenant") != a || e.GetString("actor_type") != "user" {
			t.Fatalf("%s entry: %v", want.action, e.PublicExport())
		}
		if strings.Contains(e.GetString("changes"), "new-secret-value") || strings.Contains(e.GetString("changes"), "sk-test") {
			t.Fatalf("%s entry carries a secret: %s", want.action, e.GetString("changes"))
		}
	}
}

// Audit entries are kept a year, mail log entries 30 days.
func TestLogRetention(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	now := time.Now()
	col, _ := app.FindCollectionByNameOrId(collections.AuditLog)
	mail, _ := app.FindCollectionByNameOrId(collections.MailLog)
	aged := func(c *core.Collection, action string, days int) string {
		r := core.NewRecord(c)
		if c.Name == collections.AuditLog {
			r.Set("action", action)
		} else {
			r.Set("subject", action)
		}
		if err := app.Save(r); err != nil {
			t.Fatal(err)
		}
		at := now.AddDate(0, 0, -days).UTC().Format("2006-01-02 15:04:05.000Z")
		if _, err := app.DB().Update(c.Name, dbx.Params{"created": at}, dbx.HashExp{"id": r.Id}).Execute(); err != nil {
			t.Fatal(err)
		}
		return r.Id
	}
	oldAudit, keptAudit := aged(col, "old", 366), aged(col, "kept", 364)
	oldMail, keptMail := aged(mail, "old", 31), aged(mail, "kept", 29)
	if err := hooks.PruneLogs(app, now); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]bool{oldAudit: false, keptAudit: true} {
		if _, err := app.FindRecordById(collections.AuditLog, id); (err == nil) != want {
			t.Fatalf("audit entry %s kept=%v, want %v", id, err == nil, want)
		}
	}
	for id, want := range map[string]bool{oldMail: false, keptMail: true} {
		if _, err := app.FindRecordById(collections.MailLog, id); (err == nil) != want {
			t.Fatalf("mail log entry %s kept=%v, want %v", id, err == nil, want)
		}
	}
}
