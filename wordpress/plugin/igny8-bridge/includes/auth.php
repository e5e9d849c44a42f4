<?php
if (!defined('ABSPATH')) {
    exit;
}

/**
 * permission_callback of every signed route. The request must carry
 * X-Igny8-Timestamp (unix seconds, within IGNY8_BRIDGE_WINDOW of now),
 * X-Igny8-Nonce (random, 8-64 characters) and X-Igny8-Signature =
 * hex(HMAC-SHA256(secret, METHOD "\n" ROUTE "\n" TIMESTAMP "\n" NONCE "\n"
 * hex(SHA256(body)))). ROUTE is the REST route (/igny8/v1/...), the same
 * with pretty permalinks and with ?rest_route=. Each signature is accepted
 * once: it is recorded with an INSERT IGNORE on the options table's unique
 * option_name, so two concurrent copies cannot both pass.
 */
function igny8_verify_request(WP_REST_Request $req) {
    $secret = (string) get_option('igny8_bridge_secret', '');
    if ($secret === '') {
        return new WP_Error('igny8_not_linked', __('This site is not linked to igny8 yet: paste a link token in Settings > igny8.', 'igny8-bridge'), ['status' => 401]);
    }
    $ok = igny8_check_signature($req, $secret);
    if (is_wp_error($ok)) {
        return $ok;
    }
    // Act as the dedicated igny8 user: it may publish, upload and manage
    // categories, but has no unfiltered_html and no administrator rights, so
    // a leaked secret cannot take the site over.
    $uid = igny8_ensure_bridge_user();
    if (!$uid) {
        return new WP_Error('igny8_no_user', __('The igny8 publishing user could not be created.', 'igny8-bridge'), ['status' => 500]);
    }
    wp_set_current_user($uid);
    // igny8's own change: the post-changed webhook does not echo it back
    $GLOBALS['igny8_signed_request'] = true;
    return true;
}

/**
 * Checks a request's signature with $secret and records it as used. Expired
 * records are purged on every signed request (an indexed range of the options
 * table), so they never pile up.
 */
function igny8_check_signature(WP_REST_Request $req, $secret) {
    $sig = strtolower(trim((string) $req->get_header('x_igny8_signature')));
    $ts = trim((string) $req->get_header('x_igny8_timestamp'));
    $nonce = trim((string) $req->get_header('x_igny8_nonce'));
    if ($sig === '' || $ts === '' || $nonce === '') {
        return new WP_Error('igny8_unsigned', 'The request is not signed (X-Igny8-Signature, X-Igny8-Timestamp and X-Igny8-Nonce are required).', ['status' => 401]);
    }
    if (!preg_match('/^[A-Za-z0-9_-]{8,64}$/', $nonce)) {
        return new WP_Error('igny8_bad_signature', 'X-Igny8-Nonce must be 8-64 letters, digits, _ or -.', ['status' => 401]);
    }
    if (!ctype_digit($ts) || abs(time() - (int) $ts) > IGNY8_BRIDGE_WINDOW) {
        return new WP_Error('igny8_expired', 'The request timestamp is outside the 5-minute window (check the server clocks).', ['status' => 401]);
    }
    $base = strtoupper($req->get_method()) . "\n" . $req->get_route() . "\n" . $ts . "\n" . $nonce . "\n" . hash('sha256', $req->get_body());
    $want = hash_hmac('sha256', $base, $secret);
    if (!hash_equals($want, $sig)) {
        return new WP_Error('igny8_bad_signature', 'The request signature does not match this site\'s igny8 secret.', ['status' => 401]);
    }
    global $wpdb;
    $wpdb->query($wpdb->prepare(
        "DELETE FROM {$wpdb->options} WHERE option_name LIKE %s AND CAST(option_value AS UNSIGNED) < %d",
        $wpdb->esc_like('_igny8_sig_') . '%',
        time() - 2 * IGNY8_BRIDGE_WINDOW
    ));
    $inserted = $wpdb->query($wpdb->prepare(
        "INSERT IGNORE INTO {$wpdb->options} (option_name, option_value, autoload) VALUES (%s, %s, 'no')",
        '_igny8_sig_' . substr($want, 0, 48),
        (string) time()
    ));
    if ($inserted !== 1) {
        return new WP_Error('igny8_replayed', 'This signed request was already used.', ['status' => 401]);
    }
    return true;
}

/** The login and role of the user signed requests act as. */
define('IGNY8_BRIDGE_LOGIN', 'igny8-bridge');
define('IGNY8_BRIDGE_ROLE', 'igny8_publisher');

/**
 * What publishing needs, and nothing more: write, publish and update posts
 * (including the posts an igny8 admin adopted, hence edit_others_posts),
 * upload images, create categories and tags. No unfiltered_html (WordPress
 * filters the markup as for an editor without it), no users, options,
 * plugins or themes.
 */
function igny8_bridge_caps() {
    return [
        'read' => true,
        'edit_posts' => true,
        'edit_others_posts' => true,
        'edit_published_posts' => true,
        'edit_private_posts' => true,
        'read_private_posts' => true,
        'publish_posts' => true,
        'upload_files' => true,
        'manage_categories' => true,
    ];
}

/** Creates (or repairs) the igny8 role and user; returns the user id or 0. */
function igny8_ensure_bridge_user() {
    $role = get_role(IGNY8_BRIDGE_ROLE);
    if (!$role) {
        $role = add_role(IGNY8_BRIDGE_ROLE, 'igny8 publisher', igny8_bridge_caps());
    } elseif ($role->capabilities != igny8_bridge_caps()) {
        foreach (array_keys($role->capabilities) as $cap) {
            $role->remove_cap($cap);
        }
        foreach (igny8_bridge_caps() as $cap => $grant) {
            $role->add_cap($cap, $grant);
        }
    }
    $id = (int) get_option('igny8_bridge_user', 0);
    $u = $id ? get_userdata($id) : false;
    if (!$u) {
        $u = get_user_by('login', IGNY8_BRIDGE_LOGIN);
    }
    if (!$u) {
        $id = wp_insert_user([
            'user_login' => IGNY8_BRIDGE_LOGIN,
            'user_pass' => wp_generate_password(64, true, true),
            'display_name' => 'igny8',
            'role' => IGNY8_BRIDGE_ROLE,
        ]);
        if (is_wp_error($id)) {
            return 0;
        }
        $u = get_userdata($id);
    }
    if ($u->roles !== [IGNY8_BRIDGE_ROLE]) {
        $u->set_role(IGNY8_BRIDGE_ROLE);
    }
    if ((int) get_option('igny8_bridge_user', 0) !== (int) $u->ID) {
        update_option('igny8_bridge_user', (int) $u->ID, false);
    }
    return (int) $u->ID;
}

/** Nobody signs in as the igny8 user: it only exists for signed requests. */
function igny8_refuse_bridge_login($user) {
    if ($user instanceof WP_User && (int) $user->ID === (int) get_option('igny8_bridge_user', 0)) {
        return new WP_Error('igny8_no_login', __('This account is used by the igny8 Bridge plugin and cannot sign in.', 'igny8-bridge'));
    }
    return $user;
}

function igny8_no_app_passwords_for_bridge_user($available, $user) {
    if ($user instanceof WP_User && (int) $user->ID === (int) get_option('igny8_bridge_user', 0)) {
        return false;
    }
    return $available;
}

function igny8_b64url_decode($s) {
    $s = strtr($s, '-_', '+/');
    $pad = strlen($s) % 4;
    if ($pad) {
        $s .= str_repeat('=', 4 - $pad);
    }
    return base64_decode($s, true);
}
