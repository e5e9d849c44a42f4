<?php
/**
 * Delete in Plugins removes everything the plugin stored: its options (the
 * secret, the link, the defaults, a waiting link), the used-signature records,
 * the upload announcements, the igny8 post and attachment meta (ids and igny8's
 * own SEO keys), and the igny8 user and role (its posts go to the admin who
 * linked the site, else the first administrator). igny8 was told when the
 * plugin was deactivated. The posts and media stay: they are the site's.
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

$wpdb->query($wpdb->prepare(
    "DELETE FROM {$wpdb->options} WHERE option_name LIKE %s OR option_name LIKE %s OR option_name LIKE %s OR option_name LIKE %s",
    $wpdb->esc_like('igny8_') . '%',
    $wpdb->esc_like('_igny8_') . '%',
    $wpdb->esc_like('_transient_igny8_') . '%',
    $wpdb->esc_like('_transient_timeout_igny8_') . '%'
));
$wpdb->query($wpdb->prepare(
    "DELETE FROM {$wpdb->postmeta} WHERE meta_key LIKE %s",
    $wpdb->esc_like('_igny8_') . '%'
));
wp_cache_flush();
