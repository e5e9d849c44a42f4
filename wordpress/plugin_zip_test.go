package wordpress_test

import (
	"archive/zip"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestPluginZip builds the zip as `make plugin` does: the version is the
// source's plus the commit count, the same in the header, the version
// constant and readme.txt's Stable tag; the zip carries the translation
// template; readme.txt has WordPress's sections.
func TestPluginZip(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "igny8-bridge.zip")
	cmd := exec.Command("bash", "../scripts/plugin-zip.sh", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("plugin-zip: %v %s", err, b)
	}
	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	files := map[string]string{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		files[f.Name] = string(b)
	}
	src, _ := os.ReadFile("plugin/igny8-bridge/igny8-bridge.php")
	base := regexp.MustCompile(`(?m)^ \* Version: (\S+)$`).FindStringSubmatch(string(src))
	main := files["igny8-bridge/igny8-bridge.php"]
	v := regexp.MustCompile(`(?m)^ \* Version: (\S+)$`).FindStringSubmatch(main)
	if base == nil || v == nil || !regexp.MustCompile(`^`+regexp.QuoteMeta(base[1])+`\.\d+$`).MatchString(v[1]) {
		t.Fatalf("zip version %v from source %v", v, base)
	}
	if !strings.Contains(main, "define('IGNY8_BRIDGE_VERSION', '"+v[1]+"')") || !strings.Contains(files["igny8-bridge/readme.txt"], "Stable tag: "+v[1]+"\n") {
		t.Fatal("the version constant or the readme's Stable tag differs from the header")
	}
	if !strings.Contains(main, "Text Domain: igny8-bridge") || !strings.Contains(files["igny8-bridge/languages/igny8-bridge.pot"], `msgid "Link token from igny8 (Sites → Connect with the plugin)"`) {
		t.Fatal("no text domain or translation template")
	}
	for _, want := range []string{"=== igny8 Bridge ===", "Tested up to:", "Requires PHP:", "== Description ==", "== Installation ==", "== Frequently Asked Questions ==", "== Changelog ==", "= " + base[1] + " ="} {
		if !strings.Contains(files["igny8-bridge/readme.txt"], want) {
			t.Errorf("readme.txt lacks %q", want)
		}
	}
	if _, ok := files["igny8-bridge/uninstall.php"]; !ok {
		t.Error("no uninstall.php in the zip")
	}
}
