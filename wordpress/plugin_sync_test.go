package wordpress_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/wordpress"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// TestSyncPagesThrough: 600 posts changed in WordPress (three hours ago, so
// the sync's 10-minute overlap cannot hide a watermark that jumped) are all
// synced. The first sync fails on its second page: it keeps what it read and
// moves last_sync only to the last change read, and the next sync reads the
// rest.
func TestSyncPagesThrough(t *testing.T) {
	t.Parallel()
	wp := testWP(t, 2)
	app := testapp.New(t)
	proxy := newFaultProxy(t, wp.URL)
	site := newSite(t, app, proxy.URL, wp.User, wp.AppPassword, "bridge", wp.BridgeSecret)
	const n = 600
	cc, _ := app.FindCollectionByNameOrId(collections.Contents)
	ids := make([]string, n)
	if err := app.RunInTransaction(func(tx core.App) error {
		for i := range ids {
			c := core.NewRecord(cc)
			c.Load(map[string]any{"tenant": site.GetString("tenant"), "site": site.Id, "title": "Page " + strconv.Itoa(i), "html": "<p>x</p>",
				"status": "approved", "publish_status": collections.PublishNone})
			if err := tx.Save(c); err != nil {
				return err
			}
			ids[i] = c.Id
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d contents made", n)
	raw, _ := json.Marshal(ids)
	// Inserted straight into the tables: 600 posts through REST would take minutes.
	out := wpEval(t, wp, 2, `global $wpdb; $base = time() - 3 * 3600; $out = [];
foreach (json_decode('`+string(raw)+`') as $i => $cid) {
  $gmt = gmdate('Y-m-d H:i:s', $base + $i); $local = get_date_from_gmt($gmt);
  $wpdb->insert($wpdb->posts, ['post_author' => 1, 'post_title' => "Sync page $i", 'post_content' => '<p>`+runTag+`</p>', 'post_excerpt' => '`+runTag+`',
    'post_status' => 'publish', 'post_name' => 'sync-page-`+runTag+`-' . $i, 'post_type' => 'post', 'to_ping' => '', 'pinged' => '', 'post_content_filtered' => '',
    'post_date' => $local, 'post_date_gmt' => $gmt, 'post_modified' => $local, 'post_modified_gmt' => $gmt]);
  $id = (int) $wpdb->insert_id; $out[$cid] = $id;
  $wpdb->insert($wpdb->postmeta, ['post_id' => $id, 'meta_key' => '_igny8_content_id', 'meta_value' => $cid]);
}
echo json_encode($out);`)
	var posts map[string]int
	if err := json.Unmarshal([]byte(out), &posts); err != nil || len(posts) != n {
		t.Fatalf("insert: %v %s", err, out)
	}
	t.Cleanup(func() {
		var s []string
		for _, id := range posts {
			s = append(s, strconv.Itoa(id))
		}
		wpEval(t, wp, 2, `foreach ([`+strings.Join(s, ",")+`] as $id) { wp_delete_post($id, true); }`)
	})
	if err := app.RunInTransaction(func(tx core.App) error {
		for cid, pid := range posts {
			c, err := tx.FindRecordById(collections.Contents, cid)
			if err != nil {
				return err
			}
			c.Set("wp_post_id", pid)
			if err := tx.SaveNoValidate(c); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d posts made and recorded", n)

	var pulls atomic.Int32
	pull := routeIs(http.MethodPost, wordpress.RoutePullUpdates)
	proxy.failOnce(func(r *http.Request) bool { return pull(r) && pulls.Add(1) == 2 }, false)
	site = reload(t, app, site)
	if _, err := wordpress.Sync(context.Background(), app, site); err == nil {
		t.Fatal("the sync whose second page failed succeeded")
	}
	site = reload(t, app, site)
	last := site.GetDateTime("last_sync").Time()
	if last.IsZero() || last.After(time.Now().Add(-2*time.Hour)) {
		t.Fatalf("after a failed page last_sync is %v: it must stay at the last change read (about 3 hours ago)", last)
	}
	t.Logf("first sync failed as meant, last_sync %v", last)
	res, err := wordpress.Sync(context.Background(), app, site)
	if err != nil {
		t.Fatal(err)
	}
	synced, err := app.CountRecords(collections.Contents, dbx.HashExp{"site": site.Id, "publish_status": collections.PublishPublished})
	if err != nil || synced != n {
		t.Fatalf("%d of %d changed posts were synced (%+v, %v)", synced, n, res, err)
	}
}

// TestSyncFindsFreshDrafts: a draft the plugin just made (WordPress leaves
// its post_modified_gmt at zero) is among the changes, with a real date.
func TestSyncFindsFreshDrafts(t *testing.T) {
	t.Parallel()
	wp := testWP(t, 2)
	tr := bridgeOf(wp, wp.URL)
	ctx := context.Background()
	cid := "fresh" + runTag
	p, err := tr.Draft(ctx, wordpress.Draft{ContentID: cid, Title: "Fresh draft", HTML: "<p>" + runTag + "</p>"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { wpEval(t, wp, 2, `wp_delete_post(`+strconv.Itoa(p.ID)+`, true);`) })
	if p.Modified.IsZero() || time.Since(p.Modified).Abs() > time.Hour {
		t.Fatalf("the draft's modified time is %v", p.Modified)
	}
	list, err := tr.Updates(ctx, time.Now().Add(-5*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range list {
		if u.ID == p.ID {
			return
		}
	}
	t.Fatalf("the fresh draft %d is not among %d changes", p.ID, len(list))
}
