package wordpress_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/wordpress"
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
