package wordpress_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/tools/wpclient"
	"github.com/igny8/igny8/wordpress"
)

// signedPluginCall is a call as the plugin signs it (igny8_signed_call).
func signedPluginCall(secret, siteId, path, nonce string, ts int64, body []byte) map[string]string {
	return map[string]string{"Content-Type": "application/json", wordpress.HeaderSite: siteId, wpclient.HeaderTimestamp: strconv.FormatInt(ts, 10),
		wpclient.HeaderNonce: nonce, wpclient.HeaderSignature: wpclient.Sign(secret, http.MethodPost, path, ts, nonce, body)}
}

// TestPluginWebhook: with the plugin linked, an edit made in WordPress
// reaches igny8 as it happens — the plugin's signed webhook, no sync — as a
// version edited in WordPress; igny8's own publish sends none. Forged,
// expired and replayed webhooks are refused and change nothing. Not parallel:
// it points the shared plugin site at this test's igny8 for its duration.
func TestPluginWebhook(t *testing.T) {
	wp := testWP(t, 2)
	app := testapp.New(t)
	srv := testapp.HTTPServer(t, app)
	site := newSite(t, app, wp.URL, wp.User, wp.AppPassword, "bridge", wp.BridgeSecret)
	wpEval(t, wp, 2, `update_option('igny8_instance', '`+srv.URL+`', false); update_option('igny8_site_id', '`+site.Id+`', false);`)
	testapp.LockWordPress(t, wp.URL) // it changes the plugin site under everyone else
	t.Cleanup(func() { restoreLink(t, wp) })

	title := "Webhook " + time.Now().Format("150405.000")
	content := newContent(t, app, site, title, 0)
	res, err := wordpress.Publish(context.Background(), app, content.Id)
	if err != nil {
		t.Fatal(err)
	}
	content = reload(t, app, content)
	if n := len(versionsOf(t, app, content.Id, collections.VersionWordPress)); n != 0 {
		t.Fatalf("igny8's own publish came back as %d WordPress versions", n)
	}
	wpEditPost(t, wp, res.PostID, title+" (webhook)", "Intro paragraph of", "Edited in wp-admin: intro paragraph of")
	// the edit request returned after the plugin's webhook was answered
	content = reload(t, app, content)
	if content.GetString("title") != title+" (webhook)" || !strings.Contains(content.GetString("html"), "Edited in wp-admin: intro paragraph of") {
		t.Fatalf("the webhook did not bring the edit: %q", content.GetString("title"))
	}
	if n := len(versionsOf(t, app, content.Id, collections.VersionWordPress)); n != 1 {
		t.Fatalf("WordPress versions after the webhook: %d", n)
	}

	// forged, expired, replayed
	post := map[string]any{"id": res.PostID, "status": "publish", "content_id": content.Id, "title": "Forged title", "content": "<p>forged</p>",
		"modified_gmt": time.Now().UTC().Format("2006-01-02T15:04:05")}
	body, _ := json.Marshal(map[string]any{"event": wordpress.EventPostChanged, "post": post})
	now := time.Now().Unix()
	good := signedPluginCall(wp.BridgeSecret, site.Id, wordpress.PathBridgePost, "nonce-webhook-1", now, body)
	forged := signedPluginCall(strings.Repeat("f", 64), site.Id, wordpress.PathBridgePost, "nonce-webhook-2", now, body)
	old := signedPluginCall(wp.BridgeSecret, site.Id, wordpress.PathBridgePost, "nonce-webhook-3", now-int64(6*time.Minute/time.Second), body)
	otherRoute := signedPluginCall(wp.BridgeSecret, site.Id, wordpress.PathBridgeNotify, "nonce-webhook-4", now, body)
	send := func(h map[string]string) (int, string) {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+wordpress.PathBridgePost, strings.NewReader(string(body)))
		for k, v := range h {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out struct {
			Code string `json:"code"`
		}
		_ = json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out.Code
	}
	for _, c := range []struct {
		name string
		h    map[string]string
		code string
	}{
		{"unsigned", map[string]string{"Content-Type": "application/json", wordpress.HeaderSite: site.Id}, "igny8_bad_signature"},
		{"another secret", forged, "igny8_bad_signature"},
		{"signed for the notify route", otherRoute, "igny8_bad_signature"},
		{"outside the window", old, "igny8_expired"},
	} {
		if status, code := send(c.h); status != 401 || code != c.code {
			t.Errorf("%s: %d %s, want 401 %s", c.name, status, code, c.code)
		}
	}
	if got := reload(t, app, content).GetString("title"); got != title+" (webhook)" {
		t.Fatalf("a refused webhook changed the content: %q", got)
	}
	if status, _ := send(good); status != 200 {
		t.Fatalf("a signed webhook: %d", status)
	}
	if status, code := send(good); status != 401 || code != "igny8_replayed" {
		t.Fatalf("the same webhook again: %d %s", status, code)
	}
}
