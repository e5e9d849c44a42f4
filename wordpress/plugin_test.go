package wordpress_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/tools/wpclient"

	"github.com/igny8/igny8/wordpress"
)

type signedReq struct {
	method, path, route string
	body                []byte
	secret              string
	ts                  int64 // 0: the time of sending plus skew
	skew                int64
	nonce               string
	sig                 string // overrides the computed signature
	signedBody          []byte // signed instead of body (a body changed after signing)
	unsigned            bool
}

func sendSigned(t testing.TB, base string, r signedReq) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(r.method, base+r.path, bytes.NewReader(r.body))
	req.Header.Set("Content-Type", "application/json")
	if !r.unsigned {
		if r.ts == 0 {
			// Stamped when sent, not when the case was built: parallel
			// subtests can wait minutes for a slot in a long package run,
			// longer than the plugin's 5-minute window.
			r.ts = time.Now().Unix() + r.skew
		}
		signed := r.body
		if r.signedBody != nil {
			signed = r.signedBody
		}
		sig := r.sig
		if sig == "" {
			sig = wpclient.Sign(r.secret, r.method, r.route, r.ts, r.nonce, signed)
		}
		req.Header.Set(wpclient.HeaderTimestamp, strconv.FormatInt(r.ts, 10))
		req.Header.Set(wpclient.HeaderNonce, r.nonce)
		req.Header.Set(wpclient.HeaderSignature, sig)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", r.method, r.path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestPluginSecurity sends requests straight to the real plugin: only a
// correctly signed, fresh, first-seen request gets through.
func TestPluginSecurity(t *testing.T) {
	t.Parallel()
	wp := testWP(t, 2)
	nonce := func() string { return "n" + strconv.FormatInt(time.Now().UnixNano(), 36) }
	good := func(path, route string) signedReq {
		return signedReq{method: "GET", path: path, route: route, secret: wp.BridgeSecret, nonce: nonce()}
	}
	cases := []struct {
		name   string
		req    signedReq
		status int
		code   string
	}{
		{"signed", good("/wp-json/igny8/v1/status", "/igny8/v1/status"), 200, `"plugin_version":"1.`},
		{"signed through ?rest_route=", good("/?rest_route=/igny8/v1/status", "/igny8/v1/status"), 200, `"plugin_version":"1.`},
		{"unsigned", signedReq{method: "GET", path: "/wp-json/igny8/v1/status", unsigned: true}, 401, "igny8_unsigned"},
		{"wrong secret", signedReq{method: "GET", path: "/wp-json/igny8/v1/status", route: "/igny8/v1/status", secret: strings.Repeat("x", 64), nonce: nonce()}, 401, "igny8_bad_signature"},
		{"garbage signature", signedReq{method: "GET", path: "/wp-json/igny8/v1/status", sig: "deadbeef", nonce: nonce()}, 401, "igny8_bad_signature"},
		{"signed for another route", signedReq{method: "GET", path: "/wp-json/igny8/v1/status", route: "/igny8/v1/sync-settings", secret: wp.BridgeSecret, nonce: nonce()}, 401, "igny8_bad_signature"},
		{"body changed after signing", signedReq{method: "POST", path: "/wp-json/igny8/v1/pull-updates", route: "/igny8/v1/pull-updates", secret: wp.BridgeSecret, nonce: nonce(),
			body: []byte(`{"since":"2020-01-01T00:00:00Z"}`), signedBody: []byte(`{}`)}, 401, "igny8_bad_signature"},
		{"expired", signedReq{method: "GET", path: "/wp-json/igny8/v1/status", route: "/igny8/v1/status", secret: wp.BridgeSecret, skew: -600, nonce: nonce()}, 401, "igny8_expired"},
		{"from the future", signedReq{method: "GET", path: "/wp-json/igny8/v1/status", route: "/igny8/v1/status", secret: wp.BridgeSecret, skew: 600, nonce: nonce()}, 401, "igny8_expired"},
		{"import without content id", signedReq{method: "POST", path: "/wp-json/igny8/v1/import-content", route: "/igny8/v1/import-content", secret: wp.BridgeSecret, nonce: nonce(), body: []byte(`{"title":"x"}`)}, 400, "content_id is required"},
		{"upload without the hash first", signedReq{method: "POST", path: "/wp-json/igny8/v1/upload-image", route: "/igny8/v1/upload-image", secret: wp.BridgeSecret, nonce: nonce(), body: []byte(`{"image_id":"notimg` + nonce() + `","filename":"x.png","data":"PD9waHAgZWNobyAxOyA/Pg=="}`)}, 400, `"field":"sha256"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			status, body := sendSigned(t, wp.URL, c.req)
			if status != c.status || !strings.Contains(body, c.code) {
				t.Fatalf("got %d %s, want %d with %s", status, body, c.status, c.code)
			}
		})
	}

	t.Run("replayed", func(t *testing.T) {
		t.Parallel()
		r := good("/wp-json/igny8/v1/status", "/igny8/v1/status")
		// Stamped once: sendSigned stamps an unset timestamp at each send, so
		// a copy sent in the next second was a new signature, not a replay.
		r.ts = time.Now().Unix()
		if status, body := sendSigned(t, wp.URL, r); status != 200 {
			t.Fatalf("first: %d %s", status, body)
		}
		if status, body := sendSigned(t, wp.URL, r); status != 401 || !strings.Contains(body, "igny8_replayed") {
			t.Fatalf("replay: %d %s", status, body)
		}
		// The same request with a fresh nonce is a new request.
		r.nonce = nonce()
		if status, body := sendSigned(t, wp.URL, r); status != 200 {
			t.Fatalf("fresh nonce: %d %s", status, body)
		}
	})
}

func postConnect(t testing.TB, wp wpSite, user, pass, token string) (int, string) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"token": token})
	req, _ := http.NewRequest("POST", wp.URL+"/wp-json"+wordpress.RouteConnect, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.SetBasicAuth(user, pass)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestLinkHandshake links the plugin site with link tokens. It changes the
// site's secret, so it does not run in parallel (top-level parallel tests
// wait for it) and puts the original secret back through the same handshake.
func TestLinkHandshake(t *testing.T) {
	wp := testWP(t, 2)
	testapp.LockWordPress(t, wp.URL) // it changes the plugin site under everyone else
	t.Cleanup(func() { restoreLink(t, wp) })
	inst := newInstance(t, wp, "")
	fresh := inst.secret
	link := wordpress.LinkOf(inst.app, inst.site)
	tok := inst.token(t)
	expired, _ := wordpress.LinkToken(link, fresh, time.Now().Add(-13*time.Hour), wordpress.LinkTTL)
	other := link
	other.SiteURL = "https://example.com"
	otherSite, _ := wordpress.LinkToken(other, fresh, time.Now(), wordpress.LinkTTL)
	damaged := tok[:len(tok)-4] + "AAAA"
	for _, c := range []struct {
		name, user, pass, token string
		status                  int
		want                    string
	}{
		{"expired token", wp.User, wp.AppPassword, expired, 400, "expired"},
		{"token for another site", wp.User, wp.AppPassword, otherSite, 400, "igny8_token_wrong_site"},
		{"damaged token", wp.User, wp.AppPassword, damaged, 400, "damaged"},
		{"not a token", wp.User, wp.AppPassword, "hello", 400, "not an igny8 link token"},
		{"author may not link", wp.AuthorUser, wp.AuthorPassword, tok, 403, "rest_forbidden"},
		{"anonymous may not link", "", "", tok, 401, "rest_forbidden"},
	} {
		code, body := postConnect(t, wp, c.user, c.pass, c.token)
		if code != c.status || !strings.Contains(body, c.want) {
			t.Fatalf("%s: got %d %s, want %d with %q", c.name, code, body, c.status, c.want)
		}
		if signedStatus(t, wp, wp.BridgeSecret) != 200 {
			t.Fatalf("%s changed the secret", c.name)
		}
	}
	code, body := postConnect(t, wp, wp.User, wp.AppPassword, tok)
	if code != 200 || !strings.Contains(body, `"site_id":"`+inst.site.Id+`"`) {
		t.Fatalf("link: %d %s", code, body)
	}
	if signedStatus(t, wp, fresh) != 200 {
		t.Fatal("the new secret does not sign")
	}
	if signedStatus(t, wp, wp.BridgeSecret) != 401 {
		t.Fatal("the old secret still signs after re-linking")
	}
}

// TestPluginSignedConcurrently sends fresh signed requests to the real plugin
// at once: each is a first use of its signature, so each must get through,
// although each one purges expired records and inserts its own in the same
// index range as the others.
func TestPluginSignedConcurrently(t *testing.T) {
	t.Parallel()
	wp := testWP(t, 2)
	const n = 48
	var wg sync.WaitGroup
	errs := make(chan string, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := signedReq{method: "GET", path: "/wp-json/igny8/v1/status", route: "/igny8/v1/status", secret: wp.BridgeSecret,
				nonce: "c" + strconv.Itoa(i) + "x" + strconv.FormatInt(time.Now().UnixNano(), 36)}
			if status, body := sendSigned(t, wp.URL, r); status != 200 {
				errs <- strconv.Itoa(status) + " " + body
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Errorf("a fresh signed request was refused: %s", e)
	}
}
