<?php
/**
 * Plugin Name: igny8 Bridge
 * Description: Lets igny8 publish to this site through signed requests (works on hosts that strip the Authorization header).
 * Version: 1.0.0
 * Requires at least: 5.6
 * Requires PHP: 7.4
 * Author: igny8
 * License: GPLv2 or later
 */

if (!defined('ABSPATH')) {
    exit;
}

define('IGNY8_BRIDGE_VERSION', '1.0.0');
define('IGNY8_BRIDGE_NS', 'igny8/v1');
// Signed requests older or newer than this many seconds are rejected.
define('IGNY8_BRIDGE_WINDOW', 300);

require_once __DIR__ . '/includes/auth.php';
require_once __DIR__ . '/includes/seo.php';
require_once __DIR__ . '/includes/routes.php';
require_once __DIR__ . '/includes/admin.php';

add_action('init', 'igny8_register_meta');
add_action('rest_api_init', 'igny8_register_routes');
add_action('wp_head', 'igny8_seo_head', 1);
add_filter('pre_get_document_title', 'igny8_seo_document_title', 20);
if (is_admin()) {
    add_action('admin_menu', 'igny8_admin_menu');
    add_action('admin_post_igny8_link', 'igny8_admin_link');
}

/**
 * The igny8 content id on every post igny8 publishes (and the image id on
 * every attachment it uploads): a retried publish finds the post by it, so it
 * decides which post igny8 overwrites. Readable through core REST, but only
 * this plugin's signed routes write it (import-content, upload-image, adopt):
 * an author who could set it through REST could make igny8 update their post.
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
