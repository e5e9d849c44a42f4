package wordpress_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/wordpress"
)

// plugin sends one signed JSON request to the plugin site.
func plugin(t testing.TB, wp wpSite, route string, body string) (int, string) {
	t.Helper()
	return sendSigned(t, wp.URL, signedReq{method: "POST", path: "/wp-json" + route, route: route, secret: wp.BridgeSecret,
		ts: time.Now().Unix(), nonce: "p" + strconv.FormatInt(time.Now().UnixNano(), 36), body: []byte(body)})
}

// pluginPosts returns, per igny8 content id, the post carrying it (0: none),
// read inside WordPress.
func pluginPosts(t testing.TB, wp wpSite, ids []string) map[string]int {
	t.Helper()
	raw, _ := json.Marshal(ids)
	out := wpEval(t, wp, 2, `$o = []; foreach (json_decode('`+string(raw)+`') as $c) { $o[$c] = igny8_find_post($c); } echo json_encode($o);`)
	var m map[string]int
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	return m
}

// TestPluginRefusesLooseInput sends import-content fields of the wrong type
// or shape straight to the plugin: each is refused with 400 naming the field,
// with none of WordPress's internals, and no post is left behind (the checks
// run before anything is written).
func TestPluginRefusesLooseInput(t *testing.T) {
	t.Parallel()
	wp := testWP(t, 2)
	long := strings.Repeat("x", 201)
	cases := []struct{ name, fields, field string }{
		{"array title", `"title":["a","b"]`, "title"},
		{"201-character tag", `"title":"t","tags":["` + long + `"]`, "tags"},
		{"categories as text", `"title":"t","categories":"news"`, "categories"},
		{"unreadable date", `"title":"t","status":"future","date_gmt":"next tuesday"`, "date_gmt"},
		{"future in the past", `"title":"t","status":"future","date_gmt":"2020-01-01T00:00:00Z"`, "date_gmt"},
		{"featured media as text", `"title":"t","featured_media":"12"`, "featured_media"},
		{"seo field not text", `"title":"t","seo":{"title":["x"]}`, "seo"},
		{"unknown status", `"title":"t","content":"<p>` + runTag + `</p>","status":"bogus"`, "status"},
	}
	var ids []string
	for i, c := range cases {
		cid := "loose" + strconv.Itoa(i) + runTag
		ids = append(ids, cid)
		code, body := plugin(t, wp, wordpress.RouteImportContent, `{"content_id":"`+cid+`",`+c.fields+`}`)
		if code != 400 || !strings.Contains(body, `"field":"`+c.field+`"`) {
			t.Errorf("%s: got %d %s, want 400 naming %s", c.name, code, body, c.field)
		}
		for _, internal := range []string{"database", "SQL", "Duplicate", "wp_"} {
			if strings.Contains(body, internal) {
				t.Errorf("%s: the answer shows internals (%q): %s", c.name, internal, body)
			}
		}
	}
	for cid, post := range pluginPosts(t, wp, ids) {
		if post != 0 {
			t.Errorf("a refused import left post %d for %s", post, cid)
		}
	}
}

// TestPublishRefusesLongTag: a tag WordPress cannot store fails the publish
// at once with a permanent error naming the field, over both transports, and
// nothing is sent (no draft is left).
func TestPublishRefusesLongTag(t *testing.T) {
	t.Parallel()
	for _, transport := range []string{"rest", "bridge"} {
		t.Run(transport, func(t *testing.T) {
			t.Parallel()
			app := testapp.New(t)
			site := sitesFor(t, app)[transport]
			c := newContent(t, app, site, "Long tag "+transport+" "+time.Now().Format("150405.000"), 0)
			c.Set("tags", []string{"fine", strings.Repeat("t", 201)})
			if err := app.Save(c); err != nil {
				t.Fatal(err)
			}
			job, err := wordpress.EnqueuePublish(app, c, "publish", "")
			if err != nil {
				t.Fatal(err)
			}
			job = runJob(t, app, job.Id)
			if job.GetString("status") != collections.JobFailed || job.GetInt("attempts") != 1 {
				t.Fatalf("job %s after %d attempts, want failed at once (no retry)", job.GetString("status"), job.GetInt("attempts"))
			}
			if msg := reload(t, app, c).GetString("publish_error"); !strings.Contains(msg, "tags:") {
				t.Fatalf("publish_error %q does not name the field", msg)
			}
			if ids := postsOf(t, app, transport, site, c.Id); len(ids) != 0 {
				t.Fatalf("posts were created: %v", ids)
			}
		})
	}
}
