<?php
if (!defined('ABSPATH')) {
    exit;
}

/*
 * The move-in export (docs/MIGRATING.md): on hosting where igny8 cannot reach
 * the WordPress database, igny8 reads the old IGNY8 plugin's data through the
 * Bridge instead, page by page, with the same signed requests as every other
 * route (each signature once, a 5-minute window). It reads only the old
 * plugin's data — its igny8_* tables, its igny8_* post types with their
 * _igny8_* meta and igny8_* terms, its igny8_* options — and the posts igny8
 * asks for by id (the posts the plugin's content is linked to). It writes
 * nothing. Every page is bounded twice: by a row count igny8 asks for (at most
 * IGNY8_BRIDGE_EXPORT_MAX_ROWS) and by about IGNY8_BRIDGE_EXPORT_BYTES of
 * values (a page always holds at least one row); the order is stable (by id,
 * or by the table's primary key) and the answer names where the next page
 * starts.
 */

define('IGNY8_BRIDGE_EXPORT_MAX_ROWS', 1000);
define('IGNY8_BRIDGE_EXPORT_BYTES', 2 * 1024 * 1024);

function igny8_register_export_routes() {
    register_rest_route(IGNY8_BRIDGE_NS, '/legacy-export', ['methods' => 'POST', 'callback' => 'igny8_route_legacy_export', 'permission_callback' => 'igny8_verify_request']);
}

/** The Bridge's own options (named igny8_… too): never part of the old plugin's data. */
function igny8_bridge_own_option($name) {
    if (strpos($name, 'igny8_bridge') === 0) {
        return true;
    }
    return in_array($name, ['igny8_defaults', 'igny8_instance', 'igny8_linked_at', 'igny8_pending_link', 'igny8_clusters_synced_at',
        'igny8_site_id', 'igny8_site_name', 'igny8_user_id', 'igny8_workspace'], true);
}

/** A cell as JSON carries it: null, text, or {"base64": …} for bytes that are not UTF-8. */
function igny8_export_cell($v) {
    if ($v === null) {
        return null;
    }
    $v = (string) $v;
    if (preg_match('//u', $v)) {
        return $v;
    }
    return ['base64' => base64_encode($v)];
}

/** The tables of this site's prefix (names without it, lower case). */
function igny8_export_tables() {
    global $wpdb;
    $names = $wpdb->get_col($wpdb->prepare(
        'SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE %s',
        $wpdb->esc_like($wpdb->prefix) . '%'
    ));
    $out = [];
    foreach ($names as $n) {
        $out[] = strtolower(substr($n, strlen($wpdb->prefix)));
    }
    sort($out);
    return $out;
}

/** POST legacy-export {op, …}: describe, table, posts, posts_by_id or options (see each). */
function igny8_route_legacy_export(WP_REST_Request $req) {
    $b = igny8_json_body($req);
    if ($b === null) {
        return igny8_bad_request('body', 'The body must be a JSON object.');
    }
    $op = isset($b['op']) ? $b['op'] : '';
    $limit = array_key_exists('limit', $b) ? igny8_int_field($b, 'limit') : 500;
    if (is_wp_error($limit) || $limit < 1 || $limit > IGNY8_BRIDGE_EXPORT_MAX_ROWS) {
        return igny8_bad_request('limit', sprintf('limit must be between 1 and %d.', IGNY8_BRIDGE_EXPORT_MAX_ROWS));
    }
    switch ($op) {
        case 'describe':
            return igny8_export_describe();
        case 'table':
            return igny8_export_table($b, $limit);
        case 'posts':
        case 'posts_by_id':
            return igny8_export_posts($b, $limit, $op === 'posts_by_id');
        case 'options':
            return igny8_export_options($b, $limit);
    }
    return igny8_bad_request('op', 'op is describe, table, posts, posts_by_id or options.');
}

/** describe → {prefix, database, tables, post_types: {type: count}, max_rows, page_bytes}. */
function igny8_export_describe() {
    global $wpdb;
    $types = [];
    foreach ($wpdb->get_results("SELECT post_type, COUNT(*) AS n FROM {$wpdb->posts} WHERE post_type LIKE 'igny8\\_%' GROUP BY post_type") as $r) {
        $types[$r->post_type] = (int) $r->n;
    }
    return [
        'prefix' => $wpdb->prefix,
        'database' => (string) DB_NAME,
        'tables' => igny8_export_tables(),
        'post_types' => (object) $types,
        'max_rows' => IGNY8_BRIDGE_EXPORT_MAX_ROWS,
        'page_bytes' => IGNY8_BRIDGE_EXPORT_BYTES,
    ];
}

/**
 * table {table: "igny8_…", after?, limit} → {columns, rows: [[cell…]…], more,
 * after}: one page of an igny8_* table. A table with an id column is read by
 * id (after = the last id read); any other by its primary key columns (else
 * all of them) with an offset (after = "offset:N").
 */
function igny8_export_table(array $b, $limit) {
    global $wpdb;
    $name = isset($b['table']) ? $b['table'] : '';
    if (!is_string($name) || !preg_match('/^igny8_[a-z0-9_]{1,58}$/', $name) || !in_array($name, igny8_export_tables(), true)) {
        return igny8_bad_request('table', 'table is one of the old plugin\'s igny8_… tables of this site.');
    }
    $after = isset($b['after']) ? $b['after'] : null;
    if ($after !== null && (!is_string($after) || strlen($after) > 100)) {
        return igny8_bad_request('after', 'after is the "after" of the previous page.');
    }
    $real = $wpdb->get_var($wpdb->prepare(
        'SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND LOWER(table_name) = %s',
        $wpdb->prefix . $name
    ));
    $cols = $wpdb->get_results($wpdb->prepare(
        'SELECT column_name AS name, column_key AS k FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = %s ORDER BY ordinal_position',
        $real
    ));
    $names = [];
    $id = null;
    $pk = [];
    foreach ($cols as $c) {
        $names[] = strtolower($c->name);
        if (strtolower($c->name) === 'id') {
            $id = $c->name;
        }
        if ($c->k === 'PRI') {
            $pk[] = '`' . str_replace('`', '``', $c->name) . '`';
        }
    }
    $t = '`' . str_replace('`', '``', $real) . '`';
    if ($id !== null) {
        $where = $after === null ? '' : $wpdb->prepare(' WHERE `' . $id . '` > %s', $after);
        $sql = "SELECT * FROM $t$where ORDER BY `$id` LIMIT " . (int) $limit;
        $offset = 0;
    } else {
        $offset = 0;
        if ($after !== null) {
            if (!preg_match('/^offset:(\d{1,15})$/', $after, $m)) {
                return igny8_bad_request('after', 'after is the "after" of the previous page.');
            }
            $offset = (int) $m[1];
        }
        if (!$pk) {
            foreach ($names as $i => $_) {
                $pk[] = (string) ($i + 1);
            }
        }
        $sql = "SELECT * FROM $t ORDER BY " . implode(',', $pk) . ' LIMIT ' . (int) $limit . ' OFFSET ' . $offset;
    }
    $rows = $wpdb->get_results($sql, ARRAY_N);
    if ($wpdb->last_error !== '') {
        error_log('igny8 bridge: export ' . $name . ': ' . $wpdb->last_error);
        return new WP_Error('igny8_wp_failed', 'WordPress could not read the table (the details are in the site\'s PHP error log).', ['status' => 500]);
    }
    $out = [];
    $bytes = 0;
    $last = null;
    $idIndex = $id === null ? -1 : array_search('id', $names, true);
    foreach ($rows as $r) {
        if ($out && $bytes >= IGNY8_BRIDGE_EXPORT_BYTES) {
            break;
        }
        $cells = [];
        foreach ($r as $v) {
            $bytes += $v === null ? 4 : strlen($v) + 3;
            $cells[] = igny8_export_cell($v);
        }
        $out[] = $cells;
        $last = $idIndex >= 0 ? (string) $r[$idIndex] : null;
    }
    $more = count($out) < count($rows) || count($rows) === (int) $limit;
    $next = $id !== null ? $last : 'offset:' . ($offset + count($out));
    unset($rows);
    return ['columns' => $names, 'rows' => $out, 'more' => $more && $out, 'after' => $more && $out ? $next : null];
}

/**
 * posts {types: ["igny8_…"…], after_id, limit} → {posts, more, after_id}: the
 * old plugin's posts of those types by ID, each with its _igny8_* meta (in
 * meta_id order) and igny8_* terms (by name). posts_by_id {ids: [≤500],
 * after_id, limit}: those posts (of any type, without meta), by ID.
 */
function igny8_export_posts(array $b, $limit, $byId) {
    global $wpdb;
    $after = igny8_int_field($b, 'after_id');
    if (is_wp_error($after)) {
        return $after;
    }
    if ($byId) {
        $ids = isset($b['ids']) ? $b['ids'] : null;
        if (!is_array($ids) || count($ids) > 500) {
            return igny8_bad_request('ids', 'ids is a list of at most 500 post ids.');
        }
        $clean = [];
        foreach ($ids as $v) {
            if (!is_int($v) || $v < 1) {
                return igny8_bad_request('ids', 'ids is a list of post ids (whole numbers).');
            }
            $clean[] = $v;
        }
        if (!$clean) {
            return ['posts' => [], 'more' => false, 'after_id' => null];
        }
        $filter = 'ID IN (' . implode(',', $clean) . ')';
    } else {
        $types = isset($b['types']) ? $b['types'] : null;
        if (!is_array($types) || !$types || count($types) > 10) {
            return igny8_bad_request('types', 'types is a list of the old plugin\'s post types (igny8_…).');
        }
        $quoted = [];
        foreach ($types as $ty) {
            if (!is_string($ty) || !preg_match('/^igny8_[a-z0-9_]{1,30}$/', $ty)) {
                return igny8_bad_request('types', 'types is a list of the old plugin\'s post types (igny8_…).');
            }
            $quoted[] = "'" . $ty . "'";
        }
        $filter = 'post_type IN (' . implode(',', $quoted) . ')';
    }
    $rows = $wpdb->get_results($wpdb->prepare(
        "SELECT ID AS id, post_title AS title, post_content AS content, post_status AS status, post_type, post_name AS slug, post_date AS date
         FROM {$wpdb->posts} WHERE $filter AND ID > %d ORDER BY ID LIMIT %d",
        $after, $limit
    ), ARRAY_A);
    $posts = [];
    $bytes = 0;
    foreach ($rows as $r) {
        if ($posts && $bytes >= IGNY8_BRIDGE_EXPORT_BYTES) {
            break;
        }
        $p = [];
        foreach ($r as $k => $v) {
            $bytes += $v === null ? 4 : strlen($v) + 3;
            $p[$k] = igny8_export_cell($v);
        }
        $p['meta'] = [];
        $p['terms'] = [];
        $posts[(int) $r['id']] = $p;
    }
    $more = count($posts) < count($rows) || count($rows) === (int) $limit;
    if ($posts && !$byId) {
        $in = implode(',', array_keys($posts));
        foreach ($wpdb->get_results("SELECT post_id, meta_key, meta_value FROM {$wpdb->postmeta} WHERE post_id IN ($in) AND meta_key LIKE '\\_igny8\\_%' ORDER BY post_id, meta_id", ARRAY_N) as $m) {
            $bytes += strlen((string) $m[2]);
            $posts[(int) $m[0]]['meta'][] = [igny8_export_cell($m[1]), igny8_export_cell($m[2])];
        }
        foreach ($wpdb->get_results(
            "SELECT tr.object_id, tt.taxonomy, t.name FROM {$wpdb->term_relationships} tr
             JOIN {$wpdb->term_taxonomy} tt ON tt.term_taxonomy_id = tr.term_taxonomy_id JOIN {$wpdb->terms} t ON t.term_id = tt.term_id
             WHERE tr.object_id IN ($in) AND tt.taxonomy LIKE 'igny8\\_%' ORDER BY tr.object_id, t.name", ARRAY_N) as $m) {
            $posts[(int) $m[0]]['terms'][] = [igny8_export_cell($m[1]), igny8_export_cell($m[2])];
        }
    }
    $last = $posts ? max(array_keys($posts)) : null;
    return ['posts' => array_values($posts), 'more' => $more && $posts, 'after_id' => $more && $posts ? $last : null];
}

/**
 * options {after_id, limit, with_api_key?} → {options: [{id, name, value}], more,
 * after_id}: the old plugin's igny8_* options by option_id, never the
 * Bridge's own; the OpenAI key (igny8_api_key) has its value only when igny8
 * asks for it (the import imports it), else null.
 */
function igny8_export_options(array $b, $limit) {
    global $wpdb;
    $after = igny8_int_field($b, 'after_id');
    if (is_wp_error($after)) {
        return $after;
    }
    $withKey = !empty($b['with_api_key']);
    $rows = $wpdb->get_results($wpdb->prepare(
        "SELECT option_id AS id, option_name AS name, option_value AS value FROM {$wpdb->options}
         WHERE option_name LIKE %s AND option_id > %d ORDER BY option_id LIMIT %d",
        $wpdb->esc_like('igny8_') . '%', $after, $limit
    ), ARRAY_A);
    $out = [];
    $bytes = 0;
    $last = null;
    $seen = 0;
    foreach ($rows as $r) {
        if ($out && $bytes >= IGNY8_BRIDGE_EXPORT_BYTES) {
            break;
        }
        $seen++;
        $last = (int) $r['id'];
        if (igny8_bridge_own_option($r['name'])) {
            continue;
        }
        if ($r['name'] === 'igny8_api_key' && !$withKey) {
            $r['value'] = null;
        }
        $bytes += strlen((string) $r['value']) + strlen($r['name']);
        $out[] = ['id' => igny8_export_cell($r['id']), 'name' => igny8_export_cell($r['name']), 'value' => igny8_export_cell($r['value'])];
    }
    $more = $seen < count($rows) || count($rows) === (int) $limit;
    return ['options' => $out, 'more' => $more && $last !== null, 'after_id' => $more ? $last : null];
}
