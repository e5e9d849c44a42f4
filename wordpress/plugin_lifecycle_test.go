package wordpress_test

import (
	"strings"
	"testing"

	"github.com/igny8/igny8/testapp"
)

// TestPluginLifecycle deletes the plugin the way Plugins > Delete does (its
// uninstall code; the files stay, they are the checkout's) and installs it
// again: nothing it stored is left (options, signature rows, igny8 meta,
// its user and role) while the old IGNY8 plugin's options and post meta,
// under the same prefixes, all stay; a reinstalled plugin is not linked, activation shows
// the notice once and the plugin row links to its settings. It changes the
// plugin site, so it does not run in parallel, and links it back at the end.
func TestPluginLifecycle(t *testing.T) {
	wp := testWP(t, 2)
	testapp.LockWordPress(t, wp.URL) // it changes the plugin site under everyone else
	t.Cleanup(func() { restoreLink(t, wp) })
	if signedStatus(t, wp, wp.BridgeSecret) != 200 {
		t.Fatal("the plugin site is not linked")
	}
	wpEval(t, wp, 2, `$p = wp_insert_post(['post_title' => 'Lifecycle', 'post_content' => '<p>`+runTag+`</p>', 'post_status' => 'draft',
  'meta_input' => ['_igny8_content_id' => 'life`+runTag+`', '_igny8_meta_title' => 'x']]);
wp_insert_post(['post_title' => 'Lifecycle REST', 'post_content' => '<p>`+runTag+`</p><!-- igny8:content:rest`+runTag+` -->', 'post_status' => 'draft',
  'meta_input' => ['_igny8_cluster_id' => 'c`+runTag+`', '_igny8_task_id' => 't`+runTag+`']]);`)
	// (the second is a post igny8 published over core REST: ids, no _igny8_content_id)
	// the old plugin's data, as LEGACY.md describes it
	legacy := `['igny8_api_key', 'igny8_settings', 'igny8_model']`
	wpEval(t, wp, 2, `foreach (`+legacy+` as $o) { update_option($o, 'legacy `+runTag+`'); }
wp_insert_post(['post_title' => 'Legacy `+runTag+`', 'post_status' => 'draft', 'meta_input' => ['_igny8_search_volume' => '880', '_igny8_keyword_ids' => '1,2']]);`)
	t.Cleanup(func() {
		wpEval(t, wp, 2, `foreach (`+legacy+` as $o) { delete_option($o); } global $wpdb;
$wpdb->query("DELETE m FROM {$wpdb->postmeta} m JOIN {$wpdb->posts} p ON p.ID = m.post_id WHERE p.post_title = 'Legacy `+runTag+`'");`)
	})
	// legacyLeft counts the old plugin's options and this test's legacy post's
	// meta (posts igny8 published carry _igny8_keyword_ids too, and those go)
	legacyLeft := func() string {
		return wpEval(t, wp, 2, `global $wpdb;
echo $wpdb->get_var("SELECT COUNT(*) FROM {$wpdb->options} WHERE option_name IN ('igny8_api_key', 'igny8_settings', 'igny8_model')") . ' '
  . $wpdb->get_var("SELECT COUNT(*) FROM {$wpdb->postmeta} m JOIN {$wpdb->posts} p ON p.ID = m.post_id WHERE p.post_title = 'Legacy `+runTag+`' AND m.meta_key IN ('_igny8_search_volume', '_igny8_keyword_ids')");`)
	}
	counts := func() string {
		return wpEval(t, wp, 2, `global $wpdb;
echo $wpdb->get_var("SELECT COUNT(*) FROM {$wpdb->options} WHERE option_name LIKE '%igny8%' AND option_name NOT IN ('igny8_api_key', 'igny8_settings', 'igny8_model')") . ' '
  . $wpdb->get_var("SELECT COUNT(*) FROM {$wpdb->postmeta} WHERE meta_key LIKE '\\_igny8\\_%' AND meta_key NOT IN ('_igny8_search_volume', '_igny8_keyword_ids')") . ' '
  . (get_user_by('login', 'igny8-bridge') ? 1 : 0) . ' ' . (get_role('igny8_publisher') ? 1 : 0);`)
	}
	legacyBefore := legacyLeft()
	if before := strings.Fields(counts()); before[0] == "0" || before[1] == "0" || before[2] != "1" {
		t.Fatalf("nothing to remove: %v", before)
	}
	wpEval(t, wp, 2, `deactivate_plugins('igny8-bridge/igny8-bridge.php'); uninstall_plugin('igny8-bridge/igny8-bridge.php');`)
	if after := counts(); after != "0 0 0 0" {
		t.Fatalf("after uninstall: options, meta, user, role = %s, want 0 0 0 0", after)
	}
	if left := legacyLeft(); left != legacyBefore || left == "0 0" {
		t.Fatalf("the old plugin's options and meta after the Bridge's uninstall: %s, before %s", left, legacyBefore)
	}

	wpEval(t, wp, 2, `activate_plugin('igny8-bridge/igny8-bridge.php');`)
	if code := signedStatus(t, wp, wp.BridgeSecret); code != 401 {
		t.Fatalf("a reinstalled plugin accepts the old secret: %d", code)
	}
	admin := wpAdminLogin(t, wp, 2)
	_, page := admin.get("/wp-admin/plugins.php")
	settings := `href="` + wp.URL + `/wp-admin/options-general.php?page=igny8"`
	if !strings.Contains(page, `igny8-activated`) || !strings.Contains(page, "Link it to your igny8 workspace") {
		t.Fatal("no activation notice after activating")
	}
	if !strings.Contains(page, `<a `+settings+`>Settings</a>`) {
		t.Fatal("the plugin's row has no Settings link")
	}
	if _, page = admin.get("/wp-admin/plugins.php"); strings.Contains(page, `igny8-activated`) {
		t.Fatal("the activation notice shows twice")
	}
	_, page = admin.get(settingsPath)
	if !strings.Contains(pageText(page), "This site is not linked to igny8 yet.") {
		t.Fatalf("settings page of a fresh install: %s", pageText(page))
	}
}

// TestSignatureRowsExpire: a used-signature row older than twice the
// signature window is gone after the next signed request.
func TestSignatureRowsExpire(t *testing.T) {
	t.Parallel()
	wp := testWP(t, 2)
	key := "_igny8_sig_old" + runTag
	wpEval(t, wp, 2, `global $wpdb; $wpdb->insert($wpdb->options, ['option_name' => '`+key+`', 'option_value' => (string) (time() - 3600), 'autoload' => 'no']);`)
	if signedStatus(t, wp, wp.BridgeSecret) != 200 {
		t.Fatal("status")
	}
	if n := wpEval(t, wp, 2, `global $wpdb; echo $wpdb->get_var($wpdb->prepare("SELECT COUNT(*) FROM {$wpdb->options} WHERE option_name = %s", '`+key+`'));`); n != "0" {
		t.Fatal("an expired signature row is still there after a signed request")
	}
}
