<?php
if (!defined('ABSPATH')) {
    exit;
}

function igny8_register_routes() {
    $signed = 'igny8_verify_request';
    register_rest_route(IGNY8_BRIDGE_NS, '/status', ['methods' => 'GET', 'callback' => 'igny8_route_status', 'permission_callback' => $signed]);
    register_rest_route(IGNY8_BRIDGE_NS, '/import-content', ['methods' => 'POST', 'callback' => 'igny8_route_import_content', 'permission_callback' => $signed]);
    register_rest_route(IGNY8_BRIDGE_NS, '/upload-image', ['methods' => 'POST', 'callback' => 'igny8_route_upload_image', 'permission_callback' => $signed]);
    register_rest_route(IGNY8_BRIDGE_NS, '/sync-settings', ['methods' => 'POST', 'callback' => 'igny8_route_sync_settings', 'permission_callback' => $signed]);
    register_rest_route(IGNY8_BRIDGE_NS, '/adopt', ['methods' => 'POST', 'callback' => 'igny8_route_adopt', 'permission_callback' => $signed]);
    register_rest_route(IGNY8_BRIDGE_NS, '/pull-updates', ['methods' => 'POST', 'callback' => 'igny8_route_pull_updates', 'permission_callback' => $signed]);
    // The handshake: a site administrator (cookie + nonce, or an application
    // password) posts the link token igny8 issued.
    register_rest_route(IGNY8_BRIDGE_NS, '/connect', ['methods' => 'POST', 'callback' => 'igny8_route_connect',
        'permission_callback' => function () {
            return current_user_can('manage_options');
        }]);
}

function igny8_json_body(WP_REST_Request $req) {
    $body = json_decode($req->get_body(), true);
    return is_array($body) ? $body : null;
}

function igny8_bad_request($msg) {
    return new WP_Error('igny8_bad_request', $msg, ['status' => 400]);
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

function igny8_route_status(WP_REST_Request $req) {
    global $wp_version;
    $user = wp_get_current_user();
    $caps = [];
    foreach (['publish_posts', 'upload_files', 'manage_categories', 'unfiltered_html', 'edit_others_posts'] as $c) {
        $caps[$c] = user_can($user, $c);
    }
    return [
        'plugin_version' => IGNY8_BRIDGE_VERSION,
        'wp_version' => $wp_version,
        'php_version' => PHP_VERSION,
        'home' => home_url(),
        'rest_url' => rest_url(),
        'permalink_structure' => (string) get_option('permalink_structure'),
        'seo_plugin' => igny8_active_seo_plugin(),
        'max_upload_bytes' => (int) wp_max_upload_size(),
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

/** Term ids for names in taxonomy, creating the missing ones. */
function igny8_term_ids($taxonomy, $names) {
    $ids = [];
    foreach ((array) $names as $name) {
        $name = trim(sanitize_text_field((string) $name));
        if ($name === '') {
            continue;
        }
        $t = get_term_by('name', $name, $taxonomy);
        if (!$t) {
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
            continue;
        }
        $ids[] = (int) $t->term_id;
    }
    return $ids;
}

/**
 * Creates or updates the post of one igny8 content. Only the fields present in
 * the body change, so igny8 can run its publish steps (draft, featured, terms,
 * seo, status) one request each. Find-or-create runs under a named lock on the
 * content id: two concurrent imports of one content give one post.
 */
function igny8_route_import_content(WP_REST_Request $req) {
    $b = igny8_json_body($req);
    if ($b === null) {
        return igny8_bad_request('The body must be a JSON object.');
    }
    $cid = sanitize_text_field((string) ($b['content_id'] ?? ''));
    if ($cid === '' || !preg_match('/^[A-Za-z0-9_-]{1,64}$/', $cid)) {
        return igny8_bad_request('content_id is required (letters, digits, _ and -).');
    }
    $lock = 'igny8_c_' . $cid;
    if (!igny8_lock($lock)) {
        return new WP_Error('igny8_busy', 'Another import of this content is running.', ['status' => 409]);
    }
    try {
        $id = igny8_find_post($cid);
        $created = false;
        $data = [];
        foreach (['title' => 'post_title', 'content' => 'post_content', 'excerpt' => 'post_excerpt', 'slug' => 'post_name'] as $in => $field) {
            if (isset($b[$in])) {
                $data[$field] = (string) $b[$in];
            }
        }
        if (!$id) {
            $data += ['post_title' => 'igny8 ' . $cid, 'post_content' => '', 'post_type' => 'post', 'post_status' => 'draft'];
            $data['post_author'] = get_current_user_id();
            $data['meta_input'] = ['_igny8_content_id' => $cid];
            $id = wp_insert_post(wp_slash($data), true);
            if (is_wp_error($id)) {
                return $id;
            }
            $created = true;
        } elseif ($data) {
            $data['ID'] = $id;
            $r = wp_update_post(wp_slash($data), true);
            if (is_wp_error($r)) {
                return $r;
            }
        }
        if (get_post_status($id) === 'trash' && isset($b['status'])) {
            wp_untrash_post($id);
        }
        if (isset($b['categories'])) {
            $ids = igny8_term_ids('category', $b['categories']);
            if (is_wp_error($ids)) {
                return $ids;
            }
            wp_set_post_categories($id, $ids);
        }
        if (isset($b['tags'])) {
            $ids = igny8_term_ids('post_tag', $b['tags']);
            if (is_wp_error($ids)) {
                return $ids;
            }
            wp_set_post_terms($id, $ids, 'post_tag');
        }
        if (isset($b['featured_media'])) {
            $m = (int) $b['featured_media'];
            if ($m > 0 && get_post_type($m) !== 'attachment') {
                return igny8_bad_request('featured_media is not an attachment of this site.');
            }
            $m > 0 ? set_post_thumbnail($id, $m) : delete_post_thumbnail($id);
        }
        $seo = null;
        if (isset($b['seo']) && is_array($b['seo'])) {
            $seo = igny8_write_seo($id, $b['seo']);
        }
        if (isset($b['status'])) {
            $status = (string) $b['status'];
            if (!in_array($status, ['draft', 'publish', 'future', 'pending', 'private'], true)) {
                return igny8_bad_request('status must be draft, publish, future, pending or private.');
            }
            $u = ['ID' => $id, 'post_status' => $status];
            if (!empty($b['date_gmt'])) {
                $gmt = gmdate('Y-m-d H:i:s', strtotime((string) $b['date_gmt']));
                $u['post_date_gmt'] = $gmt;
                $u['post_date'] = get_date_from_gmt($gmt);
                $u['edit_date'] = true;
            }
            $r = wp_update_post(wp_slash($u), true);
            if (is_wp_error($r)) {
                return $r;
            }
        }
        return igny8_post_summary($id, $created, $seo);
    } finally {
        igny8_unlock($lock);
    }
}

function igny8_post_summary($id, $created = false, $seo = null) {
    $p = get_post($id);
    $out = [
        'id' => (int) $id,
        'created' => $created,
        'status' => $p->post_status,
        'link' => get_permalink($id),
        'slug' => $p->post_name,
        'modified_gmt' => mysql_to_rfc3339($p->post_modified_gmt),
        'content_id' => (string) get_post_meta($id, '_igny8_content_id', true),
        'featured_media' => (int) get_post_thumbnail_id($id),
        'categories' => wp_get_post_categories($id),
        'tags' => wp_get_post_terms($id, 'post_tag', ['fields' => 'ids']),
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
        return igny8_bad_request('The body must be a JSON object.');
    }
    $cid = sanitize_text_field((string) ($b['content_id'] ?? ''));
    if ($cid === '' || !preg_match('/^[A-Za-z0-9_-]{1,64}$/', $cid)) {
        return igny8_bad_request('content_id is required (letters, digits, _ and -).');
    }
    $pid = (int) ($b['post_id'] ?? 0);
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

/**
 * Uploads one image (base64 in JSON) as an attachment, or returns the one
 * already uploaded for that igny8 image id.
 */
function igny8_route_upload_image(WP_REST_Request $req) {
    $b = igny8_json_body($req);
    if ($b === null) {
        return igny8_bad_request('The body must be a JSON object.');
    }
    $iid = sanitize_text_field((string) ($b['image_id'] ?? ''));
    if ($iid === '' || !preg_match('/^[A-Za-z0-9_-]{1,64}$/', $iid)) {
        return igny8_bad_request('image_id is required.');
    }
    $bytes = base64_decode((string) ($b['data'] ?? ''), true);
    if ($bytes === false || $bytes === '') {
        return igny8_bad_request('data must be the image bytes in base64.');
    }
    $filename = sanitize_file_name((string) ($b['filename'] ?? ($iid . '.png')));
    $lock = 'igny8_i_' . $iid;
    if (!igny8_lock($lock)) {
        return new WP_Error('igny8_busy', 'Another upload of this image is running.', ['status' => 409]);
    }
    try {
        $existing = get_posts(['post_type' => 'attachment', 'post_status' => 'inherit', 'meta_key' => '_igny8_image_id',
            'meta_value' => $iid, 'numberposts' => 1, 'fields' => 'ids', 'orderby' => 'ID', 'order' => 'ASC']);
        $parent = (int) ($b['post_id'] ?? 0);
        if ($existing) {
            $id = (int) $existing[0];
            $created = false;
        } else {
            $up = wp_upload_bits($filename, null, $bytes);
            if (!empty($up['error'])) {
                return new WP_Error('igny8_upload_failed', $up['error'], ['status' => 500]);
            }
            $type = wp_check_filetype_and_ext($up['file'], $filename);
            if (empty($type['type']) || strpos($type['type'], 'image/') !== 0) {
                @unlink($up['file']);
                return igny8_bad_request('The file is not an image WordPress accepts.');
            }
            $title = trim(sanitize_text_field((string) ($b['title'] ?? '')));
            if ($title === '') {
                $title = pathinfo($filename, PATHINFO_FILENAME);
            }
            $id = wp_insert_attachment(['post_mime_type' => $type['type'], 'post_title' => $title,
                'post_status' => 'inherit', 'post_content' => ''], $up['file'], $parent, true);
            if (is_wp_error($id)) {
                return $id;
            }
            require_once ABSPATH . 'wp-admin/includes/image.php';
            wp_update_attachment_metadata($id, wp_generate_attachment_metadata($id, $up['file']));
            update_post_meta($id, '_igny8_image_id', $iid);
            $created = true;
        }
        if (isset($b['alt'])) {
            update_post_meta($id, '_wp_attachment_image_alt', sanitize_text_field((string) $b['alt']));
        }
        return ['id' => $id, 'created' => $created, 'url' => wp_get_attachment_url($id)];
    } finally {
        igny8_unlock($lock);
    }
}

/** Stores igny8's defaults for this site and returns the site's settings. */
function igny8_route_sync_settings(WP_REST_Request $req) {
    $b = igny8_json_body($req);
    if ($b === null) {
        return igny8_bad_request('The body must be a JSON object.');
    }
    if (isset($b['defaults']) && is_array($b['defaults'])) {
        update_option('igny8_defaults', $b['defaults'], false);
    }
    $cats = [];
    foreach (get_terms(['taxonomy' => 'category', 'hide_empty' => false]) as $t) {
        $cats[] = ['id' => $t->term_id, 'name' => $t->name, 'slug' => $t->slug];
    }
    $authors = [];
    foreach (get_users(['capability' => 'publish_posts', 'fields' => ['ID', 'display_name']]) as $u) {
        $authors[] = ['id' => (int) $u->ID, 'name' => $u->display_name];
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
    ];
}

/** Posts carrying an igny8 content id that changed since a time (any status, trash included). */
function igny8_route_pull_updates(WP_REST_Request $req) {
    $b = igny8_json_body($req);
    if ($b === null) {
        return igny8_bad_request('The body must be a JSON object.');
    }
    $since = isset($b['since']) ? strtotime((string) $b['since']) : 0;
    if ($since === false) {
        return igny8_bad_request('since must be a date.');
    }
    $q = new WP_Query([
        'post_type' => 'post',
        'post_status' => ['publish', 'future', 'draft', 'pending', 'private', 'trash'],
        'meta_key' => '_igny8_content_id',
        'posts_per_page' => 500,
        'orderby' => 'modified',
        'order' => 'ASC',
        'no_found_rows' => true,
        'fields' => 'ids',
        'date_query' => [['column' => 'post_modified_gmt', 'after' => gmdate('Y-m-d H:i:s', $since), 'inclusive' => true]],
    ]);
    $posts = [];
    foreach ($q->posts as $id) {
        $posts[] = igny8_post_summary($id);
    }
    return ['posts' => $posts];
}

function igny8_route_connect(WP_REST_Request $req) {
    $b = igny8_json_body($req);
    $r = igny8_apply_link_token($b['token'] ?? '', get_current_user_id());
    if (is_wp_error($r)) {
        return $r;
    }
    return ['linked' => true, 'site_id' => get_option('igny8_site_id'), 'plugin_version' => IGNY8_BRIDGE_VERSION];
}
