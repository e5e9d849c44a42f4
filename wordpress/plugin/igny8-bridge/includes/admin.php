<?php
if (!defined('ABSPATH')) {
    exit;
}

function igny8_admin_menu() {
    $hook = add_options_page('igny8', 'igny8', 'manage_options', 'igny8', 'igny8_admin_page');
    add_action('load-' . $hook, 'igny8_admin_handle_post');
}

function igny8_settings_url() {
    return admin_url('options-general.php?page=igny8');
}

/** "Settings" on the plugin's row in Plugins. */
function igny8_action_links($links) {
    array_unshift($links, '<a href="' . esc_url(igny8_settings_url()) . '">' . esc_html__('Settings', 'igny8-bridge') . '</a>');
    return $links;
}

/** Once after activation, on every admin page: where to go next. */
function igny8_admin_notices() {
    if (!current_user_can('manage_options') || !get_transient('igny8_activated_notice')) {
        return;
    }
    $screen = function_exists('get_current_screen') ? get_current_screen() : null;
    if ($screen && $screen->id === 'settings_page_igny8') {
        return;
    }
    delete_transient('igny8_activated_notice');
    if (igny8_current_link()) {
        return;
    }
    echo '<div class="notice notice-info is-dismissible igny8-activated"><p>'
        . esc_html__('igny8 Bridge is active. Link it to your igny8 workspace to publish here:', 'igny8-bridge')
        . ' <a href="' . esc_url(igny8_settings_url()) . '">' . esc_html__('Settings → igny8', 'igny8-bridge') . '</a></p></div>';
}

/**
 * The page's own messages. The page never prints text from the request (an
 * "?igny8_error=..." link cannot put words in an official-looking box): every
 * message is one of these, chosen by what this request did.
 */
function igny8_message($key) {
    $m = [
        'not_linked' => __('This site is not linked to igny8 yet.', 'igny8-bridge'),
        'cancelled' => __('Nothing was changed.', 'igny8-bridge'),
        'unlinked_pending' => __('The waiting link was cancelled.', 'igny8-bridge'),
        'settings_saved' => __('Saved. igny8 gets the changes with its next sync.', 'igny8-bridge'),
        'settings_invalid' => __('Some values were not valid and were not saved.', 'igny8-bridge'),
    ];
    return $m[$key] ?? '';
}

/** What this request did, for the page to show (set while handling a POST). */
$GLOBALS['igny8_admin_result'] = null;

/**
 * Handles the page's forms before any output, so refusals answer 403. Step 1
 * (paste) only reads the token and shows who asks; nothing is stored. Step 2
 * (confirm) asks that igny8 whether it issued the token, then links, or waits
 * for a confirmation code when WordPress cannot reach igny8.
 */
function igny8_admin_handle_post() {
    if (($_SERVER['REQUEST_METHOD'] ?? '') !== 'POST') {
        return;
    }
    if (!current_user_can('manage_options')) {
        wp_die(esc_html__('You are not allowed to link this site to igny8.', 'igny8-bridge'), 403);
    }
    $step = sanitize_key((string) ($_POST['igny8_step'] ?? ''));
    check_admin_referer('igny8_' . $step);
    $token = is_string($_POST['token'] ?? null) ? trim(wp_unslash($_POST['token'])) : '';
    switch ($step) {
        case 'review':
            $claims = igny8_parse_link_token($token);
            $GLOBALS['igny8_admin_result'] = is_wp_error($claims) ? ['error' => $claims] : ['review' => $claims, 'token' => $token];
            return;
        case 'confirm':
            $r = igny8_link_with_token($token, get_current_user_id());
            $GLOBALS['igny8_admin_result'] = is_wp_error($r) ? ['error' => $r] : $r;
            return;
        case 'settings':
            $GLOBALS['igny8_admin_result'] = igny8_settings_save();
            return;
        case 'cancel':
            delete_option('igny8_pending_link');
            $GLOBALS['igny8_admin_result'] = ['info' => igny8_message('unlinked_pending')];
            return;
    }
    wp_die(esc_html__('Unknown action.', 'igny8-bridge'), 400);
}

function igny8_notice($class, $html) {
    echo '<div class="notice notice-' . esc_attr($class) . ' igny8-' . esc_attr($class) . '"><p>' . $html . '</p></div>';
}

/** "igny8 at host (url)" for an instance URL. */
function igny8_instance_html($url) {
    $host = (string) wp_parse_url($url, PHP_URL_HOST);
    return '<strong>' . esc_html($host) . '</strong> (<code>' . esc_html($url) . '</code>)';
}

/** Settings > igny8: the link state, the paste form, the confirmation step. */
function igny8_admin_page() {
    if (!current_user_can('manage_options')) {
        return;
    }
    $res = $GLOBALS['igny8_admin_result'];
    echo '<div class="wrap igny8-settings"><h1>' . esc_html__('igny8', 'igny8-bridge') . '</h1>';
    if (!is_ssl() && wp_parse_url(home_url(), PHP_URL_SCHEME) !== 'https') {
        igny8_notice('warning', esc_html__('This site uses plain HTTP: the link token you paste here, the secret it carries, and every request igny8 sends travel unencrypted (so do Application Passwords). Enable HTTPS on the site before linking it.', 'igny8-bridge'));
    }
    if (isset($res['error'])) {
        // Messages of this plugin's own WP_Errors (fixed texts, no token values).
        igny8_notice('error', esc_html($res['error']->get_error_message()));
    }
    if (isset($res['info'])) {
        igny8_notice('info', esc_html($res['info']));
    }
    if (isset($res['review'])) {
        igny8_admin_review($res['review'], $res['token']);
        echo '</div>';
        return;
    }
    if (isset($res['linked'])) {
        $c = $res['linked'];
        igny8_notice('success', sprintf(
            /* translators: 1: igny8 host and URL, 2: workspace name */
            esc_html__('Linked to igny8 at %1$s, workspace "%2$s".', 'igny8-bridge'),
            igny8_instance_html($c['instance']),
            esc_html($c['workspace'])
        ) . '<br/>' . esc_html__('Next step: in igny8, open Sites, choose this site and run "Check connection"; once it passes, igny8 publishes here through this plugin.', 'igny8-bridge'));
    }
    if (isset($res['pending'])) {
        igny8_notice('warning', sprintf(
            /* translators: %s: igny8 host and URL */
            esc_html__('WordPress could not reach igny8 at %s to confirm the token, so nothing is linked yet.', 'igny8-bridge'),
            igny8_instance_html($res['claims']['instance'])
        ) . '<br/>' . esc_html__('To finish, enter this code in igny8 (Sites → Connect with the plugin → Confirm with a code). It works for one hour:', 'igny8-bridge')
            . ' <code class="igny8-code" style="font-size:1.4em">' . esc_html($res['pending']) . '</code>');
    }
    $link = igny8_current_link();
    $pending = igny8_pending_link();
    if ($link) {
        echo '<p class="igny8-state">' . sprintf(
            /* translators: 1: igny8 host and URL, 2: workspace, 3: site name, 4: date */
            esc_html__('Linked to igny8 at %1$s, workspace "%2$s", site "%3$s", since %4$s.', 'igny8-bridge'),
            $link['instance'] !== '' ? igny8_instance_html($link['instance']) : esc_html__('(unknown address)', 'igny8-bridge'),
            esc_html($link['workspace']),
            esc_html($link['site_name']),
            esc_html($link['linked_at'])
        ) . '</p>';
    } else {
        echo '<p class="igny8-state">' . esc_html(igny8_message('not_linked')) . '</p>';
    }
    if ($pending && !isset($res['pending'])) {
        echo '<p class="igny8-pending">' . sprintf(
            /* translators: 1: igny8 host and URL */
            esc_html__('A link to igny8 at %1$s waits for its confirmation code (shown once, when you confirmed).', 'igny8-bridge'),
            igny8_instance_html($pending['claims']['instance'])
        ) . '</p>';
        echo '<form method="post" action="' . esc_url(igny8_settings_url()) . '">';
        wp_nonce_field('igny8_cancel');
        echo '<input type="hidden" name="igny8_step" value="cancel" />';
        submit_button(__('Cancel the waiting link', 'igny8-bridge'), 'secondary', 'submit', false);
        echo '</form>';
    }
    echo '<form method="post" action="' . esc_url(igny8_settings_url()) . '">';
    wp_nonce_field('igny8_review');
    echo '<input type="hidden" name="igny8_step" value="review" />';
    echo '<p><label for="igny8_token">' . esc_html__('Link token from igny8 (Sites → Connect with the plugin)', 'igny8-bridge') . '</label><br/>';
    echo '<textarea id="igny8_token" name="token" rows="4" cols="80"></textarea></p>';
    submit_button($link ? __('Review new link', 'igny8-bridge') : __('Review link', 'igny8-bridge'));
    echo '</form>';
    igny8_settings_form();
    echo '</div>';
}

/** Step 2: who asks to link, what it may do, and the confirm button. */
function igny8_admin_review(array $c, $token) {
    echo '<h2>' . esc_html__('Confirm the link', 'igny8-bridge') . '</h2>';
    echo '<p class="igny8-asks">' . sprintf(
        /* translators: 1: igny8 host and URL, 2: workspace name, 3: site name */
        esc_html__('igny8 at %1$s asks to link this site to its workspace "%2$s" (site "%3$s").', 'igny8-bridge'),
        igny8_instance_html($c['instance']),
        esc_html($c['workspace']),
        esc_html($c['site_name'])
    ) . '</p>';
    echo '<p>' . esc_html__('Once linked, it can create and update posts, upload images and create categories and tags here, as the user igny8-bridge (no other rights). Only confirm if you created this token yourself in your igny8 account at that address.', 'igny8-bridge') . '</p>';
    if (igny8_replaces_link($c)) {
        $cur = igny8_current_link();
        igny8_notice('warning', sprintf(
            /* translators: 1: current igny8 host and URL, 2: current workspace, 3: new igny8 host and URL */
            esc_html__('This site is linked to igny8 at %1$s (workspace "%2$s"). Confirming replaces that link with %3$s: the current igny8 can no longer publish here, and it will be told.', 'igny8-bridge'),
            $cur['instance'] !== '' ? igny8_instance_html($cur['instance']) : esc_html__('(unknown address)', 'igny8-bridge'),
            esc_html($cur['workspace']),
            igny8_instance_html($c['instance'])
        ));
    }
    echo '<form method="post" action="' . esc_url(igny8_settings_url()) . '">';
    wp_nonce_field('igny8_confirm');
    echo '<input type="hidden" name="igny8_step" value="confirm" />';
    echo '<input type="hidden" name="token" value="' . esc_attr($token) . '" />';
    submit_button(__('Confirm link', 'igny8-bridge'), 'primary', 'submit', false);
    echo ' <a class="button" href="' . esc_url(igny8_settings_url()) . '">' . esc_html__('Cancel', 'igny8-bridge') . '</a>';
    echo '</form>';
}
