<?php
if (!defined('ABSPATH')) {
    exit;
}

function igny8_register_routes() {
    $signed = 'igny8_verify_request';
    register_rest_route(IGNY8_BRIDGE_NS, '/status', ['methods' => 'GET', 'callback' => 'igny8_route_status', 'permission_callback' => $signed]);
    register_rest_route(IGNY8_BRIDGE_NS, '/import-content', ['methods' => 'POST', 'callback' => 'igny8_route_import_content', 'permission_callback' => $signed]);
    register_rest_route(IGNY8_BRIDGE_NS, '/upload-image', ['methods' => 'POST', 'callback' => 'igny8_route_upload_image', 'permission_callback' => $signed]);
    register_rest_route(IGNY8_BRIDGE_NS, '/upload-data', ['methods' => 'POST', 'callback' => 'igny8_route_upload_data', 'permission_callback' => $signed]);
    register_rest_route(IGNY8_BRIDGE_NS, '/sync-settings', ['methods' => 'POST', 'callback' => 'igny8_route_sync_settings', 'permission_callback' => $signed]);
    register_rest_route(IGNY8_BRIDGE_NS, '/adopt', ['methods' => 'POST', 'callback' => 'igny8_route_adopt', 'permission_callback' => $signed]);
    register_rest_route(IGNY8_BRIDGE_NS, '/sync-clusters', ['methods' => 'POST', 'callback' => 'igny8_route_sync_clusters', 'permission_callback' => $signed]);
    register_rest_route(IGNY8_BRIDGE_NS, '/pull-updates', ['methods' => 'POST', 'callback' => 'igny8_route_pull_updates', 'permission_callback' => $signed]);
    register_rest_route(IGNY8_BRIDGE_NS, '/confirm-link', ['methods' => 'POST', 'callback' => 'igny8_route_confirm_link', 'permission_callback' => 'igny8_verify_pending']);
    // The handshake for scripts: a site administrator (cookie + nonce, or an
    // application password) posts the link token igny8 issued.
    register_rest_route(IGNY8_BRIDGE_NS, '/connect', ['methods' => 'POST', 'callback' => 'igny8_route_connect',
        'permission_callback' => function () {
            return current_user_can('manage_options');
        }]);
}

function igny8_json_body(WP_REST_Request $req) {
    $body = json_decode($req->get_body(), true);
    return is_array($body) ? $body : null;
}

/** A refused input: 400 with the field to fix (igny8 does not retry 4xx). */
function igny8_bad_request($field, $msg) {
    return new WP_Error('igny8_bad_request', $msg, ['status' => 400, 'field' => $field]);
}

/**
 * A WordPress failure while saving: 500 with a fixed message; the details
 * (database errors included) go to the site's error log, never to the answer.
 */
function igny8_wp_failure($what, WP_Error $e) {
    error_log('igny8 bridge: ' . $what . ': ' . $e->get_error_code() . ': ' . $e->get_error_message());
    return new WP_Error('igny8_wp_failed', sprintf('WordPress could not %s (the details are in the site\'s PHP error log).', $what), ['status' => 500]);
}

/** A MySQL named lock so concurrent requests for the same item run one at a time. */
function igny8_lock($name) {
    global $wpdb;
    return (int) $wpdb->get_var($wpdb->prepare('SELECT GET_LOCK(%s, 20)', $name)) === 1;
}

function igny8_unlock($name) {
    global $wpdb;
    $wpdb->get_var($wpdb->prepare('SELECT RELEASE_LOCK(%s)', $name));
}

function igny8_ini_bytes($name) {
    $v = ini_get($name);
    return $v === false || $v === '' ? 0 : (int) wp_convert_hr_to_bytes($v);
}

function igny8_route_status(WP_REST_Request $req) {
    global $wp_version;
    $user = wp_get_current_user();
    $caps = [];
    foreach (['publish_posts', 'upload_files', 'manage_categories', 'unfiltered_html', 'edit_others_posts', 'manage_options'] as $c) {
        $caps[$c] = user_can($user, $c);
    }
    $memory = igny8_ini_bytes('memory_limit');
    $image_memory = defined('WP_MAX_MEMORY_LIMIT') ? (int) wp_convert_hr_to_bytes(WP_MAX_MEMORY_LIMIT) : $memory;
    return [
        'plugin_version' => IGNY8_BRIDGE_VERSION,
        'wp_version' => $wp_version,
        'php_version' => PHP_VERSION,
        'home' => home_url(),
        'rest_url' => rest_url(),
        'permalink_structure' => (string) get_option('permalink_structure'),
        'seo_plugin' => igny8_active_seo_plugin(),
        // Images arrive as the raw request body: post_max_size bounds them,
        // and PHP holds one copy of the bytes (the memory limit must exceed
        // it, plus what the image editor needs to make the sizes).
        'max_upload_bytes' => igny8_ini_bytes('post_max_size'),
        'memory_limit_bytes' => $memory,
        'image_memory_limit_bytes' => $memory < 0 ? -1 : max($memory, $image_memory),
        'site_id' => (string) get_option('igny8_site_id', ''),
        'user' => ['id' => $user->ID, 'login' => $user->user_login, 'capabilities' => $caps],
    ];
}

/** Finds the post carrying content id $cid, in any status including trash. */
function igny8_find_post($cid) {
    $q = new WP_Query([
        'post_type' => 'post',
        'post_status' => ['publish', 'future', 'draft', 'pending', 'private', 'trash'],
        'meta_key' => '_igny8_content_id',
        'meta_value' => $cid,
        'posts_per_page' => 1,
        'orderby' => 'ID',
        'order' => 'ASC',
        'no_found_rows' => true,
        'fields' => 'ids',
    ]);
    return $q->posts ? (int) $q->posts[0] : 0;
}

function igny8_len($s) {
    return function_exists('mb_strlen') ? mb_strlen($s) : strlen($s);
}

/** An igny8 id field: letters, digits, _ and -. */
function igny8_id_field(array $b, $key) {
    $v = $b[$key] ?? null;
    if (!is_string($v) || !preg_match('/^[A-Za-z0-9_-]{1,64}$/', $v)) {
        return igny8_bad_request($key, sprintf('%s is required (1-64 letters, digits, _ and -).', $key));
    }
    return $v;
}

/** A non-negative integer field (0 when absent). */
function igny8_int_field(array $b, $key) {
    if (!array_key_exists($key, $b) || $b[$key] === null) {
        return 0;
    }
    $v = $b[$key];
    if (is_int($v) && $v >= 0) {
        return $v;
    }
    return igny8_bad_request($key, sprintf('%s must be a whole number, 0 or more.', $key));
}

/** Term names: a list of strings WordPress can store (names are at most 200 characters). */
function igny8_term_names(array $b, $key) {
    $v = $b[$key];
    if (!is_array($v) || ($v && array_keys($v) !== range(0, count($v) - 1)) || count($v) > 100) {
        return igny8_bad_request($key, sprintf('%s must be a list of at most 100 names.', $key));
    }
    $out = [];
    foreach ($v as $name) {
        if (!is_string($name)) {
            return igny8_bad_request($key, sprintf('%s must be a list of names (text).', $key));
        }
        $name = trim(sanitize_text_field($name));
        if ($name === '') {
            continue;
        }
        if (igny8_len($name) > 200) {
            return igny8_bad_request($key, sprintf('%s: a name is longer than 200 characters (WordPress stores at most 200): shorten it.', $key));
        }
        $out[] = $name;
    }
    return $out;
}

/** A date like 2026-12-01T09:00:00Z (RFC 3339), as a unix time. */
function igny8_parse_date($s) {
    if (!is_string($s) || !preg_match('/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/', $s, $m)) {
        return false;
    }
    if (!checkdate((int) $m[2], (int) $m[3], (int) $m[1]) || (int) $m[4] > 23 || (int) $m[5] > 59 || (int) $m[6] > 59) {
        return false;
    }
    try {
        return (new DateTimeImmutable($s))->getTimestamp();
    } catch (Exception $e) {
        return false;
    }
}

/**
 * Checks every field of an import before anything is written, so a refused
 * request leaves nothing behind. Returns the clean fields or a WP_Error.
 */
function igny8_import_fields(array $b) {
    $f = ['post' => []];
    foreach (['title' => 'post_title', 'content' => 'post_content', 'excerpt' => 'post_excerpt', 'slug' => 'post_name'] as $in => $field) {
        if (!array_key_exists($in, $b)) {
            continue;
        }
        if (!is_string($b[$in])) {
            return igny8_bad_request($in, sprintf('%s must be text.', $in));
        }
        if ($in === 'slug' && strlen($b[$in]) > 200) {
            return igny8_bad_request($in, 'slug is longer than 200 bytes.');
        }
        $f['post'][$field] = $b[$in];
    }
    foreach (['categories', 'tags'] as $key) {
        if (array_key_exists($key, $b)) {
            $names = igny8_term_names($b, $key);
            if (is_wp_error($names)) {
                return $names;
            }
            $f[$key] = $names;
        }
    }
    if (array_key_exists('featured_media', $b)) {
        $m = igny8_int_field($b, 'featured_media');
        if (is_wp_error($m)) {
            return $m;
        }
        if ($m > 0 && get_post_type($m) !== 'attachment') {
            return igny8_bad_request('featured_media', 'featured_media is not an attachment of this site.');
        }
        $f['featured_media'] = $m;
    }
    if (array_key_exists('seo', $b)) {
        if (!is_array($b['seo'])) {
            return igny8_bad_request('seo', 'seo must be an object with title, description and focus_keyword.');
        }
        foreach ($b['seo'] as $k => $v) {
            if (!in_array($k, ['title', 'description', 'focus_keyword'], true) || !is_string($v)) {
                return igny8_bad_request('seo', 'seo takes only title, description and focus_keyword, as text.');
            }
        }
        $f['seo'] = $b['seo'];
    }
    if (array_key_exists('igny8_meta', $b)) {
        $m = igny8_meta_field($b);
        if (is_wp_error($m)) {
            return $m;
        }
        $f['igny8_meta'] = $m;
    }
    if (array_key_exists('status', $b)) {
        $status = $b['status'];
        if (!is_string($status) || !in_array($status, ['draft', 'publish', 'future', 'pending', 'private'], true)) {
            return igny8_bad_request('status', 'status must be draft, publish, future, pending or private.');
        }
        $f['status'] = $status;
        if (array_key_exists('date_gmt', $b) && $b['date_gmt'] !== '' && $b['date_gmt'] !== null) {
            $ts = igny8_parse_date($b['date_gmt']);
            if ($ts === false) {
                return igny8_bad_request('date_gmt', 'date_gmt must be a date like 2026-12-01T09:00:00Z.');
            }
            $f['date_gmt'] = gmdate('Y-m-d H:i:s', $ts);
            $f['date_ts'] = $ts;
        }
        if ($status === 'future' && (!isset($f['date_ts']) || $f['date_ts'] <= time())) {
            return igny8_bad_request('date_gmt', 'A scheduled (future) post needs a date_gmt in the future.');
        }
    } elseif (array_key_exists('date_gmt', $b)) {
        return igny8_bad_request('date_gmt', 'date_gmt is only taken with status.');
    }
    return $f;
}

/** Term ids for names in taxonomy, creating the missing ones. */
function igny8_term_ids($taxonomy, array $names) {
    $ids = [];
    foreach ($names as $name) {
        $t = get_term_by('name', $name, $taxonomy);
        if ($t) {
            $ids[] = (int) $t->term_id;
            continue;
        }
        $r = wp_insert_term($name, $taxonomy);
        if (is_wp_error($r)) {
            $existing = $r->get_error_data('term_exists');
            if (!$existing) {
                return $r;
            }
            $ids[] = (int) $existing;
            continue;
        }
        $ids[] = (int) $r['term_id'];
    }
    return $ids;
}

/**
 * Creates or updates the post of one igny8 content. Only the fields present in
 * the body change, so igny8 can run its publish steps (draft, featured, terms,
 * seo, status) one request each. Every field is checked first (400 with the
 * field's name); a post this request created is deleted again when a later
 * step fails. Find-or-create runs under a named lock on the content id: two
 * concurrent imports of one content give one post.
 */
function igny8_route_import_content(WP_REST_Request $req) {
    $b = igny8_json_body($req);
    if ($b === null) {
        return igny8_bad_request('body', 'The body must be a JSON object.');
    }
    $cid = igny8_id_field($b, 'content_id');
    if (is_wp_error($cid)) {
        return $cid;
    }
    $f = igny8_import_fields($b);
    if (is_wp_error($f)) {
        return $f;
    }
    $lock = 'igny8_c_' . $cid;
    if (!igny8_lock($lock)) {
        return new WP_Error('igny8_busy', 'Another import of this content is running.', ['status' => 409]);
    }
    $id = 0;
    $created = false;
    try {
        $r = igny8_apply_import($cid, $f, $id, $created);
        if (is_wp_error($r) && $created && $id) {
            wp_delete_post($id, true);
        }
        return $r;
    } finally {
        igny8_unlock($lock);
    }
}

function igny8_apply_import($cid, array $f, &$id, &$created) {
    $id = igny8_find_post($cid);
    $data = $f['post'];
    if (!$id) {
        $data += ['post_title' => 'igny8 ' . $cid, 'post_content' => '', 'post_type' => 'post', 'post_status' => 'draft'];
        $data['post_author'] = get_current_user_id();
        $data['meta_input'] = ['_igny8_content_id' => $cid];
        $r = wp_insert_post(wp_slash($data), true);
        if (is_wp_error($r)) {
            return igny8_wp_failure('create the post', $r);
        }
        $id = (int) $r;
        $created = true;
    } elseif ($data) {
        $data['ID'] = $id;
        $r = wp_update_post(wp_slash($data), true);
        if (is_wp_error($r)) {
            return igny8_wp_failure('update the post', $r);
        }
    }
    if (get_post_status($id) === 'trash' && isset($f['status'])) {
        wp_untrash_post($id);
    }
    if (isset($f['categories'])) {
        $ids = igny8_term_ids('category', $f['categories']);
        if (is_wp_error($ids)) {
            return igny8_wp_failure('create a category', $ids);
        }
        wp_set_post_categories($id, $ids);
    }
    if (isset($f['tags'])) {
        $ids = igny8_term_ids('post_tag', $f['tags']);
        if (is_wp_error($ids)) {
            return igny8_wp_failure('create a tag', $ids);
        }
        wp_set_post_terms($id, $ids, 'post_tag');
    }
    if (isset($f['featured_media'])) {
        $f['featured_media'] > 0 ? set_post_thumbnail($id, $f['featured_media']) : delete_post_thumbnail($id);
    }
    $seo = isset($f['seo']) ? igny8_write_seo($id, $f['seo']) : null;
    if (isset($f['igny8_meta'])) {
        igny8_write_cluster_meta($id, $f['igny8_meta']);
    }
    if (isset($f['status'])) {
        $u = ['ID' => $id, 'post_status' => $f['status']];
        if (isset($f['date_gmt'])) {
            $u['post_date_gmt'] = $f['date_gmt'];
            $u['post_date'] = get_date_from_gmt($f['date_gmt']);
            $u['edit_date'] = true;
        }
        $r = wp_update_post(wp_slash($u), true);
        if (is_wp_error($r)) {
            return igny8_wp_failure('change the post\'s status', $r);
        }
    }
    return igny8_post_summary($id, $created, $seo);
}

/** post_modified_gmt, or for drafts WordPress left at zero, post_modified in GMT. */
function igny8_modified_gmt($p) {
    if ($p->post_modified_gmt !== '0000-00-00 00:00:00') {
        return $p->post_modified_gmt;
    }
    return get_gmt_from_date($p->post_modified);
}

function igny8_post_summary($id, $created = false, $seo = null) {
    $p = get_post($id);
    $out = [
        'id' => (int) $id,
        'created' => $created,
        'status' => $p->post_status,
        'link' => (string) get_permalink($id),
        'slug' => $p->post_name,
        'modified_gmt' => mysql_to_rfc3339(igny8_modified_gmt($p)),
        'content_id' => (string) get_post_meta($id, '_igny8_content_id', true),
        'featured_media' => (int) get_post_thumbnail_id($id),
        'categories' => wp_get_post_categories($id),
        'tags' => wp_get_post_terms($id, 'post_tag', ['fields' => 'ids']),
        // the text as stored, so igny8 sees edits made in WordPress
        'title' => $p->post_title,
        'content' => $p->post_content,
        'igny8_meta' => igny8_read_cluster_meta($id),
    ];
    if ($seo !== null) {
        $out['seo'] = $seo;
    }
    return $out;
}

/**
 * Makes an existing post the post of an igny8 content (an igny8 admin's
 * audited "adopt" step): the post gets the content's _igny8_content_id, and
 * a post that carried it before loses it. A post that already belongs to
 * another igny8 content is refused.
 */
function igny8_route_adopt(WP_REST_Request $req) {
    $b = igny8_json_body($req);
    if ($b === null) {
        return igny8_bad_request('body', 'The body must be a JSON object.');
    }
    $cid = igny8_id_field($b, 'content_id');
    if (is_wp_error($cid)) {
        return $cid;
    }
    $pid = igny8_int_field($b, 'post_id');
    if (is_wp_error($pid)) {
        return $pid;
    }
    $p = $pid > 0 ? get_post($pid) : null;
    if (!$p || $p->post_type !== 'post' || $p->post_status === 'auto-draft') {
        return new WP_Error('igny8_no_post', 'This site has no post with that id.', ['status' => 404]);
    }
    $owner = (string) get_post_meta($pid, '_igny8_content_id', true);
    if ($owner !== '' && $owner !== $cid) {
        return new WP_Error('igny8_post_taken', 'That post belongs to another igny8 content.', ['status' => 409]);
    }
    $lock = 'igny8_c_' . $cid;
    if (!igny8_lock($lock)) {
        return new WP_Error('igny8_busy', 'Another import of this content is running.', ['status' => 409]);
    }
    try {
        $released = 0;
        $current = igny8_find_post($cid);
        if ($current && $current !== $pid) {
            delete_post_meta($current, '_igny8_content_id');
            $released = $current;
        }
        update_post_meta($pid, '_igny8_content_id', $cid);
        $out = igny8_post_summary($pid);
        $out['released'] = $released;
        return $out;
    } finally {
        igny8_unlock($lock);
    }
}

/** Users whose uploads igny8 trusts as its own: the igny8 user and the admin who linked. */
function igny8_trusted_authors() {
    return array_values(array_filter([(int) get_option('igny8_bridge_user', 0), (int) get_option('igny8_user_id', 0)]));
}

/** The attachment igny8 uploaded for an image id (by a trusted author), or 0. */
function igny8_find_attachment($iid) {
    $authors = igny8_trusted_authors();
    if (!$authors) {
        return 0;
    }
    $ids = get_posts(['post_type' => 'attachment', 'post_status' => 'inherit', 'meta_key' => '_igny8_image_id',
        'meta_value' => $iid, 'author__in' => $authors, 'numberposts' => 1, 'fields' => 'ids', 'orderby' => 'ID', 'order' => 'ASC']);
    return $ids ? (int) $ids[0] : 0;
}

function igny8_upload_key($iid, $sha) {
    return 'igny8_up_' . md5($iid . '|' . $sha);
}

/**
 * Upload, step 1 (hash first): {image_id, sha256, size, filename, title, alt,
 * post_id}. A known image id answers its attachment (no bytes sent again);
 * otherwise the upload is announced and the answer says need_data, and the
 * bytes follow as the raw body of upload-data?image_id=… (their hash, part
 * of that request's signature, must be the announced one).
 */
function igny8_route_upload_image(WP_REST_Request $req) {
    $b = igny8_json_body($req);
    if ($b === null) {
        return igny8_bad_request('body', 'The body must be a JSON object.');
    }
    $iid = igny8_id_field($b, 'image_id');
    if (is_wp_error($iid)) {
        return $iid;
    }
    $sha = $b['sha256'] ?? null;
    if (!is_string($sha) || !preg_match('/^[0-9a-f]{64}$/', $sha)) {
        return igny8_bad_request('sha256', 'sha256 must be the hex SHA-256 of the image bytes.');
    }
    $size = igny8_int_field($b, 'size');
    if (is_wp_error($size)) {
        return $size;
    }
    $max = igny8_ini_bytes('post_max_size');
    if ($size < 1 || ($max > 0 && $size > $max)) {
        return igny8_bad_request('size', sprintf('size must be between 1 and %d bytes (this site\'s post_max_size).', $max));
    }
    foreach (['filename', 'title', 'alt'] as $k) {
        if (array_key_exists($k, $b) && !is_string($b[$k])) {
            return igny8_bad_request($k, sprintf('%s must be text.', $k));
        }
    }
    $filename = sanitize_file_name((string) ($b['filename'] ?? ''));
    if ($filename === '' || strlen($filename) > 200) {
        return igny8_bad_request('filename', 'filename is required (at most 200 bytes).');
    }
    $parent = igny8_int_field($b, 'post_id');
    if (is_wp_error($parent)) {
        return $parent;
    }
    if ($parent > 0 && (get_post_type($parent) !== 'post' || (string) get_post_meta($parent, '_igny8_content_id', true) === '')) {
        return igny8_bad_request('post_id', 'post_id is not a post igny8 published on this site.');
    }
    $alt = isset($b['alt']) ? sanitize_text_field($b['alt']) : null;
    $id = igny8_find_attachment($iid);
    if ($id) {
        if ($alt !== null) {
            update_post_meta($id, '_wp_attachment_image_alt', $alt);
        }
        return ['id' => $id, 'created' => false, 'url' => wp_get_attachment_url($id)];
    }
    set_transient(igny8_upload_key($iid, $sha), [
        'image_id' => $iid, 'size' => $size, 'filename' => $filename, 'parent' => $parent,
        'title' => trim(sanitize_text_field((string) ($b['title'] ?? ''))), 'alt' => $alt,
    ], 15 * MINUTE_IN_SECONDS);
    return ['id' => 0, 'created' => false, 'need_data' => true];
}

/**
 * Upload, step 2: the image bytes as the raw body (never base64 in JSON, so
 * PHP holds one copy of them). WordPress's own upload handling checks the
 * type by the bytes and corrects the file name (a GIF named .jpg is stored as
 * .gif); anything but an image is refused with 400 and nothing kept.
 */
function igny8_route_upload_data(WP_REST_Request $req) {
    $iid = (string) $req->get_param('image_id');
    if (!preg_match('/^[A-Za-z0-9_-]{1,64}$/', $iid)) {
        return igny8_bad_request('image_id', 'image_id is required (1-64 letters, digits, _ and -).');
    }
    $sha = hash('sha256', $req->get_body());
    $key = igny8_upload_key($iid, $sha);
    $t = get_transient($key);
    if (!is_array($t) || strlen($req->get_body()) !== (int) $t['size']) {
        return new WP_Error('igny8_no_upload', 'No upload of these bytes was announced for this image_id: send upload-image with their sha256 first.', ['status' => 409]);
    }
    $lock = 'igny8_i_' . $iid;
    if (!igny8_lock($lock)) {
        return new WP_Error('igny8_busy', 'Another upload of this image is running.', ['status' => 409]);
    }
    try {
        $id = igny8_find_attachment($iid);
        if ($id) {
            delete_transient($key);
            return ['id' => $id, 'created' => false, 'url' => wp_get_attachment_url($id)];
        }
        require_once ABSPATH . 'wp-admin/includes/file.php';
        require_once ABSPATH . 'wp-admin/includes/image.php';
        $tmp = wp_tempnam($t['filename']);
        if (!$tmp || file_put_contents($tmp, $req->get_body()) === false) {
            return new WP_Error('igny8_wp_failed', 'WordPress could not write the upload to its temporary folder.', ['status' => 500]);
        }
        $file = ['name' => $t['filename'], 'tmp_name' => $tmp, 'size' => (int) $t['size'], 'error' => 0, 'type' => ''];
        $up = wp_handle_sideload($file, ['test_form' => false]);
        if (!empty($up['error']) || empty($up['file'])) {
            @unlink($tmp);
            return igny8_bad_request('data', 'The file is not an image WordPress accepts (refused file type).');
        }
        if (strpos((string) $up['type'], 'image/') !== 0) {
            @unlink($up['file']);
            return igny8_bad_request('data', 'The file is not an image WordPress accepts (it is ' . sanitize_mime_type((string) $up['type']) . ').');
        }
        $title = $t['title'] !== '' ? $t['title'] : pathinfo($up['file'], PATHINFO_FILENAME);
        $id = wp_insert_attachment(['post_mime_type' => $up['type'], 'guid' => $up['url'], 'post_title' => $title,
            'post_status' => 'inherit', 'post_content' => ''], $up['file'], $t['parent'], true);
        if (is_wp_error($id)) {
            @unlink($up['file']);
            return igny8_wp_failure('save the attachment', $id);
        }
        update_post_meta($id, '_igny8_image_id', $iid);
        if ($t['alt'] !== null) {
            update_post_meta($id, '_wp_attachment_image_alt', $t['alt']);
        }
        wp_update_attachment_metadata($id, wp_generate_attachment_metadata($id, $up['file']));
        delete_transient($key);
        return ['id' => (int) $id, 'created' => true, 'url' => wp_get_attachment_url($id),
            'peak_memory_bytes' => memory_get_peak_usage(true)];
    } finally {
        igny8_unlock($lock);
    }
}

/** Stores igny8's defaults for this site and returns the site's settings. */
function igny8_route_sync_settings(WP_REST_Request $req) {
    $b = igny8_json_body($req);
    if ($b === null) {
        return igny8_bad_request('body', 'The body must be a JSON object.');
    }
    $fields = null;
    if (array_key_exists('fields', $b)) {
        $sid = igny8_id_field($b, 'site_id');
        if (is_wp_error($sid)) {
            return $sid;
        }
        $fields = igny8_settings_merge($sid, $b['fields']);
        if (is_wp_error($fields)) {
            return $fields;
        }
    }
    if (array_key_exists('defaults', $b)) {
        if (!is_array($b['defaults'])) {
            return igny8_bad_request('defaults', 'defaults must be an object.');
        }
        $defaults = $b['defaults'];
        foreach ((array) $fields as $key => $f) {
            $defaults[$key] = $f['value']; // the winners
        }
        update_option('igny8_defaults', $defaults, false);
    }
    $cats = [];
    foreach (get_terms(['taxonomy' => 'category', 'hide_empty' => false]) as $t) {
        $cats[] = ['id' => $t->term_id, 'name' => $t->name, 'slug' => $t->slug];
    }
    $authors = [];
    $bridge = (int) get_option('igny8_bridge_user', 0);
    foreach (get_users(['capability' => 'publish_posts', 'fields' => ['ID', 'display_name']]) as $u) {
        if ((int) $u->ID !== $bridge) {
            $authors[] = ['id' => (int) $u->ID, 'name' => $u->display_name];
        }
    }
    return [
        'title' => get_bloginfo('name'),
        'timezone' => wp_timezone_string(),
        'default_category' => (int) get_option('default_category'),
        'default_post_status' => 'draft',
        'categories' => $cats,
        'authors' => $authors,
        'seo_plugin' => igny8_active_seo_plugin(),
        'defaults' => get_option('igny8_defaults', new stdClass()),
        'fields' => $fields === null ? new stdClass() : (object) $fields,
    ];
}

/**
 * Posts carrying an igny8 content id that changed since a time (any status,
 * trash included), oldest change first, one page at a time: {since, after_id,
 * limit} → {posts, more, next: {since, after_id}}. A draft WordPress left with
 * a zero post_modified_gmt counts by its post_modified (in GMT).
 */
function igny8_route_pull_updates(WP_REST_Request $req) {
    global $wpdb;
    $b = igny8_json_body($req);
    if ($b === null) {
        return igny8_bad_request('body', 'The body must be a JSON object.');
    }
    $since = 0;
    if (isset($b['since'])) {
        $since = igny8_parse_date($b['since']);
        if ($since === false) {
            return igny8_bad_request('since', 'since must be a date like 2026-12-01T09:00:00Z.');
        }
    }
    $after = igny8_int_field($b, 'after_id');
    if (is_wp_error($after)) {
        return $after;
    }
    $limit = array_key_exists('limit', $b) ? igny8_int_field($b, 'limit') : 200;
    if (is_wp_error($limit) || $limit < 1 || $limit > 500) {
        return igny8_bad_request('limit', 'limit must be between 1 and 500.');
    }
    $offset = (int) round((float) get_option('gmt_offset') * HOUR_IN_SECONDS);
    $cursor = gmdate('Y-m-d H:i:s', $since);
    $rows = $wpdb->get_results($wpdb->prepare(
        "SELECT DISTINCT p.ID AS id,
            IF(p.post_modified_gmt = '0000-00-00 00:00:00', DATE_SUB(p.post_modified, INTERVAL %d SECOND), p.post_modified_gmt) AS m
         FROM {$wpdb->posts} p INNER JOIN {$wpdb->postmeta} pm ON pm.post_id = p.ID AND pm.meta_key = '_igny8_content_id'
         WHERE p.post_type = 'post' AND p.post_status IN ('publish','future','draft','pending','private','trash')
         HAVING m > %s OR (m = %s AND id > %d)
         ORDER BY m ASC, id ASC LIMIT %d",
        $offset, $cursor, $cursor, $after, $limit + 1
    ));
    $more = count($rows) > $limit;
    $rows = array_slice($rows, 0, $limit);
    $posts = [];
    foreach ($rows as $r) {
        if (get_post((int) $r->id)) { // not deleted since the query
            $posts[] = igny8_post_summary((int) $r->id);
        }
    }
    $next = null;
    if ($more) {
        $last = end($rows);
        $next = ['since' => mysql_to_rfc3339($last->m) . 'Z', 'after_id' => (int) $last->id];
    }
    return ['posts' => $posts, 'more' => $more, 'next' => $next];
}
