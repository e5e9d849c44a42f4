<?php
if (!defined('ABSPATH')) {
    exit;
}

/*
 * Keyword and cluster sync (igny8 → WordPress). Every post igny8 publishes
 * carries which igny8 cluster, keywords and task it was written for, in post
 * meta (_igny8_cluster_id, _igny8_keyword_ids as a comma list, _igny8_task_id)
 * and, for the cluster, as a term of the private taxonomy igny8_cluster (one
 * term per igny8 cluster, its slug the cluster id). igny8 pushes the site's
 * whole cluster list (sync-clusters), so clusters that no post covers yet have
 * their term too, and Posts > igny8 clusters shows the map.
 *
 * Unlike _igny8_content_id (it decides which post igny8 overwrites, so only
 * signed requests write it), these ids only describe a post. Core REST may
 * write them for a user who may edit the post, so a site publishing through
 * an Application Password with this plugin installed gets them too.
 */

define('IGNY8_CLUSTER_TAXONOMY', 'igny8_cluster');

/** The post meta keys of the cluster sync. */
function igny8_cluster_meta_keys() {
    return ['_igny8_cluster_id', '_igny8_keyword_ids', '_igny8_task_id'];
}

function igny8_register_cluster_meta() {
    $can_edit = function ($allowed, $key, $post_id) {
        return current_user_can('edit_post', (int) $post_id);
    };
    foreach (igny8_cluster_meta_keys() as $key) {
        register_post_meta('post', $key, [
            'type' => 'string',
            'single' => true,
            'show_in_rest' => true,
            'auth_callback' => $can_edit,
            'sanitize_callback' => 'igny8_sanitize_id_list',
        ]);
    }
}

/** An id or a comma list of ids: letters, digits, _ and - only. */
function igny8_sanitize_id_list($v) {
    $ids = array_filter(array_map('trim', explode(',', (string) $v)), function ($id) {
        return preg_match('/^[A-Za-z0-9_-]{1,64}$/', $id);
    });
    return implode(',', array_slice(array_values($ids), 0, 500));
}

/**
 * The private taxonomy: not public, no archive pages, not in REST or the
 * post editor; wp-admin shows it only through the cluster map.
 */
function igny8_register_cluster_taxonomy() {
    register_taxonomy(IGNY8_CLUSTER_TAXONOMY, 'post', [
        'labels' => ['name' => __('igny8 clusters', 'igny8-bridge'), 'singular_name' => __('igny8 cluster', 'igny8-bridge')],
        'public' => false,
        'publicly_queryable' => false,
        'show_ui' => false,
        'show_in_rest' => false,
        'show_in_nav_menus' => false,
        'show_tagcloud' => false,
        'hierarchical' => false,
        'rewrite' => false,
        'query_var' => false,
    ]);
}

/**
 * Checks the igny8_meta field of an import: {cluster_id, cluster_name,
 * keyword_ids, task_id}; returns the clean value or a WP_Error.
 */
function igny8_meta_field(array $b) {
    $m = $b['igny8_meta'];
    if (!is_array($m)) {
        return igny8_bad_request('igny8_meta', 'igny8_meta must be an object.');
    }
    $out = ['cluster_id' => '', 'cluster_name' => '', 'keyword_ids' => [], 'task_id' => ''];
    foreach (['cluster_id', 'task_id'] as $k) {
        $v = $m[$k] ?? '';
        if ($v !== '' && (!is_string($v) || !preg_match('/^[A-Za-z0-9_-]{1,64}$/', $v))) {
            return igny8_bad_request('igny8_meta.' . $k, sprintf('igny8_meta.%s must be an igny8 id (1-64 letters, digits, _ and -) or empty.', $k));
        }
        $out[$k] = (string) $v;
    }
    $name = $m['cluster_name'] ?? '';
    if (!is_string($name) || igny8_len($name) > 200) {
        return igny8_bad_request('igny8_meta.cluster_name', 'igny8_meta.cluster_name must be text of at most 200 characters.');
    }
    $out['cluster_name'] = trim(sanitize_text_field($name));
    $ids = $m['keyword_ids'] ?? [];
    if (!is_array($ids) || count($ids) > 500) {
        return igny8_bad_request('igny8_meta.keyword_ids', 'igny8_meta.keyword_ids must be a list of at most 500 ids.');
    }
    foreach ($ids as $id) {
        if (!is_string($id) || !preg_match('/^[A-Za-z0-9_-]{1,64}$/', $id)) {
            return igny8_bad_request('igny8_meta.keyword_ids', 'igny8_meta.keyword_ids must hold igny8 ids.');
        }
        $out['keyword_ids'][] = $id;
    }
    return $out;
}

/** The cluster's term (created or renamed as needed); 0 when it cannot be made. */
function igny8_cluster_term($cluster_id, $name) {
    $slug = strtolower($cluster_id);
    $t = get_term_by('slug', $slug, IGNY8_CLUSTER_TAXONOMY);
    if ($t) {
        if ($name !== '' && $t->name !== $name) {
            wp_update_term($t->term_id, IGNY8_CLUSTER_TAXONOMY, ['name' => $name]);
        }
        return (int) $t->term_id;
    }
    $r = wp_insert_term($name !== '' ? $name : $cluster_id, IGNY8_CLUSTER_TAXONOMY, ['slug' => $slug]);
    if (is_wp_error($r)) {
        // a term of the same name (another cluster): keep the slug unique
        $r = wp_insert_term(($name !== '' ? $name : $cluster_id) . ' (' . $cluster_id . ')', IGNY8_CLUSTER_TAXONOMY, ['slug' => $slug]);
    }
    if (is_wp_error($r)) {
        return 0;
    }
    update_term_meta((int) $r['term_id'], '_igny8_cluster_id', $cluster_id);
    return (int) $r['term_id'];
}

/** Writes the cluster, keyword and task ids of a post and its cluster term. */
function igny8_write_cluster_meta($post_id, array $m) {
    update_post_meta($post_id, '_igny8_cluster_id', $m['cluster_id']);
    update_post_meta($post_id, '_igny8_keyword_ids', implode(',', $m['keyword_ids']));
    update_post_meta($post_id, '_igny8_task_id', $m['task_id']);
    $terms = [];
    if ($m['cluster_id'] !== '') {
        $tid = igny8_cluster_term($m['cluster_id'], $m['cluster_name']);
        if ($tid) {
            $terms[] = $tid;
        }
    }
    wp_set_object_terms($post_id, $terms, IGNY8_CLUSTER_TAXONOMY);
}

/** The ids as stored on a post (what the post summary reports). */
function igny8_read_cluster_meta($post_id) {
    $kw = (string) get_post_meta($post_id, '_igny8_keyword_ids', true);
    return [
        'cluster_id' => (string) get_post_meta($post_id, '_igny8_cluster_id', true),
        'keyword_ids' => $kw === '' ? [] : explode(',', $kw),
        'task_id' => (string) get_post_meta($post_id, '_igny8_task_id', true),
    ];
}

/**
 * POST sync-clusters {clusters: [{id, name, keywords}]}: the site's whole
 * list of igny8 clusters. Each gets its term (name and keyword count kept up
 * to date); terms of clusters no longer in the list are deleted (their posts
 * keep their _igny8_cluster_id). Answers the map: per cluster the posts that
 * cover it.
 */
function igny8_route_sync_clusters(WP_REST_Request $req) {
    $b = igny8_json_body($req);
    if ($b === null || !isset($b['clusters']) || !is_array($b['clusters']) || count($b['clusters']) > 5000) {
        return igny8_bad_request('clusters', 'clusters must be a list of at most 5000 {id, name, keywords}.');
    }
    $clean = [];
    foreach ($b['clusters'] as $c) {
        if (!is_array($c)) {
            return igny8_bad_request('clusters', 'each cluster must be an object.');
        }
        $id = igny8_id_field($c, 'id');
        if (is_wp_error($id)) {
            return $id;
        }
        $name = $c['name'] ?? '';
        if (!is_string($name) || igny8_len($name) > 200) {
            return igny8_bad_request('clusters.name', 'a cluster name must be text of at most 200 characters.');
        }
        $n = igny8_int_field($c, 'keywords');
        if (is_wp_error($n)) {
            return $n;
        }
        $clean[strtolower($id)] = ['id' => $id, 'name' => trim(sanitize_text_field($name)), 'keywords' => $n];
    }
    $sid = isset($b['site_id']) && is_string($b['site_id']) && preg_match('/^[A-Za-z0-9_-]{1,64}$/', $b['site_id']) ? $b['site_id'] : '';
    $lock = 'igny8_clusters';
    if (!igny8_lock($lock)) {
        return new WP_Error('igny8_busy', 'Another cluster sync is running.', ['status' => 409]);
    }
    try {
        foreach ($clean as $c) {
            $tid = igny8_cluster_term($c['id'], $c['name']);
            if ($tid) {
                update_term_meta($tid, '_igny8_keyword_count', $c['keywords']);
                update_term_meta($tid, '_igny8_site_id', $sid);
            }
        }
        $removed = 0;
        // only the terms of the igny8 site that sent the list
        foreach (get_terms(['taxonomy' => IGNY8_CLUSTER_TAXONOMY, 'hide_empty' => false]) as $t) {
            if (!isset($clean[$t->slug]) && (string) get_term_meta($t->term_id, '_igny8_site_id', true) === $sid) {
                wp_delete_term($t->term_id, IGNY8_CLUSTER_TAXONOMY);
                $removed++;
            }
        }
        update_option('igny8_clusters_synced_at', gmdate('c'), false);
    } finally {
        igny8_unlock($lock);
    }
    $map = igny8_cluster_map();
    return ['clusters' => count($clean), 'removed' => $removed, 'covered' => count(array_filter($map, function ($c) {
        return $c['posts'];
    })), 'map' => $map];
}

/**
 * The cluster map: every igny8 cluster term with the posts (any status but
 * trash) that cover it, the uncovered ones included.
 */
function igny8_cluster_map() {
    $out = [];
    foreach (get_terms(['taxonomy' => IGNY8_CLUSTER_TAXONOMY, 'hide_empty' => false, 'orderby' => 'name']) as $t) {
        $posts = get_posts(['post_type' => 'post', 'post_status' => ['publish', 'future', 'draft', 'pending', 'private'],
            'numberposts' => 100, 'fields' => 'ids', 'orderby' => 'ID', 'order' => 'ASC',
            'tax_query' => [['taxonomy' => IGNY8_CLUSTER_TAXONOMY, 'field' => 'term_id', 'terms' => $t->term_id]]]);
        $out[] = [
            'id' => (string) (get_term_meta($t->term_id, '_igny8_cluster_id', true) ?: $t->slug),
            'name' => $t->name,
            'keywords' => (int) get_term_meta($t->term_id, '_igny8_keyword_count', true),
            'posts' => array_map('intval', $posts),
        ];
    }
    return $out;
}

/** Posts > igny8 clusters: which posts cover which clusters, and which clusters have none. */
function igny8_cluster_map_menu() {
    add_posts_page(__('igny8 clusters', 'igny8-bridge'), __('igny8 clusters', 'igny8-bridge'), 'edit_posts', 'igny8-clusters', 'igny8_cluster_map_page');
}

function igny8_cluster_map_page() {
    if (!current_user_can('edit_posts')) {
        wp_die(esc_html__('You are not allowed to see the igny8 cluster map.', 'igny8-bridge'), 403);
    }
    $map = igny8_cluster_map();
    $covered = array_values(array_filter($map, function ($c) {
        return $c['posts'];
    }));
    $uncovered = array_values(array_filter($map, function ($c) {
        return !$c['posts'];
    }));
    echo '<div class="wrap igny8-clusters"><h1>' . esc_html__('igny8 clusters', 'igny8-bridge') . '</h1>';
    if (!$map) {
        echo '<p>' . esc_html__('igny8 has not sent this site\'s clusters yet. They arrive with the next sync in igny8.', 'igny8-bridge') . '</p></div>';
        return;
    }
    /* translators: 1: clusters with posts, 2: all clusters */
    echo '<p>' . esc_html(sprintf(__('%1$d of %2$d clusters are covered by a post.', 'igny8-bridge'), count($covered), count($map))) . '</p>';
    echo '<h2>' . esc_html__('Covered clusters', 'igny8-bridge') . '</h2>';
    echo '<table class="widefat striped igny8-covered"><thead><tr><th scope="col">' . esc_html__('Cluster', 'igny8-bridge') . '</th><th scope="col">'
        . esc_html__('Keywords', 'igny8-bridge') . '</th><th scope="col">' . esc_html__('Posts', 'igny8-bridge') . '</th></tr></thead><tbody>';
    foreach ($covered as $c) {
        $links = [];
        foreach ($c['posts'] as $pid) {
            $title = get_the_title($pid);
            $links[] = '<a href="' . esc_url((string) get_edit_post_link($pid)) . '">' . esc_html($title !== '' ? $title : '#' . $pid) . '</a>'
                . ' <span class="post-state">(' . esc_html(get_post_status($pid)) . ')</span>';
        }
        echo '<tr><td>' . esc_html($c['name']) . '</td><td>' . esc_html((string) $c['keywords']) . '</td><td>' . implode('<br>', $links) . '</td></tr>';
    }
    echo '</tbody></table>';
    echo '<h2>' . esc_html__('Clusters without a post', 'igny8-bridge') . '</h2>';
    if (!$uncovered) {
        echo '<p>' . esc_html__('Every cluster has a post.', 'igny8-bridge') . '</p>';
    } else {
        echo '<ul class="igny8-uncovered">';
        foreach ($uncovered as $c) {
            /* translators: 1: cluster name, 2: keyword count */
            echo '<li>' . esc_html(sprintf(__('%1$s (%2$d keywords)', 'igny8-bridge'), $c['name'], $c['keywords'])) . '</li>';
        }
        echo '</ul>';
    }
    echo '</div>';
}
