package hooks_test

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
)

var otpCode = regexp.MustCompile(`>\s*(\d{6,10})\s*<`)

// codeFrom reads the one-time code out of an OTP mail.
func codeFrom(t *testing.T, html string) string {
	t.Helper()
	m := otpCode.FindStringSubmatch(html)
	if m == nil {
		t.Fatalf("no code in the OTP mail: %s", html)
	}
	return m[1]
}

// Superusers must use two-factor sign-in: the password alone answers 401 with
// an mfaId, the password plus an emailed (here: mail-logged) code signs in.
func TestSuperuserNeedsTwoFactor(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := testapp.NewClient(t, app)
	r := c.Do("POST", "/api/collections/_superusers/auth-with-password", "", fmt.Sprintf(`{"identity":%q,"password":%q}`, testapp.SuperuserEmail, testapp.Password))
	mfaId, _ := r.JSON()["mfaId"].(string)
	if r.Status != 401 || mfaId == "" {
		t.Fatalf("superuser password-only sign-in: want 401 with mfaId, got %d %s", r.Status, r.Body)
	}
	otp := c.Must("POST", "/api/collections/_superusers/request-otp", "", fmt.Sprintf(`{"email":%q}`, testapp.SuperuserEmail), 200)
	var html string
	// the OTP mail is sent in the background
	testapp.WaitFor(t, mailWait, func() bool {
		recs, err := app.FindAllRecords(collections.MailLog)
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) > 0 {
			html = recs[0].GetString("html")
		}
		return len(recs) > 0
	}, "no OTP mail logged")
	code := codeFrom(t, html)
	res := c.Must("POST", "/api/collections/_superusers/auth-with-otp", "", fmt.Sprintf(`{"otpId":%q,"password":%q,"mfaId":%q}`, otp["otpId"], code, mfaId), 200)
	if res["token"] == nil {
		t.Fatalf("no token after both factors: %v", res)
	}
}

// Every user may turn two-factor sign-in on for themselves, once mail works.
func TestUserOptsIntoTwoFactor(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := testapp.NewClient(t, app)
	email := testapp.Email(testapp.A, "viewer")
	me := testapp.Token(t, app, testapp.A, "viewer")
	signIn := fmt.Sprintf(`{"identity":%q,"password":%q}`, email, testapp.Password)
	c.Must("POST", "/api/collections/users/auth-with-password", "", signIn, 200) // off by default
	self := "/api/collections/users/records/" + testapp.UserId(testapp.A, "viewer")
	c.Must("PATCH", self, me, `{"mfa":true}`, 400) // mail is off: the code could never arrive
	s := app.Settings()
	s.SMTP.Enabled, s.SMTP.Host, s.SMTP.Port = true, "smtp.example.com", 587
	if err := app.Save(s); err != nil {
		t.Fatal(err)
	}
	c.Must("PATCH", self, me, `{"mfa":true}`, 200)
	r := c.Do("POST", "/api/collections/users/auth-with-password", "", signIn)
	mfaId, _ := r.JSON()["mfaId"].(string)
	if r.Status != 401 || mfaId == "" {
		t.Fatalf("with mfa on, password alone: want 401 with mfaId, got %d %s", r.Status, r.Body)
	}
	before := app.TestMailer.TotalSend()
	otp := c.Must("POST", "/api/collections/users/request-otp", "", fmt.Sprintf(`{"email":%q}`, email), 200)
	testapp.WaitFor(t, mailWait, func() bool { return app.TestMailer.TotalSend() > before }, "no OTP mail sent")
	code := codeFrom(t, app.TestMailer.LastMessage().HTML)
	c.Must("POST", "/api/collections/users/auth-with-otp", "", fmt.Sprintf(`{"otpId":%q,"password":%q,"mfaId":%q}`, otp["otpId"], code, mfaId), 200)
	// another user is unaffected
	c.Must("POST", "/api/collections/users/auth-with-password", "", fmt.Sprintf(`{"identity":%q,"password":%q}`, testapp.Email(testapp.A, "editor"), testapp.Password), 200)
}

// mailWait bounds the wait for the background mail goroutine (a guard, not
// a timing assertion).
const mailWait = 30 * time.Second
