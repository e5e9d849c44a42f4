package workspaces_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

func tokenOf(t *testing.T, app core.App, email string) string {
	t.Helper()
	u, err := app.FindAuthRecordByEmail(collections.Users, email)
	if err != nil {
		t.Fatalf("user %s: %v", email, err)
	}
	tok, err := u.NewAuthToken()
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// linkToken takes the token out of an invitation link.
func linkToken(t *testing.T, link any) string {
	t.Helper()
	s, _ := link.(string)
	u, err := url.Parse(s)
	if err != nil || u.Query().Get("token") == "" {
		t.Fatalf("no token in invitation link %q", s)
	}
	return u.Query().Get("token")
}

func membershipOf(app core.App, email, tenant string) (*core.Record, error) {
	u, err := app.FindAuthRecordByEmail(collections.Users, email)
	if err != nil {
		return nil, err
	}
	return app.FindFirstRecordByFilter(collections.Memberships, "user = {:u} && tenant = {:t}", dbx.Params{"u": u.Id, "t": tenant})
}

// An invitation to an address nobody has registered creates no account: that
// person signs up normally later, sees the invitation and accepts it with the
// link's token (their new account is not verified yet).
func TestInvitationForUnregisteredEmail(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := testapp.NewClient(t, app)
	a := testapp.TenantId(testapp.A)
	admin := testapp.Token(t, app, testapp.A, collections.RoleAdmin)
	inv := c.Must("POST", "/api/igny8/workspaces/"+a+"/members", admin, `{"email":"Newcomer@Example.com","role":"editor"}`, 200)
	if _, err := app.FindAuthRecordByEmail(collections.Users, "newcomer@example.com"); err == nil {
		t.Fatal("the invitation created an account for the address")
	}
	token := linkToken(t, inv["link"])

	signup := c.Must("POST", "/api/igny8/auth/signup", "", `{"email":"newcomer@example.com","password":"long-enough-1","name":"Nia","workspace":"Nia's"}`, 200)
	meta, _ := signup["meta"].(map[string]any)
	invites, _ := meta["invitations"].([]any)
	if len(invites) != 1 || !strings.Contains(fmt.Sprint(invites[0]), "Workspace A") {
		t.Fatalf("sign-up answer does not show the pending invitation: %v", signup["meta"])
	}
	me := signup["token"].(string)
	c.Must("GET", "/api/igny8/invitations", me, "", 200)
	if _, err := membershipOf(app, "newcomer@example.com", a); err == nil {
		t.Fatal("a member before accepting")
	}
	id := inv["id"].(string)
	c.Must("POST", "/api/igny8/invitations/"+id+"/accept", me, `{}`, 403)                // unverified, no token
	c.Must("POST", "/api/igny8/invitations/"+id+"/accept", me, `{"token":"wrong"}`, 403) // unverified, wrong token
	c.Must("POST", "/api/igny8/invitations/"+id+"/accept", me, fmt.Sprintf(`{"token":%q}`, token), 200)
	m, err := membershipOf(app, "newcomer@example.com", a)
	if err != nil || m.GetString("role") != collections.RoleEditor {
		t.Fatalf("accepted invitation did not make an editor: %v", err)
	}
	c.Must("POST", "/api/igny8/invitations/"+id+"/accept", me, fmt.Sprintf(`{"token":%q}`, token), 404) // used once
}

// An existing user is not added to anything by being invited: the invitation
// waits for them, and only they can accept or decline it.
func TestInvitationNeedsConsent(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := testapp.NewClient(t, app)
	a := testapp.TenantId(testapp.A)
	victim := testapp.Email(testapp.B, collections.RoleOwner)
	owner := testapp.Token(t, app, testapp.A, collections.RoleOwner)
	inv := c.Must("POST", "/api/igny8/workspaces/"+a+"/members", owner, fmt.Sprintf(`{"email":%q,"role":"viewer"}`, victim), 200)
	id := inv["id"].(string)
	if _, err := membershipOf(app, victim, a); err == nil {
		t.Fatal("the invited user became a member without accepting")
	}
	// A's workspace list for the invitee stays B only until they accept.
	list := c.Must("GET", "/api/igny8/workspaces", tokenOf(t, app, victim), "", 200)
	if strings.Contains(fmt.Sprint(list), a) {
		t.Fatal("a pending invitation shows the workspace as the invitee's")
	}
	// Someone else, the inviter included, cannot answer for the invitee.
	for _, who := range []string{testapp.Token(t, app, testapp.B, collections.RoleViewer), owner, testapp.OutsiderToken(t, app)} {
		c.Must("POST", "/api/igny8/invitations/"+id+"/accept", who, `{}`, 404)
		c.Must("POST", "/api/igny8/invitations/"+id+"/decline", who, `{}`, 404)
	}
	c.Must("POST", "/api/igny8/invitations/"+id+"/accept", "", `{}`, 401)
	mine := c.Must("GET", "/api/igny8/invitations", tokenOf(t, app, victim), "", 200)
	if !strings.Contains(fmt.Sprint(mine), "Workspace A") {
		t.Fatalf("the invitee does not see the invitation: %v", mine)
	}
	c.Must("POST", "/api/igny8/invitations/"+id+"/decline", tokenOf(t, app, victim), `{}`, 204)
	if _, err := membershipOf(app, victim, a); err == nil {
		t.Fatal("declining made a membership")
	}
	c.Must("POST", "/api/igny8/invitations/"+id+"/accept", tokenOf(t, app, victim), `{}`, 404)

	// a verified user accepts a new invitation without the link
	inv = c.Must("POST", "/api/igny8/workspaces/"+a+"/members", owner, fmt.Sprintf(`{"email":%q,"role":"editor"}`, victim), 200)
	c.Must("POST", "/api/igny8/invitations/"+inv["id"].(string)+"/accept", tokenOf(t, app, victim), `{}`, 200)
	if m, err := membershipOf(app, victim, a); err != nil || m.GetString("role") != collections.RoleEditor {
		t.Fatalf("accepting did not make an editor: %v", err)
	}
}

func TestInvitationRevoke(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := testapp.NewClient(t, app)
	a := testapp.TenantId(testapp.A)
	owner := testapp.Token(t, app, testapp.A, collections.RoleOwner)
	admin := testapp.Token(t, app, testapp.A, collections.RoleAdmin)
	ownerInv := c.Must("POST", "/api/igny8/workspaces/"+a+"/members", owner, `{"email":"boss@example.com","role":"owner"}`, 200)
	inv := c.Must("POST", "/api/igny8/workspaces/"+a+"/members", admin, fmt.Sprintf(`{"email":%q,"role":"viewer"}`, testapp.OutsiderEmail), 200)
	base := "/api/igny8/workspaces/" + a + "/invitations/"
	c.Must("DELETE", base+ownerInv["id"].(string), admin, "", 403)
	c.Must("DELETE", base+inv["id"].(string), testapp.Token(t, app, testapp.A, collections.RoleEditor), "", 403)
	c.Must("DELETE", "/api/igny8/workspaces/"+testapp.TenantId(testapp.B)+"/invitations/"+inv["id"].(string), testapp.Token(t, app, testapp.B, collections.RoleOwner), "", 404)
	c.Must("DELETE", base+inv["id"].(string), admin, "", 204)
	c.Must("POST", "/api/igny8/invitations/"+inv["id"].(string)+"/accept", testapp.OutsiderToken(t, app), `{}`, 404)
	if _, err := membershipOf(app, testapp.OutsiderEmail, a); err == nil {
		t.Fatal("a revoked invitation was accepted")
	}
}

// Pending invitations hold seats: a plan's user limit counts members plus open invitations.
func TestInvitationPlanLimit(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := testapp.NewClient(t, app)
	starter, err := app.FindFirstRecordByData(collections.Plans, "code", "starter")
	if err != nil {
		t.Fatal(err)
	}
	if starter.GetInt("max_users") != 3 {
		t.Fatalf("starter plan allows %d users; the test assumes 3", starter.GetInt("max_users"))
	}
	// workspace B on Starter with only its owner left: two seats free
	tenant, _ := app.FindRecordById(collections.Tenants, testapp.TenantId(testapp.B))
	tenant.Set("plan", starter.Id)
	if err := app.Save(tenant); err != nil {
		t.Fatal(err)
	}
	for _, role := range []string{collections.RoleViewer, collections.RoleEditor, collections.RoleAdmin} {
		m, _ := app.FindRecordById(collections.Memberships, testapp.MembershipId(testapp.B, role))
		if err := app.Delete(m); err != nil {
			t.Fatal(err)
		}
	}
	fixture, _ := app.FindRecordById(collections.Invitations, testapp.RecordId(collections.Invitations, testapp.B))
	if err := app.Delete(fixture); err != nil {
		t.Fatal(err)
	}
	b := "/api/igny8/workspaces/" + testapp.TenantId(testapp.B) + "/members"
	owner := testapp.Token(t, app, testapp.B, collections.RoleOwner)
	first := c.Must("POST", b, owner, fmt.Sprintf(`{"email":%q,"role":"viewer"}`, testapp.OutsiderEmail), 200)
	c.Must("POST", b, owner, `{"email":"second@example.com","role":"viewer"}`, 200)
	full := c.Must("POST", b, owner, `{"email":"third@example.com","role":"viewer"}`, 403)
	if !strings.Contains(fmt.Sprint(full), "Starter plan allows 3 users") {
		t.Fatalf("want the plan-limit answer, got %v", full)
	}
	// renewing an open invitation takes no extra seat
	c.Must("POST", b, owner, `{"email":"second@example.com","role":"editor"}`, 200)
	// accepting turns a held seat into a member without tripping the limit
	c.Must("POST", "/api/igny8/invitations/"+first["id"].(string)+"/accept", testapp.OutsiderToken(t, app), `{}`, 200)
	if n, _ := app.CountRecords(collections.Memberships, dbx.HashExp{"tenant": testapp.TenantId(testapp.B)}); n != 2 {
		t.Fatalf("want 2 members, got %d", n)
	}
	c.Must("POST", b, owner, `{"email":"third@example.com","role":"viewer"}`, 403)
}

// With SMTP configured the invitation is mailed (escaped) and the link is not
// handed to the inviter; without it the inviter gets the link to pass on.
func TestInvitationMail(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	c := testapp.NewClient(t, app)
	tenant, _ := app.FindRecordById(collections.Tenants, testapp.TenantId(testapp.A))
	tenant.Set("name", `Evil <img src=x onerror=alert(1)>`)
	if err := app.Save(tenant); err != nil {
		t.Fatal(err)
	}
	s := app.Settings()
	s.SMTP.Enabled, s.SMTP.Host, s.SMTP.Port = true, "smtp.example.com", 587
	if err := app.Save(s); err != nil {
		t.Fatal(err)
	}
	owner := testapp.Token(t, app, testapp.A, collections.RoleOwner)
	inv := c.Must("POST", "/api/igny8/workspaces/"+tenant.Id+"/members", owner, `{"email":"mailed@example.com","role":"viewer"}`, 200)
	if inv["link"] != nil || inv["mailed"] != true {
		t.Fatalf("with SMTP on the answer should say mailed and carry no link: %v", inv)
	}
	if app.TestMailer.TotalSend() != 1 {
		t.Fatalf("want 1 mail, got %d", app.TestMailer.TotalSend())
	}
	msg := app.TestMailer.LastMessage()
	if msg.To[0].Address != "mailed@example.com" || !strings.Contains(msg.HTML, "/?invite="+inv["id"].(string)+"&amp;token=") {
		t.Fatalf("invitation mail lacks its link: %+v", msg)
	}
	if strings.Contains(msg.HTML, "<img") {
		t.Fatalf("workspace name reached the mail as markup: %s", msg.HTML)
	}
}
