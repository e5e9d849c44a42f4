<?php
if (!defined('ABSPATH')) {
    exit;
}

function igny8_admin_menu() {
    add_options_page('igny8', 'igny8', 'manage_options', 'igny8', 'igny8_admin_page');
}

/** Settings > igny8: shows the link state and takes a pasted link token. */
function igny8_admin_page() {
    if (!current_user_can('manage_options')) {
        return;
    }
    $linked = get_option('igny8_linked_at');
    echo '<div class="wrap"><h1>igny8</h1>';
    if (isset($_GET['igny8_error'])) {
        echo '<div class="notice notice-error"><p>' . esc_html(wp_unslash($_GET['igny8_error'])) . '</p></div>';
    }
    echo '<p>' . ($linked ? esc_html(sprintf('Linked to igny8 site %s since %s.', get_option('igny8_site_id'), $linked)) : 'Not linked yet.') . '</p>';
    echo '<form method="post" action="' . esc_url(admin_url('admin-post.php')) . '">';
    wp_nonce_field('igny8_link');
    echo '<input type="hidden" name="action" value="igny8_link" />';
    echo '<p><label for="igny8_token">Link token from igny8 (Sites &rarr; Connect with the plugin)</label><br/>';
    echo '<textarea id="igny8_token" name="token" rows="4" cols="80"></textarea></p>';
    submit_button($linked ? 'Re-link' : 'Link');
    echo '</form></div>';
}

function igny8_admin_link() {
    if (!current_user_can('manage_options')) {
        wp_die('Not allowed.');
    }
    check_admin_referer('igny8_link');
    $r = igny8_apply_link_token(wp_unslash($_POST['token'] ?? ''), get_current_user_id());
    $url = admin_url('options-general.php?page=igny8');
    if (is_wp_error($r)) {
        $url = add_query_arg('igny8_error', rawurlencode($r->get_error_message()), $url);
    }
    wp_safe_redirect($url);
    exit;
}
