<?php
if (!defined('ABSPATH')) {
    exit;
}

/**
 * SEO plugins igny8 knows, with the post meta keys each reads for the title,
 * description and focus keyword. Detected by constant or active plugin file.
 */
function igny8_seo_plugins() {
    return [
        'yoast' => ['const' => 'WPSEO_VERSION', 'file' => 'wordpress-seo/wp-seo.php',
            'keys' => ['title' => '_yoast_wpseo_title', 'description' => '_yoast_wpseo_metadesc', 'focus_keyword' => '_yoast_wpseo_focuskw']],
        'rankmath' => ['const' => 'RANK_MATH_VERSION', 'file' => 'seo-by-rank-math/rank-math.php',
            'keys' => ['title' => 'rank_math_title', 'description' => 'rank_math_description', 'focus_keyword' => 'rank_math_focus_keyword']],
        'seopress' => ['const' => 'SEOPRESS_VERSION', 'file' => 'wp-seopress/seopress.php',
            'keys' => ['title' => '_seopress_titles_title', 'description' => '_seopress_titles_desc', 'focus_keyword' => '_seopress_analysis_target_kw']],
        'aioseo' => ['const' => 'AIOSEO_VERSION', 'file' => 'all-in-one-seo-pack/all_in_one_seo_pack.php',
            'keys' => ['title' => '_aioseo_title', 'description' => '_aioseo_description', 'focus_keyword' => '_aioseo_keywords']],
    ];
}

/** The active SEO plugin's name, or 'none'. */
function igny8_active_seo_plugin() {
    $active = (array) get_option('active_plugins', []);
    foreach (igny8_seo_plugins() as $name => $p) {
        if (defined($p['const']) || (in_array($p['file'], $active, true) && file_exists(WP_PLUGIN_DIR . '/' . $p['file']))) {
            return $name;
        }
    }
    return 'none';
}

/** igny8's own keys, used (and printed in wp_head) when no SEO plugin is active. */
function igny8_own_seo_keys() {
    return ['title' => '_igny8_meta_title', 'description' => '_igny8_meta_description', 'focus_keyword' => '_igny8_focus_keyword'];
}

/**
 * Writes SEO meta for the active plugin and returns what was stored, read back.
 * AIOSEO 4 keeps its data in its own table; when its model class is present the
 * values go there too.
 */
function igny8_write_seo($post_id, array $seo) {
    $plugin = igny8_active_seo_plugin();
    $keys = $plugin === 'none' ? igny8_own_seo_keys() : igny8_seo_plugins()[$plugin]['keys'];
    $stored = [];
    foreach ($keys as $field => $key) {
        if (!array_key_exists($field, $seo)) {
            continue;
        }
        $value = sanitize_text_field((string) $seo[$field]);
        update_post_meta($post_id, $key, wp_slash($value));
        $stored[$key] = get_post_meta($post_id, $key, true);
    }
    if ($plugin === 'aioseo' && class_exists('\\AIOSEO\\Plugin\\Common\\Models\\Post')) {
        $model = \AIOSEO\Plugin\Common\Models\Post::getPost($post_id);
        if (isset($seo['title'])) {
            $model->title = sanitize_text_field((string) $seo['title']);
        }
        if (isset($seo['description'])) {
            $model->description = sanitize_text_field((string) $seo['description']);
        }
        $model->post_id = $post_id;
        $model->save();
    }
    return ['plugin' => $plugin, 'stored' => $stored];
}

function igny8_seo_head() {
    if (!is_singular('post') || igny8_active_seo_plugin() !== 'none') {
        return;
    }
    $desc = get_post_meta(get_queried_object_id(), '_igny8_meta_description', true);
    if ($desc !== '') {
        echo '<meta name="description" content="' . esc_attr($desc) . '" />' . "\n";
    }
}

function igny8_seo_document_title($title) {
    if (!is_singular('post') || igny8_active_seo_plugin() !== 'none') {
        return $title;
    }
    $t = get_post_meta(get_queried_object_id(), '_igny8_meta_title', true);
    return $t !== '' ? $t : $title;
}
