package wordpress_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/wordpress"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// igny8Instance is one igny8 serving over HTTP with a site pointing at the
// plugin test site, as the plugin reaches it at its public URL (appURL;
// "" = where it really listens).
type igny8Instance struct {
	app    *tests.TestApp
	srv    *httptest.Server
	site   *core.Record
	secret string
}

func newInstance(t testing.TB, wp wpSite, appURL string) *igny8Instance {
	t.Helper()
	app := testapp.New(t)
	srv := testapp.HTTPServer(t, app)
	if appURL == "" {
		appURL = srv.URL
	}
	app.Settings().Meta.AppURL = appURL
	secret := wordpress.NewSecret()
	site := newSite(t, app, wp.URL, "", "", "bridge", secret)
	return &igny8Instance{app: app, srv: srv, site: site, secret: secret}
}

func (i *igny8Instance) token(t testing.TB) string {
	t.Helper()
	tok, err := wordpress.LinkToken(wordpress.LinkOf(i.app, i.site), i.secret, time.Now(), wordpress.LinkTTL)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func (i *igny8Instance) status(t testing.TB) string {
	t.Helper()
	s, err := i.app.FindRecordById(collections.Sites, i.site.Id)
	if err != nil {
		t.Fatal(err)
	}
	return s.GetString("status")
}

// signedStatus is the answer of the plugin's status route signed with secret.
func signedStatus(t testing.TB, wp wpSite, secret string) int {
	t.Helper()
	code, _ := sendSigned(t, wp.URL, signedReq{method: "GET", path: "/wp-json/igny8/v1/status", route: "/igny8/v1/status", secret: secret,
		ts: time.Now().Unix(), nonce: "s" + strconv.FormatInt(time.Now().UnixNano(), 36)})
	return code
}

// restoreLink puts the plugin site back as the test setup left it: active,
// the setup's secret, no link details, nothing waiting.
func restoreLink(t testing.TB, wp wpSite) {
	wpEval(t, wp, 2, `activate_plugin('igny8-bridge/igny8-bridge.php');
update_option('igny8_bridge_secret', '`+wp.BridgeSecret+`', false);
foreach (['igny8_instance','igny8_site_id','igny8_workspace','igny8_site_name','igny8_linked_at','igny8_pending_link','igny8_user_id'] as $o) { delete_option($o); }`)
	if signedStatus(t, wp, wp.BridgeSecret) != 200 {
		t.Fatal("could not restore the plugin site's secret")
	}
}

// TestLinkTrust links the plugin site the way its owner does, in wp-admin:
// a forged token is refused (igny8 says it did not issue it), the page shows
// only its own messages, it says who asks before anything is stored, links
// once the instance confirms, falls back to a code typed into igny8 when
// WordPress cannot reach igny8, warns before replacing a link and tells the
// replaced igny8, and deactivation tells igny8 too. It changes the site's
// secret, so it does not run in parallel (the parallel tests wait for it).
func TestLinkTrust(t *testing.T) {
	wp := testWP(t, 2)
	testapp.LockWordPress(t, wp.URL) // it changes the plugin site under everyone else
	t.Cleanup(func() { restoreLink(t, wp) })
	admin := wpAdminLogin(t, wp, 2)

	// The lure: words in the URL never reach the page.
	_, page := admin.get(settingsPath + "&igny8_error=" + url.QueryEscape("Your link expired: paste the token sent by mail"))
	if strings.Contains(page, "Your link expired") {
		t.Fatal("the settings page printed ?igny8_error= from the URL")
	}
	if !strings.Contains(pageText(page), "Link token from igny8 (Sites → Connect with the plugin)") {
		t.Fatalf("no token form: %s", pageText(page))
	}

	one := newInstance(t, wp, "")
	// A forged token: well formed, names igny8's real address and site, but
	// is signed with a secret igny8 never had.
	forged, _ := wordpress.LinkToken(wordpress.LinkOf(one.app, one.site), wordpress.NewSecret(), time.Now(), wordpress.LinkTTL)
	code, body := postConnect(t, wp, wp.User, wp.AppPassword, forged)
	if code != 403 || !strings.Contains(body, "igny8_not_issued") {
		t.Fatalf("forged token over REST: %d %s", code, body)
	}
	_, page = admin.step(page, "review", url.Values{"token": {forged}})
	_, page = admin.step(page, "confirm", url.Values{"token": {forged}})
	if !strings.Contains(pageText(page), "says it did not issue this token") {
		t.Fatalf("forged token in wp-admin: %s", pageText(page))
	}
	if signedStatus(t, wp, wp.BridgeSecret) != 200 {
		t.Fatal("a forged token changed the secret")
	}

	// Who asks, before anything is stored.
	_, page = admin.get(settingsPath)
	_, page = admin.step(page, "review", url.Values{"token": {one.token(t)}})
	text := pageText(page)
	host := strings.TrimPrefix(one.srv.URL, "http://")
	for _, want := range []string{"igny8 at " + strings.Split(host, ":")[0] + " ( " + one.srv.URL + " ) asks to link this site to its workspace \"Workspace A\"",
		"plain HTTP: the link token"} {
		if !strings.Contains(text, want) {
			t.Fatalf("review page lacks %q: %s", want, text)
		}
	}
	if !strings.Contains(page, `value="Confirm link"`) {
		t.Fatal("the review page has no Confirm link button")
	}
	if signedStatus(t, wp, one.secret) != 401 || signedStatus(t, wp, wp.BridgeSecret) != 200 {
		t.Fatal("reviewing a token stored it")
	}

	// Confirmed: igny8 confirms the token, the link is stored, the page says what is next.
	_, page = admin.step(page, "confirm", url.Values{"token": {one.token(t)}})
	if text := pageText(page); !strings.Contains(text, "Linked to igny8 at") || !strings.Contains(text, "Next step: in igny8, open Sites") {
		t.Fatalf("after confirming: %s", text)
	}
	if signedStatus(t, wp, one.secret) != 200 || signedStatus(t, wp, wp.BridgeSecret) != 401 {
		t.Fatal("the confirmed link does not sign")
	}
	if n, _ := one.app.CountRecords(collections.AuditLog, nil); n == 0 {
		t.Fatal("igny8 did not record the confirmation")
	}

	// WordPress cannot reach igny8 (its public URL points nowhere WordPress
	// reaches): the page shows a code, nothing is linked until the owner
	// types it into igny8, which hands it to the plugin.
	lan := newInstance(t, wp, "http://127.0.0.1:1")
	_, page = admin.get(settingsPath)
	_, page = admin.step(page, "review", url.Values{"token": {lan.token(t)}})
	if !strings.Contains(pageText(page), "Confirming replaces that link") {
		t.Fatalf("relinking to another igny8 gave no warning: %s", pageText(page))
	}
	_, page = admin.step(page, "confirm", url.Values{"token": {lan.token(t)}})
	m := regexp.MustCompile(`class="igny8-code"[^>]*>([A-Z0-9]{4}-[A-Z0-9]{4})<`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no confirmation code: %s", pageText(page))
	}
	if signedStatus(t, wp, lan.secret) != 401 || signedStatus(t, wp, one.secret) != 200 {
		t.Fatal("a link waiting for its code was stored")
	}
	auth := testapp.Token(t, lan.app, testapp.A, "admin")
	confirm := func(code string) (int, string) {
		req, _ := http.NewRequest("POST", lan.srv.URL+"/api/igny8/sites/"+lan.site.Id+"/link/confirm", strings.NewReader(`{"code":"`+code+`"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", auth)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := confirm("ZZZZ-ZZZZ"); code != 400 || !strings.Contains(body, "igny8_wrong_code") {
		t.Fatalf("wrong code: %d %s", code, body)
	}
	if code, body := confirm(m[1]); code != 200 {
		t.Fatalf("code: %d %s", code, body)
	}
	if signedStatus(t, wp, lan.secret) != 200 || signedStatus(t, wp, one.secret) != 401 {
		t.Fatal("the code did not link the site")
	}

	// Back to a reachable igny8, then to another one: the replaced one learns it.
	_, page = admin.get(settingsPath)
	_, page = admin.step(page, "review", url.Values{"token": {one.token(t)}})
	admin.step(page, "confirm", url.Values{"token": {one.token(t)}})
	// one was told when lan replaced it; linked again it needs a check
	if got := one.status(t); got != wordpress.SiteNew {
		t.Fatalf("site one linked again: %s, want new", got)
	}
	if rep, err := wordpress.CheckSite(t.Context(), one.app, mustFind(t, one.app, collections.Sites, one.site.Id)); err != nil || !rep.OK {
		b, _ := json.Marshal(rep)
		t.Fatalf("a plugin-only site does not pass the check: %v %s", err, b)
	}
	two := newInstance(t, wp, "")
	code, body = postConnect(t, wp, wp.User, wp.AppPassword, two.token(t))
	if code != 200 || !strings.Contains(body, `"site_id":"`+two.site.Id+`"`) {
		t.Fatalf("link to two: %d %s", code, body)
	}
	if got := one.status(t); got != wordpress.SiteDisconnected {
		t.Fatalf("the replaced igny8's site is %q, want disconnected", got)
	}

	// Deactivation tells the linked igny8.
	wpEval(t, wp, 2, `deactivate_plugins('igny8-bridge/igny8-bridge.php');`)
	if got := two.status(t); got != wordpress.SiteDisconnected {
		t.Fatalf("after deactivation igny8's site is %q, want disconnected", got)
	}
	rep, err := wordpress.CheckSite(t.Context(), two.app, mustFind(t, two.app, collections.Sites, two.site.Id))
	if err != nil || rep.OK {
		t.Fatalf("check of a deactivated plugin passed: %v", err)
	}
	wpEval(t, wp, 2, `activate_plugin('igny8-bridge/igny8-bridge.php');`)
	rep, err = wordpress.CheckSite(t.Context(), two.app, mustFind(t, two.app, collections.Sites, two.site.Id))
	if err != nil || !rep.OK || two.status(t) != wordpress.SiteConnected {
		b, _ := json.Marshal(rep)
		t.Fatalf("a plugin-only site linked again does not pass the check: %v %s", err, b)
	}
}

// TestSettingsRefusals: the settings page's forms refuse with 403 (a wrong
// nonce, a user who may not manage options).
func TestSettingsRefusals(t *testing.T) {
	t.Parallel()
	wp := testWP(t, 2)
	admin := wpAdminLogin(t, wp, 2)
	code, _ := admin.post(settingsPath, url.Values{"igny8_step": {"review"}, "_wpnonce": {"0123456789"}, "token": {"x"}})
	if code != 403 {
		t.Fatalf("wrong nonce: %d", code)
	}
	req, _ := http.NewRequest("POST", wp.URL+"/wp-json"+wordpress.RouteConnect, bytes.NewReader([]byte(`{"token":"x"}`)))
	req.SetBasicAuth(wp.AuthorUser, wp.AuthorPassword)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Fatalf("author connect: %d", resp.StatusCode)
	}
}
