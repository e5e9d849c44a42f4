package hooks_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/hooks"
	"github.com/igny8/igny8/tenancy"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"
)

// v1 encrypts plain as releases before HKDF did (key cut to 32 hex characters).
func v1(t *testing.T, material, plain string) string {
	t.Helper()
	sum := sha256.Sum256([]byte(material))
	enc, err := security.Encrypt([]byte(plain), hex.EncodeToString(sum[:])[:32])
	if err != nil {
		t.Fatal(err)
	}
	return "enc:v1:" + enc
}

func rawSecret(t *testing.T, app core.App, table, id, field string) string {
	t.Helper()
	var v string
	if err := app.DB().Select(field).From(table).Where(dbx.HashExp{"id": id}).Row(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestSecretsV2 shows new secrets are written as v2 (a full 256-bit key from
// HKDF, not 32 hex characters) and v1 values stay readable.
func TestSecretsV2(t *testing.T) {
	t.Parallel()
	app := testapp.New(t)
	site, err := app.FindRecordById(collections.Sites, testapp.SiteId(testapp.A))
	if err != nil {
		t.Fatal(err)
	}
	site.Set("app_password", "fresh pass word")
	if err := app.Save(site); err != nil {
		t.Fatal(err)
	}
	if v := rawSecret(t, app, collections.Sites, site.Id, "app_password"); !strings.HasPrefix(v, "enc:v2:") {
		t.Fatalf("new secret stored as %.7s…, want enc:v2:", v)
	}
	material, err := tenancy.KeyMaterial(app)
	if err != nil {
		t.Fatal(err)
	}
	old := v1(t, material, "old pass word")
	if got, err := tenancy.DecryptSecret(app, old); err != nil || got != "old pass word" {
		t.Fatalf("v1 secret reads %q, %v", got, err)
	}
}

// TestSecretsRotate re-encrypts every secret (v1 and v2) from the generated
// key file to a new IGNY8_ENCRYPTION_KEY through `igny8 secrets rotate`.
func TestSecretsRotate(t *testing.T) {
	app := testapp.New(t)
	material, err := tenancy.KeyMaterial(app)
	if err != nil {
		t.Fatal(err)
	}
	// workspace B's AI key as an old release stored it
	if _, err := app.DB().Update(collections.Tenants, dbx.Params{collections.TenantAIKey: v1(t, material, "sk-old-b")},
		dbx.HashExp{"id": testapp.TenantId(testapp.B)}).Execute(); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, ws := range testapp.Workspaces {
		want["sites/"+testapp.SiteId(ws)+"/app_password"] = "secret-app-password-" + ws
		want["sites/"+testapp.SiteId(ws)+"/bridge_secret"] = "bridge-secret-" + ws
	}
	want["tenants/"+testapp.TenantId(testapp.B)+"/"+collections.TenantAIKey] = "sk-old-b"

	run := func() (string, error) {
		var out bytes.Buffer
		cmd := hooks.NewSecretsCommand(app)
		cmd.SetArgs([]string{"rotate"})
		cmd.SetOut(&out)
		cmd.SetErr(&out)
		err := cmd.Execute()
		return out.String(), err
	}
	t.Setenv(hooks.EncryptionKeyOldEnv, "not-the-key")
	t.Setenv(tenancy.EncryptionKeyEnv, "the new key, long and random")
	if _, err := run(); err == nil {
		t.Fatal("rotate with a wrong old key succeeded")
	}
	if v := rawSecret(t, app, collections.Tenants, testapp.TenantId(testapp.B), collections.TenantAIKey); !strings.HasPrefix(v, "enc:v1:") {
		t.Fatalf("a failed rotation changed a secret: %.7s…", v)
	}

	t.Setenv(hooks.EncryptionKeyOldEnv, "")
	out, err := run()
	if err != nil || !strings.Contains(out, "OK: 5 secret(s)") {
		t.Fatalf("rotate: %v\n%s", err, out)
	}
	newKey, _ := tenancy.NewKey("the new key, long and random")
	oldKey, _ := tenancy.NewKey(material)
	for path, plain := range want {
		p := strings.Split(path, "/")
		v := rawSecret(t, app, p[0], p[1], p[2])
		if !strings.HasPrefix(v, "enc:v2:") {
			t.Errorf("%s stored as %.7s… after rotation", path, v)
		}
		if got, err := newKey.Decrypt(v); err != nil || got != plain {
			t.Errorf("%s with the new key = %q, %v", path, got, err)
		}
		if _, err := oldKey.Decrypt(v); err == nil {
			t.Errorf("%s still decrypts with the old key", path)
		}
	}
	if _, err := os.Stat(filepath.Join(app.DataDir(), tenancy.KeyFileName)); !os.IsNotExist(err) {
		t.Errorf("the old generated key file is still in place: %v", err)
	}
	// the running app reads them with the new key
	site, _ := app.FindRecordById(collections.Sites, testapp.SiteId(testapp.A))
	if pw, err := tenancy.Secret(app, site, "app_password"); err != nil || pw != "secret-app-password-a" {
		t.Errorf("app reads %q, %v after rotation", pw, err)
	}
}
