package wordpress_test

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/tools/wpclient"
	"github.com/igny8/igny8/wordpress"
)

// wpPlugin activates or deactivates a plugin through core REST.
func wpPlugin(t testing.TB, wp wpSite, plugin, status string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, wp.URL+"/wp-json/wp/v2/plugins/"+plugin, bytes.NewReader([]byte(`{"status":"`+status+`"}`)))
	req.Header.Set("Content-Type", "application/json")
	req.SetBasicAuth(wp.User, wp.AppPassword)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("%s %s: %v %v", status, plugin, err, resp)
	}
	resp.Body.Close()
}

// TestSEOPluginKeys installs stand-ins for each SEO plugin on the plugin
// site (a plugin file defining the real plugin's version constant, at the
// real plugin's path) and checks that the bridge writes that plugin's meta
// keys and the doctor names it. It switches plugins site-wide, so it does not
// run in parallel (parallel tests wait for it).
func TestSEOPluginKeys(t *testing.T) {
	wp := testWP(t, 2)
	dir := os.Getenv("IGNY8_TEST_WP2_CONTENT_DIR")
	if dir == "" {
		t.Fatal("IGNY8_TEST_WP2_CONTENT_DIR is not set: run `make test-setup`")
	}
	cases := []struct {
		name, slug, file, constant string
		keys                       []string
	}{
		{"yoast", "wordpress-seo", "wp-seo", "WPSEO_VERSION", []string{"_yoast_wpseo_title", "_yoast_wpseo_metadesc", "_yoast_wpseo_focuskw"}},
		{"rankmath", "seo-by-rank-math", "rank-math", "RANK_MATH_VERSION", []string{"rank_math_title", "rank_math_description"}},
		{"seopress", "wp-seopress", "seopress", "SEOPRESS_VERSION", []string{"_seopress_titles_title", "_seopress_titles_desc"}},
		{"aioseo", "all-in-one-seo-pack", "all_in_one_seo_pack", "AIOSEO_VERSION", []string{"_aioseo_title", "_aioseo_description"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pdir := filepath.Join(dir, "plugins", c.slug)
			if err := os.MkdirAll(pdir, 0o755); err != nil {
				t.Fatal(err)
			}
			stub := "<?php\n/**\n * Plugin Name: " + c.name + " stand-in for igny8 tests\n */\ndefine('" + c.constant + "', '0.0-test');\n"
			if err := os.WriteFile(filepath.Join(pdir, c.file+".php"), []byte(stub), 0o644); err != nil {
				t.Fatal(err)
			}
			wpPlugin(t, wp, c.slug+"/"+c.file, "active")
			t.Cleanup(func() {
				wpPlugin(t, wp, c.slug+"/"+c.file, "inactive")
				os.RemoveAll(pdir)
			})

			app := testapp.New(t)
			site := sitesFor(t, app)["bridge"]
			task := newTask(t, app, site, "focus "+c.name)
			content := newContent(t, app, site, "SEO "+c.name+" "+time.Now().Format("150405.000"), 0)
			content.Set("task", task)
			if err := app.Save(content); err != nil {
				t.Fatal(err)
			}
			res, err := wordpress.Publish(context.Background(), app, content.Id)
			if err != nil {
				t.Fatal(err)
			}
			if res.SEO.Plugin != c.name {
				t.Fatalf("seo went to %q, want %s", res.SEO.Plugin, c.name)
			}
			want := []string{content.GetString("meta_title"), content.GetString("meta_description")}
			for i, k := range c.keys[:2] {
				if res.SEO.Stored[k] != want[i] {
					t.Fatalf("%s = %q, want %q (stored %v)", k, res.SEO.Stored[k], want[i], res.SEO.Stored)
				}
			}
			if len(c.keys) > 2 && res.SEO.Stored[c.keys[2]] != "focus "+c.name {
				t.Fatalf("focus keyword %v", res.SEO.Stored)
			}
			rep := wordpress.Diagnose(context.Background(), wpclient.Conn{URL: wp.URL, Username: wp.User, AppPassword: wp.AppPassword, BridgeSecret: wp.BridgeSecret}, true)
			if got := rep.Get(wordpress.CheckSEO); got.Status != wordpress.Pass || !strings.Contains(got.Detail, c.name) {
				t.Fatalf("doctor: %+v", got)
			}
		})
	}
}
