package tenancy_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/tools/wpclient"
	"github.com/igny8/igny8/wordpress"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// TestIsolationBridgeRoutes: the link-code route of another workspace's
// site is not found; the plugin's calls back to igny8 (confirm, notify) act
// only on the site whose secret signed them: a token, notice or post webhook
// signed with workspace A's site secret never touches B's site; the conflict
// routes of A's content are not found for B.
func TestIsolationBridgeRoutes(t *testing.T) {
	t.Parallel()
	siteA, siteB := testapp.SiteId(testapp.A), testapp.SiteId(testapp.B)
	secretA := strings.Repeat("a1", 32)
	setSecrets := func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
		for id, secret := range map[string]string{siteA: secretA, siteB: strings.Repeat("b2", 32)} {
			s, _ := app.FindRecordById(collections.Sites, id)
			s.Set("bridge_secret", secret)
			s.Set("url", "https://blog-"+id+".example.com")
			if err := app.Save(s); err != nil {
				t.Fatal(err)
			}
			s.Set("status", wordpress.SiteConnected)
			if err := app.Save(s); err != nil {
				t.Fatal(err)
			}
		}
	}
	bUntouched := func(t testing.TB, app *tests.TestApp, _ *http.Response) {
		s, _ := app.FindRecordById(collections.Sites, siteB)
		if s.GetString("status") != wordpress.SiteConnected {
			t.Fatalf("B's site became %s", s.GetString("status"))
		}
	}
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	body := `{"event":"deactivated"}`
	sigA := wpclient.Sign(secretA, "POST", wordpress.PathBridgeNotify, time.Now().Unix(), "nonce-iso-1", []byte(body))
	postBody := `{"event":"post_changed","post":{"id":1,"status":"draft","content_id":"` + testapp.RecordId(collections.Contents, testapp.B) + `","title":"x","content":"y"}}`
	sigPost := wpclient.Sign(secretA, "POST", wordpress.PathBridgePost, time.Now().Unix(), "nonce-iso-2", []byte(postBody))
	contentA := testapp.RecordId(collections.Contents, testapp.A)
	scenarios := []tests.ApiScenario{
		{Name: "a webhook signed with A's secret names B's site", Method: "POST", URL: wordpress.PathBridgePost, Body: strings.NewReader(postBody),
			Headers: map[string]string{wordpress.HeaderSite: siteB, wpclient.HeaderTimestamp: ts, wpclient.HeaderNonce: "nonce-iso-2",
				wpclient.HeaderSignature: sigPost, "Content-Type": "application/json"},
			ExpectedStatus: 401, ExpectedContent: []string{"igny8_bad_signature"}},
		{Name: "B reads the conflict of A's content", Method: "GET", URL: "/api/igny8/contents/" + contentA + "/conflict",
			ExpectedStatus: 404, ExpectedContent: []string{`"data":`}},
		{Name: "B resolves the conflict of A's content", Method: "POST", URL: "/api/igny8/contents/" + contentA + "/conflict",
			Body: strings.NewReader(`{"keep":"wordpress"}`), ExpectedStatus: 404, ExpectedContent: []string{`"data":`}},
		{Name: "B confirms a code for A's site", Method: "POST", URL: "/api/igny8/sites/" + siteA + "/link/confirm",
			Body: strings.NewReader(`{"code":"ABCD-EFGH"}`), ExpectedStatus: 404, ExpectedContent: []string{`"data":`}},
		{Name: "a notice signed with A's secret names B's site", Method: "POST", URL: wordpress.PathBridgeNotify, Body: strings.NewReader(body),
			Headers: map[string]string{wordpress.HeaderSite: siteB, wpclient.HeaderTimestamp: ts, wpclient.HeaderNonce: "nonce-iso-1",
				wpclient.HeaderSignature: sigA, "Content-Type": "application/json"},
			ExpectedStatus: 401, ExpectedContent: []string{"igny8_bad_signature"}},
	}
	// A token issued (by this igny8) for A's site, with B's id as subject.
	var tokB string
	confirm := tests.ApiScenario{Name: "a token signed with A's secret for B's site", Method: "POST", URL: wordpress.PathBridgeConfirm,
		ExpectedStatus: 403, ExpectedContent: []string{wordpress.CodeNotIssued}}
	confirm.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
		setSecrets(t, app, e)
		tokB, _ = wordpress.LinkToken(wordpress.LinkFor{SiteID: siteB, SiteURL: "https://blog-" + siteB + ".example.com", Instance: wordpress.Instance(app)},
			secretA, time.Now(), time.Hour)
		confirm.Body = strings.NewReader(`{"token":"` + tokB + `","home":"https://blog-` + siteB + `.example.com"}`)
	}
	scenarios = append(scenarios, confirm)
	for i := range scenarios {
		if scenarios[i].BeforeTestFunc == nil {
			scenarios[i].BeforeTestFunc = setSecrets
		}
		scenarios[i].AfterTestFunc = bUntouched
	}
	runAll(t, scenarios, []string{"", testapp.B, testapp.B, testapp.B, "", ""}, []string{"", collections.RoleOwner, collections.RoleOwner, collections.RoleOwner, "", ""})
}
