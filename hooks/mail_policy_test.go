package hooks_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/mails"
)

// Without SMTP, a sign-in from a new device tries to send nothing (it used to
// log "Failed to send login alert: failed to locate a sendmail executable path"
// on every such sign-in).
func TestMailOffNoLoginAlert(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := testapp.NewClient(t, app)
	body := fmt.Sprintf(`{"identity":%q,"password":%q}`, testapp.Email(testapp.A, "owner"), testapp.Password)
	c.Must("POST", "/api/collections/users/auth-with-password", "", body, 200)
	c.RemoteAddr = "198.51.100.20:7000" // a new device: PocketBase sends a login alert
	c.Must("POST", "/api/collections/users/auth-with-password", "", body, 200)
	if n := app.TestMailer.TotalSend(); n != 0 {
		t.Fatalf("mail is off, yet %d message(s) were handed to a mailer: %q", n, app.TestMailer.LastMessage().Subject)
	}
	if n, _ := app.CountRecords(collections.MailLog); n != 0 {
		t.Fatalf("login alerts should not fill the mail log: %d", n)
	}
}

// Without SMTP, verification and password-reset mail lands in the
// superuser-only mail log (with its link) instead of a missing sendmail.
func TestMailOffGoesToMailLog(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	u, err := app.FindAuthRecordByEmail(collections.Users, testapp.Email(testapp.A, "viewer"))
	if err != nil {
		t.Fatal(err)
	}
	if err := mails.SendRecordPasswordReset(app, u); err != nil {
		t.Fatalf("password reset with mail off: %v", err)
	}
	if err := mails.SendRecordVerification(app, u); err != nil {
		t.Fatalf("verification with mail off: %v", err)
	}
	if n := app.TestMailer.TotalSend(); n != 0 {
		t.Fatalf("mail is off, yet %d message(s) reached a mailer", n)
	}
	logged, err := app.FindAllRecords(collections.MailLog)
	if err != nil || len(logged) != 2 {
		t.Fatalf("want 2 mail log entries, got %d (%v)", len(logged), err)
	}
	for _, r := range logged {
		if !strings.Contains(r.GetString("to"), u.Email()) || !hasAppLink(r.GetString("html")) {
			t.Fatalf("mail log entry lacks recipient or link: %v", r.PublicExport())
		}
	}
	c := testapp.NewClient(t, app)
	for _, who := range []string{"", testapp.Token(t, app, testapp.A, "owner")} {
		r := c.Do("GET", "/api/collections/mail_log/records", who, "")
		if r.Status != 403 || strings.Contains(r.Body, logged[0].Id) {
			t.Fatalf("mail log readable by a non-superuser: %d %s", r.Status, r.Body)
		}
	}
	c.Must("GET", "/api/collections/mail_log/records", testapp.SuperuserToken(t, app), "", 200)

	// with SMTP configured the same mail is sent, not logged
	s := app.Settings()
	s.SMTP.Enabled, s.SMTP.Host, s.SMTP.Port = true, "smtp.example.com", 587
	if err := app.Save(s); err != nil {
		t.Fatal(err)
	}
	if err := mails.SendRecordPasswordReset(app, u); err != nil {
		t.Fatal(err)
	}
	if app.TestMailer.TotalSend() != 1 {
		t.Fatalf("with SMTP on: %d sent", app.TestMailer.TotalSend())
	}
	if n, _ := app.CountRecords(collections.MailLog); n != 2 {
		t.Fatalf("with SMTP on the mail was logged too: %d", n)
	}
}

// The admin UI carries a standing warning while mail is off.
func TestMailOffAdminWarning(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := testapp.NewClient(t, app)
	r := c.Do("GET", "/_/extensions.js", "", "")
	if r.Status != 200 || !strings.Contains(r.Body, "Mail is off") || !strings.Contains(r.Body, "smtp?.enabled") {
		t.Fatalf("admin UI extension missing: %d %.200s", r.Status, r.Body)
	}
}

// hasAppLink: the mail links to the web app's own confirm pages (the users
// collection's templates, migration 1796173277) with a token.
func hasAppLink(html string) bool {
	return strings.Contains(html, "/reset-password/ey") || strings.Contains(html, "/verify/ey")
}

// The email-change mail (PocketBase's request-email-change flow, Account >
// Email in the web app) goes to the new address and links to the web app's
// /confirm-email-change/:token page (migration 1796183887), which confirms it
// with the password.
func TestEmailChangeMailLinksToApp(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := testapp.NewClient(t, app)
	c.Must("POST", "/api/collections/users/request-email-change", testapp.Token(t, app, testapp.A, "viewer"), `{"newEmail":"new-viewer@example.com"}`, 204)
	logged, err := app.FindAllRecords(collections.MailLog)
	if err != nil || len(logged) != 1 {
		t.Fatalf("want 1 mail log entry, got %d (%v)", len(logged), err)
	}
	html := logged[0].GetString("html")
	if !strings.Contains(logged[0].GetString("to"), "new-viewer@example.com") || !strings.Contains(html, "/confirm-email-change/ey") || strings.Contains(html, "/_/#/auth") {
		t.Fatalf("email-change mail: to %s, html %s", logged[0].GetString("to"), html)
	}
}
