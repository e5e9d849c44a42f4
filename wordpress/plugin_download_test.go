package wordpress_test

import (
	"archive/zip"
	"bytes"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/wordpress"
	"github.com/pocketbase/pocketbase/tests"
)

// TestPluginDownload: the web app's download link answers anyone the
// installable zip of the plugin sources in this checkout — every file under
// igny8-bridge/, byte for byte — with its version in a header.
func TestPluginDownload(t *testing.T) {
	t.Parallel()
	s := &tests.ApiScenario{Method: http.MethodGet, URL: wordpress.RoutePluginZip, ExpectedStatus: http.StatusOK,
		ExpectedContent: []string{"igny8-bridge/igny8-bridge.php"}, TestAppFactory: testapp.Factory}
	s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, res *http.Response) {
		if ct, cd := res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"); ct != "application/zip" || cd != `attachment; filename="igny8-bridge.zip"` {
			t.Fatalf("content type %q, disposition %q", ct, cd)
		}
		if v := res.Header.Get("X-Igny8-Plugin-Version"); v == "" {
			t.Fatal("no plugin version header")
		}
		b, _ := io.ReadAll(res.Body)
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][]byte{}
		for _, f := range zr.File {
			rc, _ := f.Open()
			got[f.Name], _ = io.ReadAll(rc)
			rc.Close()
		}
		n := 0
		err = filepath.WalkDir("plugin/igny8-bridge", func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel("plugin", path)
			want, _ := os.ReadFile(path)
			if !bytes.Equal(got[filepath.ToSlash(rel)], want) {
				t.Errorf("%s differs in the zip (or is missing)", rel)
			}
			n++
			return nil
		})
		if err != nil || n == 0 || len(got) != n {
			t.Fatalf("%d source files, %d in the zip: %v", n, len(got), err)
		}
	}
	s.Test(t)
}
