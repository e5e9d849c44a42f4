<?php
/**
 * Delete in Plugins removes everything the plugin stored: its options (the
 * secret, the link, the defaults, a waiting link), the used-signature records,
 * the upload announcements, the igny8 post and attachment meta (ids and igny8's
 * own SEO keys), the igny8_cluster terms, and the igny8 user and role (its posts go to the admin who
 * linked the site, else the first administrator). igny8 was told when the
 * plugin was deactivated. The posts and media stay: they are the site's.
 *
 * Only what the Bridge itself wrote goes, by exact name or by a prefix only it
 * uses: the old IGNY8 plugin keeps its data under the same igny8_ and _igny8_
 * prefixes (igny8_api_key, igny8_settings, _igny8_search_volume, …), and an
 * import from it may still be to come.
 */
if (!defined('WP_UNINSTALL_PLUGIN')) {
    exit;
}
global $wpdb;

$bridge = (int) get_option('igny8_bridge_user', 0);
if (!$bridge) {
    $u = get_user_by('login', 'igny8-bridge');
    $bridge = $u ? (int) $u->ID : 0;
}
if ($bridge) {
    $heir = (int) get_option('igny8_user_id', 0);
    if (!$heir || $heir === $bridge || !get_userdata($heir)) {
        $admins = get_users(['role' => 'administrator', 'number' => 1, 'orderby' => 'ID', 'fields' => 'ID']);
        $heir = $admins ? (int) $admins[0] : 0;
    }
    require_once ABSPATH . 'wp-admin/includes/user.php';
    wp_delete_user($bridge, $heir ?: null);
}
remove_role('igny8_publisher');

foreach (['igny8_bridge_managed', 'igny8_bridge_secret', 'igny8_bridge_user', 'igny8_defaults', 'igny8_instance',
    'igny8_linked_at', 'igny8_pending_link', 'igny8_clusters_synced_at', 'igny8_site_id', 'igny8_site_name', 'igny8_user_id', 'igny8_workspace'] as $option) {
    delete_option($option);
}
delete_transient('igny8_activated_notice');
$wpdb->query($wpdb->prepare(
    "DELETE FROM {$wpdb->options} WHERE option_name LIKE %s OR option_name LIKE %s OR option_name LIKE %s OR option_name LIKE %s",
    $wpdb->esc_like('_igny8_sig_') . '%',
    $wpdb->esc_like('igny8_bridge_settings_') . '%',
    $wpdb->esc_like('_transient_igny8_up_') . '%',
    $wpdb->esc_like('_transient_timeout_igny8_up_') . '%'
));
// the ids the old IGNY8 bridge used too: only on the posts igny8 published —
// through the plugin (they carry _igny8_content_id) or over core REST (their
// text carries igny8's marker comment, <!-- igny8:content:ID -->)
$wpdb->query(
    "DELETE m FROM {$wpdb->postmeta} m JOIN {$wpdb->postmeta} c ON c.post_id = m.post_id AND c.meta_key = '_igny8_content_id'
     WHERE m.meta_key IN ('_igny8_cluster_id', '_igny8_keyword_ids', '_igny8_task_id')"
);
$wpdb->query(
    "DELETE m FROM {$wpdb->postmeta} m JOIN {$wpdb->posts} p ON p.ID = m.post_id
     WHERE m.meta_key IN ('_igny8_cluster_id', '_igny8_keyword_ids', '_igny8_task_id') AND p.post_content LIKE '%<!-- igny8:content:%'"
);
$wpdb->query(
    "DELETE FROM {$wpdb->postmeta} WHERE meta_key IN ('_igny8_content_id', '_igny8_image_id', '_igny8_meta_title', '_igny8_meta_description')"
);
// The igny8_cluster terms (the plugin is not loaded here, so by SQL).
$tt = $wpdb->get_results("SELECT term_taxonomy_id, term_id FROM {$wpdb->term_taxonomy} WHERE taxonomy = 'igny8_cluster'");
foreach ($tt as $row) {
    $wpdb->delete($wpdb->term_relationships, ['term_taxonomy_id' => (int) $row->term_taxonomy_id]);
    $wpdb->delete($wpdb->term_taxonomy, ['term_taxonomy_id' => (int) $row->term_taxonomy_id]);
    $wpdb->delete($wpdb->termmeta, ['term_id' => (int) $row->term_id]);
    $wpdb->delete($wpdb->terms, ['term_id' => (int) $row->term_id]);
}
wp_cache_flush();
