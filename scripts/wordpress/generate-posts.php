<?php
// Fills the igny8 index test site with N generated posts (and a few pages)
// in a handful of SQL statements, so the setup stays quick. Usage:
//   php generate-posts.php SITE PORT N
// Idempotent: a site that already holds the generated set is left as is.
// The posts are deterministic: post k (1-based) is angle (k-1) % 10 of
// subject intdiv(k-1, 10) % 50, in that subject's category, published k*2
// days before 2026-11-30 (so the oldest are years old), with three H2
// sections. Tests rely on these titles (wordpress/site_index_test.go,
// overlap tests), so change them together.
[$_, $site, $port, $n] = $argv;
$n = (int)$n;
$_SERVER['WORDPRESS_CONFIG'] = $site;
$_SERVER['HTTP_HOST'] = '127.0.0.1:' . $port;
$_SERVER['REQUEST_URI'] = '/';
require '/usr/share/wordpress/wp-load.php';
global $wpdb;

// Core sitemaps are served only by a public site (the sitemap test reads them).
update_option('blog_public', '1');
if ((int)get_option('igny8_index_generated') === $n) {
    exit(0);
}
// Only the generated set: WordPress's sample post and pages go.
foreach (get_posts(['post_type' => ['post', 'page'], 'post_status' => 'any', 'numberposts' => -1, 'fields' => 'ids']) as $id) {
    if (!str_starts_with(get_post_field('post_name', $id), 'gen-')) {
        wp_delete_post($id, true);
    }
}
// An interrupted or different earlier run: start again.
$wpdb->query("DELETE FROM {$wpdb->term_relationships} WHERE object_id IN (SELECT ID FROM {$wpdb->posts} WHERE post_name LIKE 'gen-%')");
$wpdb->query("DELETE FROM {$wpdb->posts} WHERE post_name LIKE 'gen-%'");

$groups = [
    'Coffee' => ['pour-over coffee', 'espresso machines', 'cold brew coffee', 'coffee grinders', 'french press coffee', 'latte art', 'decaf coffee', 'coffee beans storage', 'moka pot coffee', 'coffee roasting at home'],
    'Gardening' => ['tomato plants', 'raised garden beds', 'composting', 'indoor herbs', 'rose pruning', 'lawn care', 'succulents', 'vegetable seeds', 'garden pests', 'fruit trees'],
    'Running' => ['trail running shoes', 'marathon training', 'running injuries', 'interval training', 'running in winter', 'running nutrition', 'couch to 5k', 'running form', 'recovery days', 'running watches'],
    'Money' => ['emergency funds', 'index funds', 'credit scores', 'budget apps', 'retirement savings', 'student loans', 'tax returns', 'side hustles', 'home mortgages', 'travel insurance'],
    'Home' => ['kitchen knives', 'cast iron pans', 'robot vacuums', 'mattress shopping', 'home office desks', 'air purifiers', 'bathroom cleaning', 'closet organisation', 'led lighting', 'houseplant care'],
];
$angles = [
    'How to choose %s', 'A beginner\'s guide to %s', '10 mistakes people make with %s', 'The history of %s',
    '%s on a budget', 'Caring for %s: a maintenance checklist', '%s compared with the alternatives', 'The best %s of the year',
    'What experts get wrong about %s', 'Everything you need to know about %s',
];
$subjects = [];
$catOf = [];
foreach ($groups as $cat => $list) {
    $t = term_exists($cat, 'category') ?: wp_insert_term($cat, 'category');
    $ttid = (int)(is_array($t) ? $t['term_taxonomy_id'] : $t);
    foreach ($list as $s) {
        $subjects[] = $s;
        $catOf[] = $ttid;
    }
}
$base = strtotime('2026-11-30 09:00:00 UTC');
$admin = get_user_by('login', 'admin')->ID;
$rows = [];
$rels = [];
for ($k = 1; $k <= $n; $k++) {
    $si = intdiv($k - 1, 10) % count($subjects);
    $subject = $subjects[$si];
    $title = ucfirst(sprintf($angles[($k - 1) % 10], $subject));
    $slug = 'gen-' . $k . '-' . sanitize_title($title);
    $when = gmdate('Y-m-d H:i:s', $base - $k * 2 * 86400);
    $body = "<!-- wp:paragraph --><p>This article is about $subject. Readers who care about $subject will find practical advice here.</p><!-- /wp:paragraph -->\n";
    foreach (['Why ' . $subject . ' matters', 'Getting started with ' . $subject, 'Common questions about ' . $subject] as $h) {
        $body .= "<!-- wp:heading --><h2>$h</h2><!-- /wp:heading -->\n<!-- wp:paragraph --><p>Notes on $h. We tested $subject for weeks and wrote down what worked and what did not.</p><!-- /wp:paragraph -->\n";
    }
    $rows[] = $wpdb->prepare('(%d,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%d,%s,%d,%s,%s,%d)',
        $admin, $when, $when, $body, $title, '', 'publish', 'closed', 'closed', $slug, '', '', $when, $when, '', 0,
        home_url('/?p=gen' . $k), 0, 'post', '', 0);
    $rels[$slug] = $catOf[$si];
}
$pages = ['About this site' => 'gen-page-about', 'Contact us' => 'gen-page-contact', 'Coffee brewing hub' => 'gen-page-coffee-hub',
    'Gardening calendar' => 'gen-page-garden-calendar', 'Privacy policy' => 'gen-page-privacy'];
foreach ($pages as $title => $slug) {
    $when = gmdate('Y-m-d H:i:s', $base - 400 * 86400);
    $rows[] = $wpdb->prepare('(%d,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%d,%s,%d,%s,%s,%d)',
        $admin, $when, $when, "<p>$title of the igny8 index test site.</p><h2>$title in short</h2><p>More words.</p>", $title, '', 'publish',
        'closed', 'closed', $slug, '', '', $when, $when, '', 0, home_url('/?page=' . $slug), 0, 'page', '', 0);
}
$wpdb->query('START TRANSACTION');
foreach (array_chunk($rows, 100) as $chunk) {
    $ok = $wpdb->query("INSERT INTO {$wpdb->posts} (post_author, post_date, post_date_gmt, post_content, post_title, post_excerpt, post_status,
        comment_status, ping_status, post_name, to_ping, pinged, post_modified, post_modified_gmt, post_content_filtered, post_parent, guid,
        menu_order, post_type, post_mime_type, comment_count) VALUES " . implode(',', $chunk));
    if ($ok === false) {
        fwrite(STDERR, "insert posts: {$wpdb->last_error}\n");
        exit(1);
    }
}
$wpdb->query("INSERT INTO {$wpdb->term_relationships} (object_id, term_taxonomy_id)
    SELECT p.ID, CASE " . implode(' ', array_map(fn($s, $tt) => $wpdb->prepare('WHEN p.post_name = %s THEN %d', $s, $tt), array_keys($rels), $rels)) . " END
    FROM {$wpdb->posts} p WHERE p.post_type = 'post' AND p.post_name LIKE 'gen-%'");
$wpdb->query('COMMIT');
$uncat = (int)get_option('default_category');
foreach (array_unique(array_values($catOf)) as $tt) {
    wp_update_term_count_now([$tt], 'category');
}
wp_update_term_count_now([$uncat], 'category');
update_option('igny8_index_generated', $n);
echo "generated $n posts and " . count($pages) . " pages\n";
