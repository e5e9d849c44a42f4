package migrations_test

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/tenancy"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// fixtureManifest describes testdata/datadir_1d09fa1.zip: a data dir written by
// the first release (commit 1d09fa1) from the test fixtures, with a record in
// every collection, an image file per workspace, credit ledger entries and
// encrypted site secrets (its generated key file is in the zip).
type fixtureManifest struct {
	Commit  string              `json:"commit"`
	Records map[string][]string `json:"records"`
	Files   map[string]string   `json:"files"`
}

// TestUpgradeFromFixture opens the first release's data dir with today's code:
// the pending migrations apply, every record and file is still there, secrets
// still decrypt, credits verify passes and the API serves the old data.
func TestUpgradeFromFixture(t *testing.T) {
	var man fixtureManifest
	raw, err := os.ReadFile("testdata/datadir_1d09fa1.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &man); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	unzip(t, "testdata/datadir_1d09fa1.zip", dir)

	app := core.NewBaseApp(core.BaseAppConfig{DataDir: dir})
	if err := app.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	if err := app.RunAllMigrations(); err != nil {
		t.Fatalf("migrate the old data dir: %v", err)
	}

	for collection, ids := range man.Records {
		for _, id := range ids {
			if _, err := app.FindRecordById(collection, id); err != nil {
				t.Errorf("%s record %s lost in the upgrade: %v", collection, id, err)
			}
		}
	}
	for path, sum := range man.Files {
		b, err := os.ReadFile(filepath.Join(dir, path))
		if err != nil {
			t.Errorf("file %s lost in the upgrade: %v", path, err)
			continue
		}
		got := sha256.Sum256(b)
		if hex.EncodeToString(got[:]) != sum {
			t.Errorf("file %s changed in the upgrade", path)
		}
	}
	if mm, err := billing.Verify(app); err != nil || len(mm) > 0 {
		t.Errorf("credits verify after the upgrade: %v %v", mm, err)
	}
	site, err := app.FindRecordById("sites", testapp.SiteId(testapp.A))
	if err != nil {
		t.Fatal(err)
	}
	if pw, err := tenancy.Secret(app, site, "app_password"); err != nil || pw != "secret-app-password-a" {
		t.Errorf("site secret after the upgrade = %q, %v", pw, err)
	}
	for _, f := range []string{"app_password", "bridge_secret"} { // re-encrypted as v2 (HKDF, 256-bit key)
		if v := site.GetString(f); !strings.HasPrefix(v, "enc:v2:") {
			t.Errorf("site %s after the upgrade is stored as %.7s…, want enc:v2:", f, v)
		}
	}
	if err := app.ResetBootstrapState(); err != nil {
		t.Fatal(err)
	}

	// the upgraded data dir serves its old data through the real API
	var tok string
	(&tests.ApiScenario{
		Name:            "old owner signs in after the upgrade",
		Method:          http.MethodPost,
		URL:             "/api/collections/users/auth-with-password",
		Body:            strings.NewReader(`{"identity":"` + testapp.Email(testapp.A, "owner") + `","password":"` + testapp.Password + `"}`),
		ExpectedStatus:  200,
		ExpectedContent: []string{`"token":`},
		TestAppFactory:  upgradedFactory(dir),
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
			var body struct{ Token string }
			json.NewDecoder(res.Body).Decode(&body)
			tok = body.Token
		},
	}).Test(t)
	(&tests.ApiScenario{
		Name:            "old keywords listed after the upgrade",
		Method:          http.MethodGet,
		URL:             "/api/collections/keywords/records",
		Headers:         map[string]string{"Authorization": tok},
		ExpectedStatus:  200,
		ExpectedContent: []string{`"totalItems":1`, `"keyword":"keyword a"`},
		TestAppFactory:  upgradedFactory(dir),
	}).Test(t)
}

func upgradedFactory(dir string) func(t testing.TB) *tests.TestApp {
	return func(t testing.TB) *tests.TestApp {
		app, err := tests.NewTestAppWithConfig(core.BaseAppConfig{DataDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		testapp.Register(app)
		return app
	}
}

func unzip(t *testing.T, src, dst string) {
	t.Helper()
	zr, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		path := filepath.Join(dst, f.Name)
		if !strings.HasPrefix(path, filepath.Clean(dst)+string(os.PathSeparator)) {
			t.Fatalf("zip entry %q escapes the folder", f.Name)
		}
		if f.FileInfo().IsDir() {
			os.MkdirAll(path, 0o755)
			continue
		}
		os.MkdirAll(filepath.Dir(path), 0o755)
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		out, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(out, rc); err != nil {
			t.Fatal(err)
		}
		out.Close()
		rc.Close()
	}
}
