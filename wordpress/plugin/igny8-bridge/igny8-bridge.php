<?php
/**
 * Plugin Name: igny8 Bridge
 * Plugin URI: https://igny8.com/
 * Description: Lets igny8 publish to this site through signed requests (works on hosts that strip the Authorization header).
 * Version: 1.3.0
 * Requires at least: 5.9
 * Requires PHP: 7.4
 * Author: igny8
 * License: GPLv2 or later
 * License URI: https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain: igny8-bridge
 * Domain Path: /languages
 */

if (!defined('ABSPATH')) {
    exit;
}

// The version is the header's (make plugin writes both from one value).
define('IGNY8_BRIDGE_VERSION', '1.3.0');
define('IGNY8_BRIDGE_NS', 'igny8/v1');
define('IGNY8_BRIDGE_FILE', __FILE__);
// Signed requests older or newer than this many seconds are rejected.
define('IGNY8_BRIDGE_WINDOW', 300);

require_once __DIR__ . '/includes/auth.php';
require_once __DIR__ . '/includes/link.php';
require_once __DIR__ . '/includes/seo.php';
require_once __DIR__ . '/includes/routes.php';
require_once __DIR__ . '/includes/clusters.php';
require_once __DIR__ . '/includes/webhook.php';
require_once __DIR__ . '/includes/settings.php';
require_once __DIR__ . '/includes/admin.php';
require_once __DIR__ . '/includes/handover.php';
require_once __DIR__ . '/includes/export.php';

add_action('init', 'igny8_register_meta');
add_action('init', 'igny8_register_cluster_meta');
add_action('init', 'igny8_register_cluster_taxonomy');
add_action('wp_after_insert_post', 'igny8_post_changed', 10, 1);
add_action('trashed_post', 'igny8_post_changed', 10, 1);
add_action('untrashed_post', 'igny8_post_changed', 10, 1);
add_action('init', 'igny8_load_textdomain');
add_action('rest_api_init', 'igny8_register_routes');
add_action('rest_api_init', 'igny8_register_handover_routes');
add_action('rest_api_init', 'igny8_register_export_routes');
add_filter('pre_schedule_event', 'igny8_block_legacy_schedule', 10, 2);
add_action('wp_head', 'igny8_seo_head', 1);
add_filter('pre_get_document_title', 'igny8_seo_document_title', 20);
add_filter('wp_authenticate_user', 'igny8_refuse_bridge_login', 10, 1);
add_filter('wp_is_application_passwords_available_for_user', 'igny8_no_app_passwords_for_bridge_user', 10, 2);
register_activation_hook(__FILE__, 'igny8_activate');
register_deactivation_hook(__FILE__, 'igny8_deactivate');
if (is_admin()) {
    add_action('admin_menu', 'igny8_admin_menu');
    add_action('admin_menu', 'igny8_cluster_map_menu');
    add_action('admin_notices', 'igny8_admin_notices');
    add_action('admin_notices', 'igny8_managed_notice');
    add_filter('plugin_action_links_' . plugin_basename(__FILE__), 'igny8_action_links');
}

function igny8_load_textdomain() {
    load_plugin_textdomain('igny8-bridge', false, dirname(plugin_basename(IGNY8_BRIDGE_FILE)) . '/languages');
}

/** Activation: the publishing role and user, and a one-time notice pointing to Settings > igny8. */
function igny8_activate() {
    igny8_ensure_bridge_user();
    set_transient('igny8_activated_notice', 1, HOUR_IN_SECONDS);
}

/**
 * Deactivation tells the linked igny8, so the site shows as disconnected there
 * instead of failing its next publish. The link itself stays: activating the
 * plugin again and running a connection check in igny8 resumes it.
 */
function igny8_deactivate() {
    igny8_notify_instance('deactivated');
}

/**
 * The igny8 content id on every post igny8 publishes (and the image id on
 * every attachment it uploads): a retried publish finds the post by it, so it
 * decides which post igny8 overwrites. Readable through core REST, but only
 * this plugin's signed routes write it (import-content, upload-image, adopt):
 * an author who could set it through REST could make igny8 update their post.
 * The keys start with "_", so WordPress's custom-fields box never offers them.
 */
function igny8_register_meta() {
    $nobody = function () {
        return false;
    };
    register_post_meta('post', '_igny8_content_id', [
        'type' => 'string',
        'single' => true,
        'show_in_rest' => true,
        'auth_callback' => $nobody,
    ]);
    register_post_meta('attachment', '_igny8_image_id', [
        'type' => 'string',
        'single' => true,
        'show_in_rest' => true,
        'auth_callback' => $nobody,
    ]);
}
