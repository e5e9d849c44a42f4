<?php
if (!defined('ABSPATH')) {
    exit;
}

/*
 * Changes made in WordPress reach igny8 as they happen: when someone saves,
 * trashes or restores a post igny8 published (it carries _igny8_content_id),
 * the plugin sends the post as pull-updates reports it to the linked igny8,
 * POST {instance}/api/igny8/bridge/post, signed like every notify call (the
 * site's secret, a timestamp igny8 holds to its 5-minute window and a nonce;
 * igny8 accepts each signature once). igny8's own signed requests send
 * nothing (igny8 knows what it wrote). Best effort: a webhook that does not
 * arrive is caught up by igny8's next sync (pull-updates).
 */

/** Post ids changed in this request, sent once each when it ends. */
$GLOBALS['igny8_changed_posts'] = [];

/** Set by igny8_verify_request: this request is igny8's own. */
$GLOBALS['igny8_signed_request'] = false;

function igny8_post_changed($post_id) {
    $post_id = (int) $post_id;
    if ($GLOBALS['igny8_signed_request'] || get_post_type($post_id) !== 'post' || wp_is_post_revision($post_id) || wp_is_post_autosave($post_id)) {
        return;
    }
    if ((string) get_post_meta($post_id, '_igny8_content_id', true) === '' || !igny8_current_link()) {
        return;
    }
    if (!$GLOBALS['igny8_changed_posts']) {
        add_action('shutdown', 'igny8_send_changed_posts');
    }
    $GLOBALS['igny8_changed_posts'][$post_id] = true;
}

function igny8_send_changed_posts() {
    foreach (array_keys($GLOBALS['igny8_changed_posts']) as $id) {
        if (get_post($id)) {
            igny8_signed_call('/api/igny8/bridge/post', ['event' => 'post_changed', 'home' => untrailingslashit(home_url()), 'post' => igny8_post_summary($id)], 10);
        }
    }
    $GLOBALS['igny8_changed_posts'] = [];
}

/**
 * A signed POST to the linked igny8 at $route (its path, part of the
 * signature): X-Igny8-Site names the igny8 site, the rest is the scheme
 * igny8 signs its own requests with. Returns whether igny8 answered 200.
 */
function igny8_signed_call($route, array $payload, $timeout) {
    $link = igny8_current_link();
    if (!$link || $link['instance'] === '' || $link['site_id'] === '') {
        return false;
    }
    $body = wp_json_encode($payload);
    $ts = (string) time();
    $nonce = wp_generate_password(24, false);
    $base = "POST\n" . $route . "\n" . $ts . "\n" . $nonce . "\n" . hash('sha256', $body);
    $r = igny8_call_instance($link['instance'] . $route, [
        'timeout' => $timeout,
        'headers' => [
            'Content-Type' => 'application/json',
            'X-Igny8-Site' => $link['site_id'],
            'X-Igny8-Timestamp' => $ts,
            'X-Igny8-Nonce' => $nonce,
            'X-Igny8-Signature' => hash_hmac('sha256', $base, (string) get_option('igny8_bridge_secret')),
        ],
        'body' => $body,
    ]);
    return !is_wp_error($r) && (int) wp_remote_retrieve_response_code($r) === 200;
}
