package wordpress_test

import (
	"context"
	"strings"
	"testing"

	"github.com/igny8/igny8/tools/wpclient"
	"github.com/igny8/igny8/wordpress"
)

// TestDiagnose runs the connection doctor against the real test sites, set up
// right and wrong in the ways users get them wrong.
func TestDiagnose(t *testing.T) {
	t.Parallel()
	w1, w2 := testWP(t, 1), testWP(t, 2)
	type want map[string]string // check id -> status (+ optional "|substring of detail")
	cases := []struct {
		name      string
		conn      wpclient.Conn
		bridge    bool
		stripAuth bool
		noPretty  bool
		ok        bool
		want      want
		restRoute bool
	}{
		{"core REST site, admin", wpclient.Conn{URL: w1.URL, Username: w1.User, AppPassword: w1.AppPassword}, false, false, false, true,
			want{"reachable": "pass", "https": "warn|plain HTTP", "rest_api": "pass", "authorization_header": "pass", "credentials": "pass|admin",
				"capabilities": "pass", "bridge_plugin": "skip|not installed", "seo_plugin": "pass|stores the meta description as the post excerpt; the meta title and focus keyword are not stored", "max_upload": "skip"}, false},
		{"wrong application password", wpclient.Conn{URL: w1.URL, Username: w1.User, AppPassword: "abcd abcd abcd abcd abcd abcd"}, false, false, false, false,
			want{"credentials": "fail|refused the username or the application password", "authorization_header": "skip"}, false},
		{"login password instead of an application password", wpclient.Conn{URL: w1.URL, Username: w1.User, AppPassword: "igny8-admin-login-igny8wp1"}, false, false, false, false,
			want{"credentials": "fail|not an application password"}, false},
		{"application password label as username", wpclient.Conn{URL: w1.URL, Username: "igny8", AppPassword: w1.AppPassword}, false, false, false, false,
			want{"credentials": "fail", "username": "fail|application password's name"}, false},
		{"author role lacks capabilities", wpclient.Conn{URL: w1.URL, Username: w1.AuthorUser, AppPassword: w1.AuthorPassword}, false, false, false, false,
			want{"credentials": "pass|author1", "capabilities": "fail|manage_categories, unfiltered_html"}, false},
		{"host strips Authorization", wpclient.Conn{Username: w1.User, AppPassword: w1.AppPassword}, false, true, false, false,
			want{"authorization_header": "fail|strips it", "credentials": "pass|XML-RPC"}, false},
		{"pretty permalinks off", wpclient.Conn{Username: w1.User, AppPassword: w1.AppPassword}, false, false, true, true,
			want{"rest_api": "pass|?rest_route=", "credentials": "pass"}, true},
		{"bridge transport without the plugin", wpclient.Conn{URL: w1.URL, Username: w1.User, AppPassword: w1.AppPassword, BridgeSecret: strings.Repeat("a", 64)}, true, false, false, false,
			want{"bridge_plugin": "fail|not active"}, false},
		{"plugin site, linked", wpclient.Conn{URL: w2.URL, Username: w2.User, AppPassword: w2.AppPassword, BridgeSecret: w2.BridgeSecret}, true, false, false, true,
			want{"bridge_plugin": "pass|igny8 Bridge 1.", "seo_plugin": "pass|prints them in the page head", "max_upload": "pass|64 MB", "capabilities": "pass"}, false},
		{"plugin site, wrong secret", wpclient.Conn{URL: w2.URL, Username: w2.User, AppPassword: w2.AppPassword, BridgeSecret: strings.Repeat("b", 64)}, true, false, false, false,
			want{"bridge_plugin": "fail|igny8_bad_signature"}, false},
		{"plugin site, not linked in igny8", wpclient.Conn{URL: w2.URL, Username: w2.User, AppPassword: w2.AppPassword}, false, false, false, true,
			want{"bridge_plugin": "warn|not linked"}, false},
		{"unreachable", wpclient.Conn{URL: "http://127.0.0.1:1", Username: "admin", AppPassword: w1.AppPassword}, false, false, false, false,
			want{"reachable": "fail|could not reach"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			conn := c.conn
			conn.Key = "doctor-" + c.name
			if conn.URL == "" {
				p := newFaultProxy(t, w1.URL)
				p.stripAuth.Store(c.stripAuth)
				p.noPretty.Store(c.noPretty)
				conn.URL = p.URL
			}
			rep := wordpress.Diagnose(context.Background(), conn, c.bridge)
			if rep.OK != c.ok || rep.RestRoute != c.restRoute {
				t.Errorf("ok %v rest_route %v, want %v %v", rep.OK, rep.RestRoute, c.ok, c.restRoute)
			}
			for id, w := range c.want {
				status, sub, _ := strings.Cut(w, "|")
				got := rep.Get(id)
				if got.Status != status || !strings.Contains(got.Detail, sub) {
					t.Errorf("%s: got %s %q, want %s containing %q", id, got.Status, got.Detail, status, sub)
				}
				if got.Status == wordpress.Fail && got.Fix == "" {
					t.Errorf("%s fails without a fix", id)
				}
			}
			if t.Failed() {
				t.Logf("report: %+v", rep.Checks)
			}
		})
	}
}
