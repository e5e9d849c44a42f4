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
        return new WP_Error('igny8_not_linked', 'This site is not linked to igny8 yet: paste a link token in Settings > igny8.', ['status' => 401]);
    }
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
    $key = '_igny8_sig_' . substr($want, 0, 48);
    $inserted = $wpdb->query($wpdb->prepare(
        "INSERT IGNORE INTO {$wpdb->options} (option_name, option_value, autoload) VALUES (%s, %s, 'no')",
        $key,
        (string) time()
    ));
    if ($inserted !== 1) {
        return new WP_Error('igny8_replayed', 'This signed request was already used.', ['status' => 401]);
    }
    if (wp_rand(1, 50) === 1) {
        $wpdb->query($wpdb->prepare(
            "DELETE FROM {$wpdb->options} WHERE option_name LIKE %s AND CAST(option_value AS UNSIGNED) < %d",
            $wpdb->esc_like('_igny8_sig_') . '%',
            time() - 2 * IGNY8_BRIDGE_WINDOW
        ));
    }
    // Act as the linked administrator so capability checks and kses behave as
    // for that user (unfiltered_html keeps the article's markup intact).
    wp_set_current_user(igny8_acting_user());
    return true;
}

/** The user igny8 acts as: the one who linked the site, else the first administrator. */
function igny8_acting_user() {
    $id = (int) get_option('igny8_user_id', 0);
    if ($id && get_userdata($id)) {
        return $id;
    }
    $admins = get_users(['role' => 'administrator', 'number' => 1, 'orderby' => 'ID', 'fields' => 'ID']);
    return $admins ? (int) $admins[0] : 0;
}

function igny8_b64url_decode($s) {
    $s = strtr($s, '-_', '+/');
    $pad = strlen($s) % 4;
    if ($pad) {
        $s .= str_repeat('=', 4 - $pad);
    }
    return base64_decode($s, true);
}

/**
 * Verifies an igny8 link token (a JWT, HS256) and stores the secret it carries.
 * The token is signed with that secret, expires after 12 hours, and names the
 * site it was issued for (aud = this site's home URL). Returns the claims or a
 * WP_Error.
 */
function igny8_apply_link_token($token, $user_id) {
    $parts = explode('.', trim((string) $token));
    if (count($parts) !== 3) {
        return new WP_Error('igny8_bad_token', 'That is not an igny8 link token.', ['status' => 400]);
    }
    $header = json_decode((string) igny8_b64url_decode($parts[0]), true);
    $claims = json_decode((string) igny8_b64url_decode($parts[1]), true);
    $sig = igny8_b64url_decode($parts[2]);
    if (!is_array($header) || !is_array($claims) || $sig === false || ($header['alg'] ?? '') !== 'HS256') {
        return new WP_Error('igny8_bad_token', 'That is not an igny8 link token.', ['status' => 400]);
    }
    $secret = (string) ($claims['sec'] ?? '');
    if (strlen($secret) < 32) {
        return new WP_Error('igny8_bad_token', 'The link token carries no secret.', ['status' => 400]);
    }
    if (!hash_equals(hash_hmac('sha256', $parts[0] . '.' . $parts[1], $secret, true), $sig)) {
        return new WP_Error('igny8_bad_token', 'The link token is damaged (signature mismatch). Copy it again.', ['status' => 400]);
    }
    if (empty($claims['exp']) || (int) $claims['exp'] < time()) {
        return new WP_Error('igny8_token_expired', 'The link token has expired (they last 12 hours). Create a new one in igny8.', ['status' => 400]);
    }
    $aud = $claims['aud'] ?? '';
    $aud = untrailingslashit((string) (is_array($aud) ? ($aud[0] ?? '') : $aud));
    if ($aud !== untrailingslashit(home_url())) {
        return new WP_Error('igny8_token_wrong_site', sprintf('The link token was made for %s, not for this site (%s).', $aud, home_url()), ['status' => 400]);
    }
    update_option('igny8_bridge_secret', $secret, false);
    update_option('igny8_site_id', sanitize_text_field((string) ($claims['sub'] ?? '')), false);
    update_option('igny8_user_id', (int) $user_id, false);
    update_option('igny8_linked_at', gmdate('c'), false);
    return $claims;
}
