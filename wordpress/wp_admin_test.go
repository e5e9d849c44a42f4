package wordpress_test

import (
	"bytes"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// wpSiteName is the site's name in /etc/wordpress/config-<name>.php: the
// folder holding its wp-content (scripts/test-setup.d/30-wordpress.sh).
func wpSiteName(t testing.TB, n int) string {
	t.Helper()
	dir := os.Getenv("IGNY8_TEST_WP" + string(rune('0'+n)) + "_CONTENT_DIR")
	if dir == "" {
		t.Fatalf("IGNY8_TEST_WP%d_CONTENT_DIR is not set: run `make test-setup`", n)
	}
	return filepath.Base(filepath.Dir(dir))
}

// wpEval runs PHP code inside test site n's WordPress (PHP's CLI loading
// wp-load.php, as scripts/wordpress/provision.php does) and returns what it
// printed. It is how tests do what only PHP can: run the plugin's
// deactivation and uninstall code, write meta as another plugin could, age posts.
func wpEval(t testing.TB, wp wpSite, n int, code string) string {
	t.Helper()
	u, _ := url.Parse(wp.URL)
	boot := `<?php
$_SERVER['WORDPRESS_CONFIG'] = getenv('IGNY8_WP_SITE');
$_SERVER['HTTP_HOST'] = getenv('IGNY8_WP_HOST');
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
eval(stream_get_contents(STDIN));
`
	f := filepath.Join(t.TempDir(), "eval.php")
	if err := os.WriteFile(f, []byte(boot), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("php", "-d", "display_errors=stderr", "-d", "error_reporting=E_ALL&~E_DEPRECATED&~E_NOTICE", "-d", "memory_limit=512M", f)
	cmd.Env = append(os.Environ(), "IGNY8_WP_SITE="+wpSiteName(t, n), "IGNY8_WP_HOST="+u.Host)
	cmd.Stdin = strings.NewReader(code)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("wp eval: %v\n%s\n%s", err, errb.String(), out.String())
	}
	return strings.TrimSpace(out.String())
}

// wpAdmin is a browser-like session of the site's administrator in wp-admin
// (cookies, nonces from the pages), for the plugin's settings page.
type wpAdmin struct {
	t    testing.TB
	base string
	c    *http.Client
}

func wpAdminLogin(t testing.TB, wp wpSite, n int) *wpAdmin {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	u, _ := url.Parse(wp.URL)
	jar.SetCookies(u, []*http.Cookie{{Name: "wordpress_test_cookie", Value: "WP Cookie check"}})
	resp, err := c.PostForm(wp.URL+"/wp-login.php", url.Values{"log": {"admin"}, "pwd": {"igny8-admin-login-" + wpSiteName(t, n)},
		"testcookie": {"1"}, "redirect_to": {wp.URL + "/wp-admin/"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("wp-login: %d", resp.StatusCode)
	}
	return &wpAdmin{t: t, base: wp.URL, c: c}
}

func (a *wpAdmin) do(req *http.Request) (int, string) {
	a.t.Helper()
	resp, err := a.c.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (a *wpAdmin) get(path string) (int, string) {
	req, _ := http.NewRequest(http.MethodGet, a.base+path, nil)
	return a.do(req)
}

func (a *wpAdmin) post(path string, form url.Values) (int, string) {
	req, _ := http.NewRequest(http.MethodPost, a.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return a.do(req)
}

var stepNonce = regexp.MustCompile(`name="_wpnonce" value="([0-9a-f]+)" /><input type="hidden" name="_wp_http_referer" value="[^"]*" /><input type="hidden" name="igny8_step" value="(\w+)"`)

// step posts one of the settings page's forms (review, confirm, cancel),
// taking its nonce from page.
func (a *wpAdmin) step(page, step string, extra url.Values) (int, string) {
	a.t.Helper()
	form := url.Values{"igny8_step": {step}}
	for _, m := range stepNonce.FindAllStringSubmatch(page, -1) {
		if m[2] == step {
			form.Set("_wpnonce", m[1])
		}
	}
	if form.Get("_wpnonce") == "" {
		a.t.Fatalf("the page has no %s form", step)
	}
	for k, v := range extra {
		form[k] = v
	}
	return a.post(settingsPath, form)
}

const settingsPath = "/wp-admin/options-general.php?page=igny8"

// pageText is the settings page's own part, tags removed, space collapsed.
func pageText(page string) string {
	if i := strings.Index(page, `class="wrap igny8-settings"`); i >= 0 {
		page = page[i:]
		if j := strings.Index(page, `id="wpfooter"`); j >= 0 {
			page = page[:j]
		}
	}
	return strings.Join(strings.Fields(html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(page, " "))), " ")
}
