package wordpress_test

import (
	"context"
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
