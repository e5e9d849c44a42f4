package wordpress_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/wordpress"
)

// contributor returns the plugin site's contributor login and a fresh
// application password (made inside WordPress; the setup has no contributor).
func contributor(t testing.TB, wp wpSite) (string, string) {
	t.Helper()
	pass := wpEval(t, wp, 2, `$u = get_user_by('login', 'contrib1');
if (!$u) { $u = get_user_by('id', wp_insert_user(['user_login' => 'contrib1', 'user_pass' => wp_generate_password(), 'user_email' => 'contrib1@example.test', 'role' => 'contributor'])); }
$r = WP_Application_Passwords::create_new_application_password($u->ID, ['name' => 'igny8-test-' . wp_generate_password(6, false)]);
echo $r[0];`)
	return "contrib1", pass
}

// TestMetaOnlyBySignedRequests: a contributor's and an author's writes of
// _igny8_content_id and _igny8_image_id through WordPress are refused; and
// when the meta turns up on another post or attachment anyway (any plugin
// can write post meta), igny8 does not take it: sync keeps the content's
// recorded post, and an upload does not reuse a stranger's attachment.
func TestMetaOnlyBySignedRequests(t *testing.T) {
	t.Parallel()
	wp := testWP(t, 2)
	app := testapp.New(t)
	site := sitesFor(t, app)["bridge"]
	content := newContent(t, app, site, "Meta trust "+runTag, 0)
	if _, err := wordpress.Publish(context.Background(), app, content.Id); err != nil {
		t.Fatal(err)
	}
	content = reload(t, app, content)
	url, postID := content.GetString("wp_url"), content.GetInt("wp_post_id")

	cuser, cpass := contributor(t, wp)
	for _, who := range []struct{ user, pass string }{{cuser, cpass}, {wp.AuthorUser, wp.AuthorPassword}} {
		var p rawWPPost
		code := wpSend(t, wp, who.user, who.pass, http.MethodPost, "/wp/v2/posts", map[string]any{"title": "Claim " + runTag, "status": "draft",
			"content": "<p>" + runTag + "</p>", "meta": map[string]any{"_igny8_content_id": content.Id}}, &p)
		if code < 400 {
			t.Fatalf("%s created a post with igny8's content id: %d", who.user, code)
		}
		code = wpSend(t, wp, who.user, who.pass, http.MethodPost, "/wp/v2/posts", map[string]any{"title": "Claim " + runTag, "status": "draft",
			"content": "<p>" + runTag + "</p>"}, &p)
		if code != 201 {
			t.Fatalf("%s post: %d", who.user, code)
		}
		if code := wpSend(t, wp, who.user, who.pass, http.MethodPost, "/wp/v2/posts/"+itoa(p.ID), map[string]any{"meta": map[string]any{"_igny8_content_id": content.Id}}, nil); code < 400 {
			t.Fatalf("%s set igny8's content id on their post: %d", who.user, code)
		}
	}
	// The author's upload, and a meta write by another plugin.
	req, _ := http.NewRequest(http.MethodPost, wp.URL+"/wp-json/wp/v2/media", bytes.NewReader(pngBytes(5)))
	req.Header.Set("Content-Type", "image/png")
	req.Header.Set("Content-Disposition", `attachment; filename="author-`+runTag+`.png"`)
	req.SetBasicAuth(wp.AuthorUser, wp.AuthorPassword)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 201 {
		t.Fatalf("author's upload: %v %v", err, resp)
	}
	var media struct{ ID int }
	_ = jsonDecode(resp, &media)
	t.Cleanup(func() { deleteAttachments(t, wp, media.ID) })
	imageID := "stranger" + runTag
	code := wpSend(t, wp, wp.AuthorUser, wp.AuthorPassword, http.MethodPost, "/wp/v2/media/"+itoa(media.ID), map[string]any{"meta": map[string]any{"_igny8_image_id": imageID}}, nil)
	if code < 400 {
		t.Fatalf("the author set igny8's image id: %d", code)
	}
	intruder := foreignPost(t, wp, "", "Intruder "+runTag)
	wpEval(t, wp, 2, `update_post_meta(`+strconv.Itoa(intruder)+`, '_igny8_content_id', '`+content.Id+`');
update_post_meta(`+strconv.Itoa(media.ID)+`, '_igny8_image_id', '`+imageID+`');
wp_update_post(['ID' => `+strconv.Itoa(intruder)+`, 'post_status' => 'publish']);`)

	if _, err := wordpress.Sync(context.Background(), app, reload(t, app, site)); err != nil {
		t.Fatal(err)
	}
	after := reload(t, app, content)
	if after.GetString("wp_url") != url || after.GetInt("wp_post_id") != postID || after.GetString("publish_status") != collections.PublishPublished {
		t.Fatalf("sync took the intruder's post: wp_url %q (was %q), post %d (was %d)", after.GetString("wp_url"), url, after.GetInt("wp_post_id"), postID)
	}
	m, err := bridgeOf(wp, wp.URL).Upload(context.Background(), wordpress.Upload{ImageID: imageID, Filename: "own.png", MIME: "image/png", Data: pngBytes(6), Alt: runTag})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { deleteAttachments(t, wp, m.ID) })
	if m.ID == media.ID || !m.Created {
		t.Fatalf("the upload reused the author's attachment %d: %+v", media.ID, m)
	}
	if strings.Contains(m.URL, "author-") {
		t.Fatalf("upload URL %s", m.URL)
	}
}

func jsonDecode(resp *http.Response, out any) error {
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(out)
}

// TestSignedRequestsActAsBridgeUser: igny8's signed requests run as the
// plugin's own user, who may publish but has no unfiltered_html and no
// administrator rights, so a leaked secret cannot take the site over.
func TestSignedRequestsActAsBridgeUser(t *testing.T) {
	t.Parallel()
	wp := testWP(t, 2)
	_, body := sendSigned(t, wp.URL, signedReq{method: "GET", path: "/wp-json/igny8/v1/status", route: "/igny8/v1/status", secret: wp.BridgeSecret,
		ts: time.Now().Unix(), nonce: "u" + strconv.FormatInt(time.Now().UnixNano(), 36)})
	for _, want := range []string{`"login":"igny8-bridge"`, `"publish_posts":true`, `"upload_files":true`, `"unfiltered_html":false`, `"manage_options":false`} {
		if !strings.Contains(body, want) {
			t.Fatalf("signed requests act as %s (want %s)", body, want)
		}
	}
}
