package hooks_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

func TestSiteSecretsEncryptedAtRest(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	var raw struct {
		AppPassword  string `db:"app_password"`
		BridgeSecret string `db:"bridge_secret"`
	}
	err := app.DB().Select("app_password", "bridge_secret").From(collections.Sites).
		Where(dbx.HashExp{"id": testapp.SiteId(testapp.A)}).One(&raw)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{raw.AppPassword, raw.BridgeSecret} {
		if !tenancy.IsEncrypted(v) || strings.Contains(v, "secret") {
			t.Fatalf("stored value is not encrypted: %q", v)
		}
	}
	site, _ := app.FindRecordById(collections.Sites, testapp.SiteId(testapp.A))
	plain, err := tenancy.Secret(app, site, "app_password")
	if err != nil || plain != "secret-app-password-a" {
		t.Fatalf("decrypt: %q, %v", plain, err)
	}
	// saving again must not double-encrypt
	site.Set("name", "renamed")
	if err := app.Save(site); err != nil {
		t.Fatal(err)
	}
	site, _ = app.FindRecordById(collections.Sites, testapp.SiteId(testapp.A))
	if plain, _ := tenancy.Secret(app, site, "app_password"); plain != "secret-app-password-a" {
		t.Fatalf("after re-save: %q", plain)
	}
}

func TestSiteSecretsNeverReturned(t *testing.T) {
	t.Parallel()
	scenarios := []tests.ApiScenario{
		{Name: "owner views own site", Method: "GET", URL: "/api/collections/sites/records/" + testapp.SiteId(testapp.A), ExpectedStatus: 200,
			ExpectedContent: []string{`"wp_username":"admin"`}, NotExpectedContent: []string{"app_password", "bridge_secret", "secret-app-password", "enc:v"}},
		{Name: "the collection API ignores a hidden secret in the body", Method: "PATCH", URL: "/api/collections/sites/records/" + testapp.SiteId(testapp.A),
			Body: strings.NewReader(`{"app_password":"abcd efgh ijkl mnop"}`), ExpectedStatus: 200, NotExpectedContent: []string{"app_password", "abcd efgh"},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				site, _ := app.FindRecordById(collections.Sites, testapp.SiteId(testapp.A))
				if plain, _ := tenancy.Secret(app, site, "app_password"); plain != "secret-app-password-a" {
					t.Fatalf("got %q", plain)
				}
			}},
		{Name: "admin sets a new password through the credentials route", Method: "PUT", URL: "/api/igny8/sites/" + testapp.SiteId(testapp.A) + "/credentials",
			Body: strings.NewReader(`{"app_password":"abcd efgh ijkl mnop"}`), ExpectedStatus: 200,
			ExpectedContent: []string{`"app_password_set":true`}, NotExpectedContent: []string{"abcd efgh", "enc:v"},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				site, _ := app.FindRecordById(collections.Sites, testapp.SiteId(testapp.A))
				if !tenancy.IsEncrypted(site.GetString("app_password")) {
					t.Fatal("API-set password stored in plain text")
				}
				if plain, _ := tenancy.Secret(app, site, "app_password"); plain != "abcd efgh ijkl mnop" {
					t.Fatalf("got %q", plain)
				}
			}},
		{Name: "filtering on a hidden secret is refused", Method: "GET", URL: "/api/collections/sites/records?filter=" + "app_password%21%3D%22%22",
			ExpectedStatus: 400, ExpectedContent: []string{`"data":`}},
	}
	for i := range scenarios {
		s := &scenarios[i]
		s.TestAppFactory = testapp.Factory
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			s.Headers = map[string]string{"Authorization": testapp.Token(t, app, testapp.A, collections.RoleAdmin)}
		}
		s.Test(t)
	}
}
