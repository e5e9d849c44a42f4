package wordpress_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/tools/wpclient"
	"github.com/igny8/igny8/wordpress"
)

// TestLegacyExport reads the old plugin's data through the Bridge plugin of
// test site 2 the way the move-in import does: describe, then pages of a
// table by id (the first page cut by the plugin's byte bound, not its row
// limit), a table without an id column (by primary key and offset), NULLs
// and bytes that are not UTF-8 as they are stored, the old plugin's posts
// with their meta and terms, posts by id, and its options without the
// Bridge's own. A site without the plugin says the export is unsupported.
// It fills site 2 with igny8_* data, so it holds the site's lock.
func TestLegacyExport(t *testing.T) {
	wp := testWP(t, 2)
	testapp.LockWordPress(t, wp.URL)
	tag := runTag[len("igny8run"):]              // 12 hex digits
	tbl, keyed := "igny8_xt"+tag, "igny8_xk"+tag // tables (without the prefix)
	ptype := "igny8_xt" + tag                    // 20 characters, WordPress's cap
	t.Cleanup(func() {
		wpEval(t, wp, 2, fmt.Sprintf(`global $wpdb;
$wpdb->query("DROP TABLE IF EXISTS {$wpdb->prefix}%[1]s, {$wpdb->prefix}%[2]s");
foreach ($wpdb->get_col("SELECT ID FROM {$wpdb->posts} WHERE post_type = '%[3]s'") as $id) { wp_delete_post((int) $id, true); }
$wpdb->query("DELETE t, tt FROM {$wpdb->terms} t JOIN {$wpdb->term_taxonomy} tt ON tt.term_id = t.term_id WHERE tt.taxonomy = '%[3]s'");
$wpdb->query("DELETE FROM {$wpdb->options} WHERE option_name LIKE '%[3]s%%'");`, tbl, keyed, ptype))
	})
	// 1500 rows; the first 600 carry 5000 bytes each, so the first page ends
	// at the plugin's ~2 MB before its 1000 rows
	out := wpEval(t, wp, 2, fmt.Sprintf(`global $wpdb; $p = $wpdb->prefix;
$wpdb->query("CREATE TABLE {$p}%[1]s (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100), raw VARBINARY(10), note TEXT, body LONGTEXT)");
$wpdb->query("CREATE TABLE {$p}%[2]s (k VARCHAR(20) PRIMARY KEY, v TEXT)");
for ($i = 1; $i <= 1500; $i += 100) {
  $vals = [];
  for ($j = $i; $j < $i + 100; $j++) {
    $vals[] = $wpdb->prepare('(%%d, %%s, %%s, %%s)', $j, "row $j", $j <= 600 ? str_repeat('x', 5000) : 'small', $j %% 7 == 0 ? 'seven' : 'other');
  }
  $wpdb->query("INSERT INTO {$p}%[1]s (id, name, body, note) VALUES " . implode(',', $vals));
}
$wpdb->query("UPDATE {$p}%[1]s SET note = NULL WHERE id = 2");
$wpdb->query("UPDATE {$p}%[1]s SET raw = 0xE9FF41 WHERE id = 3");
$vals = [];
for ($j = 1; $j <= 1200; $j++) { $vals[] = $wpdb->prepare('(%%s, %%s)', sprintf('k%%05d', $j), "v$j"); }
$wpdb->query("INSERT INTO {$p}%[2]s (k, v) VALUES " . implode(',', $vals));
$ids = [];
for ($j = 1; $j <= 3; $j++) {
  $ids[] = wp_insert_post(['post_type' => '%[3]s', 'post_title' => "Legacy $j", 'post_status' => 'publish', 'post_content' => 'Body %[4]s',
    'meta_input' => ['_igny8_volume' => (string) (10 * $j), '_igny8_cluster' => 'c' . $j, 'other_meta' => 'not exported']]);
}
$wpdb->insert($wpdb->terms, ['name' => 'Informational', 'slug' => '%[3]s-info']);
$wpdb->insert($wpdb->term_taxonomy, ['term_id' => $wpdb->insert_id, 'taxonomy' => '%[3]s', 'description' => '']);
$wpdb->insert($wpdb->term_relationships, ['object_id' => $ids[1], 'term_taxonomy_id' => $wpdb->insert_id]);
update_option('%[3]s_one', 'first', false);
$wpdb->insert($wpdb->options, ['option_name' => '%[3]s_two', 'option_value' => 'a:1:{i:0;s:3:"two";}', 'autoload' => 'no']);
$plain = wp_insert_post(['post_title' => 'Linked %[4]s', 'post_status' => 'publish', 'post_content' => '<p>linked %[4]s</p>']);
echo implode(',', $ids) . ' ' . $plain;`, tbl, keyed, ptype, runTag))
	var legacyIDs []string
	var plain int64
	if parts := strings.Fields(out); len(parts) == 2 {
		legacyIDs = strings.Split(parts[0], ",")
		fmt.Sscan(parts[1], &plain)
	}
	if len(legacyIDs) != 3 || plain == 0 {
		t.Fatalf("fixture: %q", out)
	}

	app := testapp.New(t)
	site := newSite(t, app, wp.URL, wp.User, wp.AppPassword, "bridge", wp.BridgeSecret)
	tr, err := wordpress.TransportOf(app, site)
	if err != nil {
		t.Fatal(err)
	}
	x, err := tr.(*wordpress.BridgeTransport).LegacyExport(t.Context())
	if err != nil {
		t.Fatalf("describe: %v", err)
	}
	if x.Prefix != "wp_" || x.Database == "" || !slices.Contains(x.Tables, tbl) || !slices.Contains(x.Tables, keyed) ||
		x.PostTypes[ptype] != 3 || x.MaxRows != 1000 || x.PageBytes != 2<<20 || x.Limit != 1000 {
		t.Fatalf("describe: %+v", x.ExportDescription)
	}

	// pages by id: every row once, in order, the first page cut by bytes
	var ids []string
	var cols []string
	if err := x.Table(t.Context(), tbl, func(c []string, r []wordpress.Cell) error {
		cols = c
		ids = append(ids, r[0].Text)
		switch r[0].Text {
		case "2":
			if !r[3].Null {
				t.Errorf("row 2's note is %q, want NULL", r[3].Text)
			}
		case "3":
			if r[2].Text != "\xe9\xffA" || r[2].Null {
				t.Errorf("row 3's raw bytes are %q", r[2].Text)
			}
		case "7":
			if r[3].Text != "seven" {
				t.Errorf("row 7's note %q", r[3].Text)
			}
		}
		return nil
	}); err != nil {
		t.Fatalf("table: %v", err)
	}
	if strings.Join(cols, ",") != "id,name,raw,note,body" || len(ids) != 1500 {
		t.Fatalf("table: columns %v, %d rows", cols, len(ids))
	}
	for i, id := range ids {
		if id != fmt.Sprint(i+1) {
			t.Fatalf("row %d is id %s: not every row once in order", i, id)
		}
	}
	// the byte bound: 1000 rows of the first page would be 3 MB; the plugin
	// stops at ~2 MB (about 420 rows), so 1500 rows take 3 pages, not 2
	if x.Pages != 4 { // describe and three pages
		t.Fatalf("the table took %d calls with describe, want 4 (the first page cut at ~2 MB)", x.Pages)
	}
	small := *x

	// without an id column: by primary key, offset pages of 500
	small.Limit = 500
	var keys []string
	if err := small.Table(t.Context(), keyed, func(c []string, r []wordpress.Cell) error {
		keys = append(keys, r[0].Text)
		return nil
	}); err != nil {
		t.Fatalf("keyed table: %v", err)
	}
	if len(keys) != 1200 || keys[0] != "k00001" || keys[1199] != "k01200" || !slices.IsSorted(keys) || len(slices.Compact(slices.Clone(keys))) != 1200 {
		t.Fatalf("keyed table: %d keys, first %v", len(keys), keys[:min(3, len(keys))])
	}
	if err := small.Table(t.Context(), "posts", func([]string, []wordpress.Cell) error { return nil }); err == nil {
		t.Fatal("the export read a table that is not the old plugin's")
	}

	// the old plugin's posts, one a page: meta (only _igny8_*), terms
	small.Limit = 1
	var posts []wordpress.ExportPost
	if err := small.Posts(t.Context(), []string{ptype}, func(p wordpress.ExportPost) error {
		posts = append(posts, p)
		return nil
	}); err != nil {
		t.Fatalf("posts: %v", err)
	}
	if len(posts) != 3 {
		t.Fatalf("posts: %d", len(posts))
	}
	for i, p := range posts {
		meta := map[string]string{}
		for _, m := range p.Meta {
			meta[m[0].Text] = m[1].Text
		}
		if p.ID.Text != legacyIDs[i] || p.Title.Text != fmt.Sprintf("Legacy %d", i+1) || p.PostType.Text != ptype ||
			meta["_igny8_volume"] != fmt.Sprint(10*(i+1)) || meta["_igny8_cluster"] != fmt.Sprintf("c%d", i+1) || len(meta) != 2 {
			t.Fatalf("post %d: %+v", i, p)
		}
		if (i == 1) != (len(p.Terms) == 1) || (i == 1 && (p.Terms[0][0].Text != ptype || p.Terms[0][1].Text != "Informational")) {
			t.Fatalf("post %d terms: %+v", i, p.Terms)
		}
	}
	var byID []string
	if err := x.PostsByID(t.Context(), []int64{plain, 987654321}, func(p wordpress.ExportPost) error {
		byID = append(byID, p.ID.Text+" "+p.Title.Text+" "+p.Status.Text)
		return nil
	}); err != nil || len(byID) != 1 || byID[0] != fmt.Sprintf("%d Linked %s publish", plain, runTag) {
		t.Fatalf("posts by id: %v %v", byID, err)
	}

	// options, one a page: the old plugin's, never the Bridge's own
	small.Limit = 1
	opts := map[string]string{}
	if err := small.Options(t.Context(), false, func(o wordpress.ExportOption) error {
		opts[o.Name.Text] = o.Value.Text
		return nil
	}); err != nil {
		t.Fatalf("options: %v", err)
	}
	if opts[ptype+"_one"] != "first" || opts[ptype+"_two"] != `a:1:{i:0;s:3:"two";}` {
		t.Fatalf("options: %v", opts)
	}
	for name := range opts {
		if strings.HasPrefix(name, "igny8_bridge") {
			t.Fatalf("the export holds the Bridge's own option %s", name)
		}
	}

	// a site without the plugin (site 1) has no export route
	w1 := testWP(t, 1)
	old := newSite(t, app, w1.URL, w1.User, w1.AppPassword, "bridge", "a-secret-site-1-never-checks")
	otr, err := wordpress.TransportOf(app, old)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := otr.(*wordpress.BridgeTransport).LegacyExport(t.Context()); !errors.Is(err, wordpress.ErrExportUnsupported) {
		t.Fatalf("a site without the export route: %v", err)
	}
	// a wrong secret is refused by the plugin (every page is signed)
	bad := newSite(t, app, wp.URL, wp.User, wp.AppPassword, "bridge", "not-the-site-secret")
	btr, _ := wordpress.TransportOf(app, bad)
	var ae *wpclient.APIError
	if _, err := btr.(*wordpress.BridgeTransport).LegacyExport(t.Context()); !errors.As(err, &ae) || ae.Status != 401 {
		t.Fatalf("a wrong secret: %v", err)
	}
}
