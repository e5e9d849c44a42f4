package wordpress_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/wordpress"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// plannedContent adds a cluster, two keywords and a task of site, and a
// content written for the task: what the cluster sync sends.
func plannedContent(t testing.TB, app core.App, site *core.Record, title string) (content, cluster, task *core.Record, keywordIds []string) {
	t.Helper()
	save := func(collection string, fields map[string]any) *core.Record {
		col, _ := app.FindCollectionByNameOrId(collection)
		r := core.NewRecord(col)
		r.Load(map[string]any{"tenant": site.GetString("tenant"), "site": site.Id})
		r.Load(fields)
		if err := app.Save(r); err != nil {
			t.Fatalf("%s: %v", collection, err)
		}
		return r
	}
	cluster = save(collections.Clusters, map[string]any{"name": "Cluster " + title, "status": "active", "keyword_count": 2})
	words := []string{"sync kw one " + runTag + " " + title, "Sync  KW two " + runTag + " " + title}
	for _, w := range words {
		n := strings.Join(strings.Fields(strings.ToLower(w)), " ")
		keywordIds = append(keywordIds, save(collections.Keywords, map[string]any{"keyword": w, "normalized": n, "cluster": cluster.Id, "status": "clustered"}).Id)
	}
	task = save(collections.Tasks, map[string]any{"title": title, "cluster": cluster.Id, "keywords": words, "status": "done"})
	content = newContent(t, app, site, title, 0)
	content.Set("task", task.Id)
	if err := app.Save(content); err != nil {
		t.Fatal(err)
	}
	return content, cluster, task, keywordIds
}

// TestPostMetaAfterPublish: each published post carries its cluster, keyword
// and task ids in post meta — through the plugin, and through core REST where
// the site registers the keys (the plugin installed); a plain WordPress keeps
// no such meta and the result says so. With the plugin the cluster becomes a
// term of its private taxonomy, and the sync's cluster push shows which
// clusters a post covers and which have none.
func TestPostMetaAfterPublish(t *testing.T) {
	t.Parallel()
	w1, w2 := testWP(t, 1), testWP(t, 2)
	for _, c := range []struct {
		name      string
		wp        wpSite
		transport string
		stored    bool
	}{
		{"rest plain WordPress", w1, "rest", false},
		{"rest with the plugin installed", w2, "rest", true},
		{"bridge", w2, "bridge", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			app := testapp.New(t)
			secret := ""
			if c.transport == "bridge" {
				secret = c.wp.BridgeSecret
			}
			site := newSite(t, app, c.wp.URL, c.wp.User, c.wp.AppPassword, c.transport, secret)
			content, cluster, task, kws := plannedContent(t, app, site, "Meta "+c.name+" "+time.Now().Format("150405.000"))
			res, err := wordpress.Publish(context.Background(), app, content.Id)
			if err != nil {
				t.Fatal(err)
			}
			if res.MetaStored != c.stored {
				t.Fatalf("meta_stored %v, want %v (meta %+v)", res.MetaStored, c.stored, res.Meta)
			}
			p := wpPostAs(t, c.wp, res.PostID)
			want := map[string]string{wordpress.MetaClusterID: cluster.Id, wordpress.MetaKeywordIDs: strings.Join(kws, ","), wordpress.MetaTaskID: task.Id}
			for k, v := range want {
				got, _ := p.meta(k).(string)
				if c.stored && got != v {
					t.Errorf("post meta %s = %q, want %q", k, got, v)
				}
				if !c.stored && p.meta(k) != nil {
					t.Errorf("plain WordPress reports meta %s = %v", k, p.meta(k))
				}
			}
			if c.transport != "bridge" {
				return
			}
			// the cluster term, and the map after the sync pushed the clusters
			out := wpEval(t, c.wp, 2, `echo json_encode(wp_get_object_terms(`+itoa(res.PostID)+`, 'igny8_cluster', ['fields' => 'slugs']));`)
			if !strings.Contains(out, `"`+cluster.Id+`"`) {
				t.Fatalf("cluster term of the post: %s", out)
			}
			idle, _, _, _ := plannedContent(t, app, site, "Idle cluster "+time.Now().Format("150405.000"))
			idleTask, _ := app.FindRecordById(collections.Tasks, idle.GetString("task"))
			t.Cleanup(func() {
				// the shared site keeps no terms of this run's clusters
				wpEval(t, c.wp, 2, `foreach (['`+cluster.Id+`','`+idleTask.GetString("cluster")+`'] as $s) { $x = get_term_by('slug', $s, 'igny8_cluster'); if ($x) wp_delete_term($x->term_id, 'igny8_cluster'); }`)
			})
			site = reload(t, app, site)
			sres, err := wordpress.Sync(context.Background(), app, site)
			if err != nil {
				t.Fatalf("sync: %v", err)
			}
			if sres.Clusters == nil {
				t.Fatal("the sync pushed no clusters")
			}
			covered, uncovered := false, false
			for _, row := range sres.Clusters.Map {
				if row.ID == cluster.Id && len(row.Posts) == 1 && row.Posts[0] == res.PostID && row.Keywords == 2 {
					covered = true
				}
				if row.ID == idleTask.GetString("cluster") && len(row.Posts) == 0 {
					uncovered = true
				}
			}
			if !covered || !uncovered {
				t.Fatalf("cluster map %+v: covered %v, uncovered %v", sres.Clusters.Map, covered, uncovered)
			}
			// wp-admin: Posts > igny8 clusters lists both
			page := wpEval(t, c.wp, 2, `wp_set_current_user(1); ob_start(); igny8_cluster_map_page(); echo ob_get_clean();`)
			if !strings.Contains(page, "Cluster Meta bridge") || !strings.Contains(page, "Clusters without a post") || !strings.Contains(page, "Idle cluster") {
				t.Fatalf("cluster map page: %s", page)
			}
		})
	}
}

// wpEditPost edits a post in WordPress as its administrator would: the title
// and one paragraph replaced.
func wpEditPost(t testing.TB, wp wpSite, id int, title, oldPara, newPara string) {
	t.Helper()
	p := wpPostAs(t, wp, id)
	if !strings.Contains(p.Content.Raw, oldPara) {
		t.Fatalf("post %d has no %q: %s", id, oldPara, p.Content.Raw)
	}
	body := map[string]any{"title": title, "content": strings.Replace(p.Content.Raw, oldPara, newPara, 1)}
	if code := wpSend(t, wp, wp.User, wp.AppPassword, http.MethodPost, "/wp/v2/posts/"+itoa(id), body, nil); code != 200 {
		t.Fatalf("edit post %d: %d", id, code)
	}
}

func versionsOf(t testing.TB, app core.App, contentId, source string) []*core.Record {
	t.Helper()
	vs, err := app.FindRecordsByFilter(collections.ContentVersions, "content = {:c} && source = {:s}", "version", 0, 0, dbx.Params{"c": contentId, "s": source})
	if err != nil {
		t.Fatal(err)
	}
	return vs
}

// TestEditsComeBackFromWordPress: a title and a paragraph edited in WordPress
// come back with the sync as a new version "edited in WordPress"; edited again
// while igny8's text has an unpublished edit, they are kept as a version of
// their own and the content records a conflict (igny8's draft untouched), the
// API shows both, publishing waits, and keeping WordPress's text restores it.
func TestEditsComeBackFromWordPress(t *testing.T) {
	t.Parallel()
	for _, transport := range []string{"rest", "bridge"} {
		t.Run(transport, func(t *testing.T) {
			t.Parallel()
			app := testapp.New(t)
			site := sitesFor(t, app)[transport]
			wp := testWP(t, map[string]int{"rest": 1, "bridge": 2}[transport])
			title := "Edits " + transport + " " + time.Now().Format("150405.000")
			content := newContent(t, app, site, title, 1)
			res, err := wordpress.Publish(context.Background(), app, content.Id)
			if err != nil {
				t.Fatal(err)
			}
			content = reload(t, app, content)
			if content.GetString("wp_fingerprint") == "" || content.GetInt("wp_version") != content.GetInt("version") {
				t.Fatalf("publish recorded fingerprint %q, wp_version %d (version %d)", content.GetString("wp_fingerprint"), content.GetInt("wp_version"), content.GetInt("version"))
			}
			// a sync with nothing edited changes no text
			if sres, err := wordpress.Sync(context.Background(), app, reload(t, app, site)); err != nil || sres.Edits != 0 || sres.Conflicts != 0 {
				t.Fatalf("sync without edits: %+v %v", sres, err)
			}

			wpEditPost(t, wp, res.PostID, title+" (edited in WP)", "Text 1.", "A paragraph rewritten in WordPress.")
			sres, err := wordpress.Sync(context.Background(), app, reload(t, app, site))
			if err != nil || sres.Edits != 1 {
				t.Fatalf("sync after the edit: %+v %v", sres, err)
			}
			content = reload(t, app, content)
			if content.GetString("title") != title+" (edited in WP)" || !strings.Contains(content.GetString("html"), "A paragraph rewritten in WordPress.") {
				t.Fatalf("content after the pull: %q %s", content.GetString("title"), content.GetString("html"))
			}
			if strings.Contains(content.GetString("html"), "igny8:content:") || !strings.Contains(content.GetString("html"), `data-igny8-image="`) {
				t.Fatalf("pulled html keeps the marker or lost igny8's figure: %s", content.GetString("html"))
			}
			pulled := versionsOf(t, app, content.Id, collections.VersionWordPress)
			if len(pulled) != 1 || pulled[0].GetInt("version") != content.GetInt("version") || content.GetInt("wp_version") != content.GetInt("version") {
				t.Fatalf("wordpress versions %d, content version %d, wp_version %d", len(pulled), content.GetInt("version"), content.GetInt("wp_version"))
			}

			// an igny8 draft in progress, then another edit in WordPress
			content.Set("html", content.GetString("html")+"<p>igny8's unpublished paragraph.</p>")
			if err := app.Save(content); err != nil {
				t.Fatal(err)
			}
			draftVersion := reload(t, app, content).GetInt("version")
			wpEditPost(t, wp, res.PostID, title+" (edited twice)", "A paragraph rewritten in WordPress.", "Rewritten again in WordPress.")
			sres, err = wordpress.Sync(context.Background(), app, reload(t, app, site))
			if err != nil || sres.Conflicts != 1 || sres.Edits != 0 {
				t.Fatalf("sync with a draft in progress: %+v %v", sres, err)
			}
			content = reload(t, app, content)
			if !strings.Contains(content.GetString("html"), "igny8's unpublished paragraph.") || content.GetInt("version") != draftVersion {
				t.Fatalf("the draft was overwritten: version %d (want %d): %s", content.GetInt("version"), draftVersion, content.GetString("html"))
			}
			pulled = versionsOf(t, app, content.Id, collections.VersionWordPress)
			if len(pulled) != 2 || !strings.Contains(pulled[1].GetString("html"), "Rewritten again in WordPress.") || pulled[1].GetString("title") != title+" (edited twice)" {
				t.Fatalf("WordPress's text not kept as a version: %d versions", len(pulled))
			}
			// the post keeps WordPress's text: publishing waits for a decision
			if _, err := wordpress.Publish(context.Background(), app, content.Id); !errors.Is(err, wordpress.ErrConflict) {
				t.Fatalf("publish during a conflict: %v", err)
			}
			if p := wpPostAs(t, wp, res.PostID); !strings.Contains(p.Content.Raw, "Rewritten again in WordPress.") {
				t.Fatalf("WordPress's edit was overwritten")
			}

			// the API: both sides, then keep WordPress's
			path := "/api/igny8/contents/" + content.Id + "/conflict"
			viewer := testapp.Authorization(t, app, testapp.A, collections.RoleViewer)
			editor := testapp.Authorization(t, app, testapp.A, collections.RoleEditor)
			srv := testapp.HTTPServer(t, app)
			call := func(method, auth, body string) (int, string) {
				req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
				req.Header.Set("Authorization", auth)
				req.Header.Set("Content-Type", "application/json")
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				b, _ := io.ReadAll(resp.Body)
				return resp.StatusCode, string(b)
			}
			if code, body := call(http.MethodGet, viewer, ""); code != 200 || !strings.Contains(body, `"conflict":{"version":`+strconv.Itoa(pulled[1].GetInt("version"))) ||
				!strings.Contains(body, "igny8's unpublished paragraph.") || !strings.Contains(body, "Rewritten again in WordPress.") {
				t.Fatalf("conflict shown: %d %s", code, body)
			}
			if code, _ := call(http.MethodPost, viewer, `{"keep":"wordpress"}`); code != 403 {
				t.Fatalf("a viewer resolved: %d", code)
			}
			if code, body := call(http.MethodPost, editor, `{"keep":"wordpress"}`); code != 200 || !strings.Contains(body, `"keep":"wordpress"`) {
				t.Fatalf("keep WordPress's: %d %s", code, body)
			}
			content = reload(t, app, content)
			if !strings.Contains(content.GetString("html"), "Rewritten again in WordPress.") || strings.Contains(content.GetString("html"), "igny8's unpublished") ||
				content.GetString("wp_conflict") != "null" && content.GetString("wp_conflict") != "" || content.GetInt("wp_version") != content.GetInt("version") {
				t.Fatalf("after keeping WordPress's: conflict %s, wp_version %d, version %d: %s", content.GetString("wp_conflict"), content.GetInt("wp_version"), content.GetInt("version"), content.GetString("html"))
			}
			if _, err := wordpress.Publish(context.Background(), app, content.Id); err != nil {
				t.Fatalf("publish after resolving: %v", err)
			}
		})
	}
}

// signedPluginCall is a call as the plugin signs it (igny8_signed_call).
func signedPluginCall(secret, siteId, path, nonce string, ts int64, body []byte) map[string]string {
	return map[string]string{"Content-Type": "application/json", wordpress.HeaderSite: siteId, wordpress.HeaderTimestamp: strconv.FormatInt(ts, 10),
		wordpress.HeaderNonce: nonce, wordpress.HeaderSignature: wordpress.Sign(secret, http.MethodPost, path, ts, nonce, body)}
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

// TestSettingsSyncBothWays: the mapped settings (SettingsFieldMap) go both
// ways through the plugin, the later change winning per field, and every
// change is recorded in the audit log with the side that won.
func TestSettingsSyncBothWays(t *testing.T) {
	t.Parallel()
	wp := testWP(t, 2)
	app := testapp.New(t)
	site := newSite(t, app, wp.URL, wp.User, wp.AppPassword, "bridge", wp.BridgeSecret)
	t.Cleanup(func() { wpEval(t, wp, 2, `delete_option(igny8_settings_option('`+site.Id+`'));`) })
	wpSet := func(key, value string) {
		if out := wpEval(t, wp, 2, `echo igny8_settings_set('`+site.Id+`', '`+key+`', `+value+`) ? 'ok' : 'refused';`); out != "ok" {
			t.Fatalf("set %s in WordPress: %s", key, out)
		}
	}
	wpValue := func(key string) string {
		return wpEval(t, wp, 2, `$s = igny8_settings_get('`+site.Id+`'); echo isset($s['`+key+`']) ? json_encode($s['`+key+`']['value']) : 'none';`)
	}
	igny8Set := func(key string, v any) {
		site = reload(t, app, site)
		var d map[string]any
		_ = site.UnmarshalJSONField("defaults", &d)
		if d == nil {
			d = map[string]any{}
		}
		d[key] = v
		site.Set("defaults", d)
		if err := app.Save(site); err != nil {
			t.Fatal(err)
		}
	}
	sync := func() *wordpress.SyncResult {
		res, err := wordpress.Sync(context.Background(), app, reload(t, app, site))
		if err != nil {
			t.Fatalf("sync: %v", err)
		}
		return res
	}
	defaults := func() map[string]any {
		var d map[string]any
		_ = reload(t, app, site).UnmarshalJSONField("defaults", &d)
		return d
	}
	audits := func(action, key string) int {
		recs, err := app.FindRecordsByFilter(collections.AuditLog, "target = {:s} && action = {:a} && changes ~ {:k}", "", 0, 0,
			dbx.Params{"s": site.Id, "a": action, "k": `"key":"` + key + `"`})
		if err != nil {
			t.Fatal(err)
		}
		return len(recs)
	}

	// igny8 → WordPress
	igny8Set("post_status", "publish")
	igny8Set("images_per_article", 2)
	igny8Set("categories", []any{"News", "Tips"})
	if res := sync(); len(res.SettingsChanged) != 0 {
		t.Fatalf("first sync changed %+v", res.SettingsChanged)
	}
	if wpValue("post_status") != `"publish"` || wpValue("images_per_article") != "2" || wpValue("categories") != `["News","Tips"]` {
		t.Fatalf("WordPress has %s %s", wpValue("post_status"), wpValue("images_per_article"))
	}
	// WordPress → igny8
	wpSet("images_per_article", "5")
	res := sync()
	if d := defaults(); d["images_per_article"] != float64(5) || len(res.SettingsChanged) != 1 || res.SettingsChanged[0].Winner != wordpress.SideWordPress {
		t.Fatalf("after a WordPress change: %v %+v", d, res.SettingsChanged)
	}
	if audits("site.setting_pulled", "images_per_article") != 1 {
		t.Fatal("the pulled setting is not in the audit log")
	}
	// both change post_status: WordPress last wins
	igny8Set("post_status", "draft")
	wpSet("post_status", "'pending'")
	sync()
	if d := defaults(); d["post_status"] != "pending" || wpValue("post_status") != `"pending"` {
		t.Fatalf("WordPress changed last: igny8 %v, WordPress %s", d["post_status"], wpValue("post_status"))
	}
	// both change it again: igny8 last wins, and WordPress gets it
	wpSet("post_status", "'publish'")
	igny8Set("post_status", "draft")
	sync()
	if d := defaults(); d["post_status"] != "draft" || wpValue("post_status") != `"draft"` {
		t.Fatalf("igny8 changed last: igny8 %v, WordPress %s", d["post_status"], wpValue("post_status"))
	}
	if audits("site.setting_pushed", "post_status") != 1 || audits("site.setting_pulled", "post_status") != 1 {
		t.Fatalf("audit: pushed %d, pulled %d", audits("site.setting_pushed", "post_status"), audits("site.setting_pulled", "post_status"))
	}
	// a value a field does not take is refused on the WordPress side
	if out := wpEval(t, wp, 2, `echo igny8_settings_set('`+site.Id+`', 'post_status', 'trash') ? 'ok' : 'refused';`); out != "refused" {
		t.Fatalf("WordPress took post_status trash: %s", out)
	}
}
