<?php
if (!defined('ABSPATH')) {
    exit;
}

/*
 * Linking: an igny8 link token (a JWT, HS256) names the igny8 instance that
 * issued it (iss: its public URL), the workspace and site it is for (ws, name,
 * sub), this site's address (aud) and carries the bridge secret (sec). Its
 * signature is made with that same secret, so it only proves the token was not
 * damaged in copy-paste, not who made it. So nothing is stored until the owner
 * confirmed who asks and the instance at iss confirmed it issued the token
 * (POST {iss}/api/igny8/bridge/confirm). When WordPress cannot reach igny8 (a
 * laptop or LAN install), the link waits with a confirmation code the owner
 * types into igny8, which then sends it back here in a request signed with the
 * token's secret (POST /igny8/v1/confirm-link).
 */

/** How long a confirmation code waits for igny8. */
define('IGNY8_CODE_TTL', HOUR_IN_SECONDS);

/** Reads and checks a link token; returns its claims or a WP_Error. */
function igny8_parse_link_token($token) {
    $bad = new WP_Error('igny8_bad_token', __('That is not an igny8 link token.', 'igny8-bridge'), ['status' => 400]);
    if (!is_string($token)) {
        return $bad;
    }
    $parts = explode('.', trim($token));
    if (count($parts) !== 3) {
        return $bad;
    }
    $header = json_decode((string) igny8_b64url_decode($parts[0]), true);
    $claims = json_decode((string) igny8_b64url_decode($parts[1]), true);
    $sig = igny8_b64url_decode($parts[2]);
    if (!is_array($header) || !is_array($claims) || $sig === false || ($header['alg'] ?? '') !== 'HS256') {
        return $bad;
    }
    $secret = $claims['sec'] ?? '';
    if (!is_string($secret) || strlen($secret) < 32) {
        return new WP_Error('igny8_bad_token', __('The link token carries no secret.', 'igny8-bridge'), ['status' => 400]);
    }
    if (!hash_equals(hash_hmac('sha256', $parts[0] . '.' . $parts[1], $secret, true), $sig)) {
        return new WP_Error('igny8_bad_token', __('The link token is damaged (signature mismatch). Copy it again.', 'igny8-bridge'), ['status' => 400]);
    }
    if (empty($claims['exp']) || !is_numeric($claims['exp']) || (int) $claims['exp'] < time()) {
        return new WP_Error('igny8_token_expired', __('The link token has expired (they last 12 hours). Create a new one in igny8 (Sites → Connect with the plugin).', 'igny8-bridge'), ['status' => 400]);
    }
    $aud = $claims['aud'] ?? '';
    $aud = untrailingslashit((string) (is_array($aud) ? ($aud[0] ?? '') : $aud));
    if ($aud !== untrailingslashit(home_url())) {
        return new WP_Error('igny8_token_wrong_site', __('The link token was made for another site address, not for this site. In igny8, check the site\'s URL and create a new token.', 'igny8-bridge'), ['status' => 400]);
    }
    $iss = is_string($claims['iss'] ?? null) ? untrailingslashit($claims['iss']) : '';
    $u = wp_parse_url($iss);
    if ($iss === '' || !$u || !in_array($u['scheme'] ?? '', ['http', 'https'], true) || empty($u['host']) || isset($u['user']) || isset($u['query'])) {
        return new WP_Error('igny8_bad_token', __('The link token does not say which igny8 issued it. Create a new one in igny8.', 'igny8-bridge'), ['status' => 400]);
    }
    $sub = is_string($claims['sub'] ?? null) ? $claims['sub'] : '';
    if (!preg_match('/^[A-Za-z0-9_-]{1,64}$/', $sub)) {
        return $bad;
    }
    return [
        'instance' => $iss,
        'site_id' => $sub,
        'workspace' => igny8_line($claims['ws'] ?? '', 80),
        'site_name' => igny8_line($claims['name'] ?? '', 80),
        'secret' => $secret,
        'jti' => igny8_line($claims['jti'] ?? '', 64),
        'exp' => (int) $claims['exp'],
    ];
}

/** One line of plain text of at most $max characters (names from a token). */
function igny8_line($s, $max) {
    if (!is_string($s)) {
        return '';
    }
    $s = trim(preg_replace('/\s+/u', ' ', wp_strip_all_tags($s)));
    return function_exists('mb_substr') ? mb_substr($s, 0, $max) : substr($s, 0, $max);
}

/** The link this site has now, or null. */
function igny8_current_link() {
    $secret = (string) get_option('igny8_bridge_secret', '');
    if ($secret === '') {
        return null;
    }
    return [
        'instance' => (string) get_option('igny8_instance', ''),
        'site_id' => (string) get_option('igny8_site_id', ''),
        'workspace' => (string) get_option('igny8_workspace', ''),
        'site_name' => (string) get_option('igny8_site_name', ''),
        'linked_at' => (string) get_option('igny8_linked_at', ''),
    ];
}

/** Whether linking $claims replaces a link to another igny8 instance or site. */
function igny8_replaces_link($claims) {
    $cur = igny8_current_link();
    return $cur && ($cur['instance'] !== $claims['instance'] || $cur['site_id'] !== $claims['site_id']);
}

/**
 * Runs an HTTP call to igny8 through WordPress's safe client (no private
 * addresses other than this site's own host, no redirects to them). The port
 * of the instance the owner confirmed is allowed for this one call.
 */
function igny8_call_instance($url, array $args) {
    $port = (int) wp_parse_url($url, PHP_URL_PORT);
    $allow = function ($ports) use ($port) {
        if ($port) {
            $ports[] = $port;
        }
        return $ports;
    };
    add_filter('http_allowed_safe_ports', $allow);
    $args += ['timeout' => 10, 'redirection' => 0];
    $r = wp_safe_remote_post($url, $args);
    remove_filter('http_allowed_safe_ports', $allow);
    return $r;
}

/**
 * Asks the instance named in the token whether it issued it. Returns true,
 * 'unreachable' (no answer that igny8 could have given), or a WP_Error when
 * the instance answered that it did not.
 */
function igny8_confirm_with_instance($token, array $claims) {
    $r = igny8_call_instance($claims['instance'] . '/api/igny8/bridge/confirm', [
        'headers' => ['Content-Type' => 'application/json'],
        'body' => wp_json_encode(['token' => trim($token), 'home' => untrailingslashit(home_url())]),
    ]);
    if (is_wp_error($r)) {
        return 'unreachable';
    }
    $code = (int) wp_remote_retrieve_response_code($r);
    $body = json_decode((string) wp_remote_retrieve_body($r), true);
    if ($code === 200 && is_array($body) && ($body['ok'] ?? false) === true && ($body['site_id'] ?? '') === $claims['site_id']) {
        return true;
    }
    if ($code >= 400 && $code < 500 && is_array($body) && isset($body['code']) && $body['code'] === 'igny8_not_issued') {
        return new WP_Error('igny8_not_issued', __('That igny8 says it did not issue this token. Nothing was changed.', 'igny8-bridge'), ['status' => 403]);
    }
    return 'unreachable';
}

/**
 * Links the site after the owner confirmed: confirms with igny8 and stores the
 * link, or starts waiting for a confirmation code. Returns ['linked' => claims]
 * or ['pending' => code] or a WP_Error. $user_id is the confirming admin.
 */
function igny8_link_with_token($token, $user_id) {
    $claims = igny8_parse_link_token($token);
    if (is_wp_error($claims)) {
        return $claims;
    }
    $r = igny8_confirm_with_instance($token, $claims);
    if (is_wp_error($r)) {
        return $r;
    }
    if ($r === true) {
        igny8_store_link($claims, $user_id);
        return ['linked' => $claims];
    }
    $code = igny8_new_code();
    update_option('igny8_pending_link', [
        'claims' => $claims,
        'code' => $code,
        'user_id' => (int) $user_id,
        'expires' => min($claims['exp'], time() + IGNY8_CODE_TTL),
        'attempts' => 0,
    ], false);
    return ['pending' => $code, 'claims' => $claims];
}

function igny8_new_code() {
    $alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
    $s = '';
    for ($i = 0; $i < 8; $i++) {
        $s .= $alphabet[random_int(0, strlen($alphabet) - 1)];
    }
    return substr($s, 0, 4) . '-' . substr($s, 4);
}

function igny8_normal_code($s) {
    return is_string($s) ? strtoupper(preg_replace('/[^A-Za-z0-9]/', '', $s)) : '';
}

/** The link waiting for its confirmation code, or null (expired ones are dropped). */
function igny8_pending_link() {
    $p = get_option('igny8_pending_link');
    if (!is_array($p) || empty($p['claims']) || (int) ($p['expires'] ?? 0) < time()) {
        if ($p) {
            delete_option('igny8_pending_link');
        }
        return null;
    }
    return $p;
}

/**
 * Stores a confirmed link. Replacing a link to another instance or site tells
 * the old one first (signed with the old secret), so it shows the site as
 * disconnected instead of failing its next publish.
 */
function igny8_store_link(array $claims, $user_id) {
    if (igny8_replaces_link($claims)) {
        igny8_notify_instance('replaced');
    }
    update_option('igny8_bridge_secret', $claims['secret'], false);
    update_option('igny8_site_id', $claims['site_id'], false);
    update_option('igny8_instance', $claims['instance'], false);
    update_option('igny8_workspace', $claims['workspace'], false);
    update_option('igny8_site_name', $claims['site_name'], false);
    update_option('igny8_user_id', (int) $user_id, false);
    update_option('igny8_linked_at', gmdate('c'), false);
    delete_option('igny8_pending_link');
    igny8_ensure_bridge_user();
}

/**
 * permission_callback of confirm-link: signed with the secret of the link
 * waiting for its code (igny8 holds it, the owner typed the code there).
 */
function igny8_verify_pending(WP_REST_Request $req) {
    $p = igny8_pending_link();
    if (!$p) {
        return new WP_Error('igny8_no_pending_link', __('No link is waiting for a confirmation code on this site (it may have expired): paste a new link token in Settings > igny8.', 'igny8-bridge'), ['status' => 409]);
    }
    return igny8_check_signature($req, $p['claims']['secret']);
}

/** POST confirm-link {code}: finishes a link that waited for its code. */
function igny8_route_confirm_link(WP_REST_Request $req) {
    $b = igny8_json_body($req);
    $p = igny8_pending_link();
    if ($b === null || !$p) {
        return igny8_bad_request('code', 'The body must be a JSON object with the confirmation code.');
    }
    if (!hash_equals(igny8_normal_code($p['code']), igny8_normal_code($b['code'] ?? ''))) {
        $p['attempts'] = (int) $p['attempts'] + 1;
        if ($p['attempts'] >= 5) {
            delete_option('igny8_pending_link');
        } else {
            update_option('igny8_pending_link', $p, false);
        }
        return new WP_Error('igny8_wrong_code', 'That is not the confirmation code shown in Settings > igny8.', ['status' => 400, 'field' => 'code']);
    }
    igny8_store_link($p['claims'], $p['user_id']);
    return ['linked' => true, 'site_id' => $p['claims']['site_id'], 'plugin_version' => IGNY8_BRIDGE_VERSION];
}

/**
 * Tells the linked igny8 about an event ("deactivated", "replaced",
 * "uninstalled") with a request signed like igny8's own:
 * POST {instance}/api/igny8/bridge/notify, X-Igny8-Site = the igny8 site id.
 * Best effort: a site that cannot reach igny8 still deactivates.
 */
function igny8_notify_instance($event) {
    return igny8_signed_call('/api/igny8/bridge/notify', ['event' => $event, 'home' => untrailingslashit(home_url())], 5);
}

/** REST handshake for scripts: an administrator posts the token; posting it is the confirmation. */
function igny8_route_connect(WP_REST_Request $req) {
    $b = igny8_json_body($req);
    $r = igny8_link_with_token($b['token'] ?? '', get_current_user_id());
    if (is_wp_error($r)) {
        return $r;
    }
    if (isset($r['pending'])) {
        return new WP_REST_Response(['linked' => false, 'pending' => true, 'code' => $r['pending'],
            'message' => 'WordPress could not reach igny8 to confirm the token: enter this code in igny8 to finish linking.'], 202);
    }
    return ['linked' => true, 'site_id' => get_option('igny8_site_id'), 'instance' => get_option('igny8_instance'), 'plugin_version' => IGNY8_BRIDGE_VERSION];
}
