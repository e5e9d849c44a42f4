<?php
if (!defined('ABSPATH')) {
    exit;
}

/*
 * Settings sync both ways by an explicit field map (igny8's
 * wordpress.SettingsFieldMap holds the same keys): a few publishing defaults
 * that both igny8 (Sites → defaults) and this site (Settings → igny8) edit.
 * Each side stamps a field when it changes it (unix milliseconds); on every
 * sync igny8 sends its values and stamps, the later stamp wins per field
 * (a tie keeps igny8's), and both sides keep the winner; igny8 records each
 * change in its audit log. The values are kept per igny8 site id
 * (igny8_bridge_settings_<id>), so only the linked site's are edited here.
 */

/** The mapped fields: key => [label, checker returning the clean value or null]. */
function igny8_settings_map() {
    return [
        'post_status' => [__('Status of published posts (publish, draft, pending or private)', 'igny8-bridge'), function ($v) {
            return is_string($v) && in_array($v, ['publish', 'draft', 'pending', 'private'], true) ? $v : null;
        }],
        'images_per_article' => [__('Images per article (0-8)', 'igny8-bridge'), function ($v) {
            if (is_string($v) && ctype_digit($v)) {
                $v = (int) $v;
            }
            return is_int($v) && $v >= 0 && $v <= 8 ? $v : null;
        }],
        'categories' => [__('Categories of articles that name none (comma-separated)', 'igny8-bridge'), function ($v) {
            if (is_string($v)) {
                $v = array_values(array_filter(array_map('trim', explode(',', $v)), 'strlen'));
            }
            if (!is_array($v) || count($v) > 50) {
                return null;
            }
            $out = [];
            foreach ($v as $name) {
                if (!is_string($name)) {
                    return null;
                }
                $name = trim(sanitize_text_field($name));
                if ($name === '' || igny8_len($name) > 200) {
                    return null;
                }
                $out[] = $name;
            }
            return $out;
        }],
        'author' => [__('Author (WordPress user id, 0 for igny8-bridge)', 'igny8-bridge'), function ($v) {
            if (is_string($v) && ctype_digit($v)) {
                $v = (int) $v;
            }
            return is_int($v) && $v >= 0 ? $v : null;
        }],
    ];
}

function igny8_now_ms() {
    return (int) floor(microtime(true) * 1000);
}

function igny8_settings_option($site_id) {
    return 'igny8_bridge_settings_' . preg_replace('/[^A-Za-z0-9_-]/', '', (string) $site_id);
}

/** This site's side of the map for an igny8 site: key => {value, at}. */
function igny8_settings_get($site_id) {
    $s = get_option(igny8_settings_option($site_id), []);
    return is_array($s) ? $s : [];
}

/** A change made in WordPress (the settings page; tests): stamped now. */
function igny8_settings_set($site_id, $key, $value) {
    $map = igny8_settings_map();
    if (!isset($map[$key])) {
        return false;
    }
    $clean = $map[$key][1]($value);
    if ($clean === null) {
        return false;
    }
    $s = igny8_settings_get($site_id);
    if (isset($s[$key]) && $s[$key]['value'] === $clean) {
        return true;
    }
    $s[$key] = ['value' => $clean, 'at' => igny8_now_ms()];
    update_option(igny8_settings_option($site_id), $s, false);
    return true;
}

/**
 * Merges igny8's fields ({key: {value, at}}) with this site's, last writer
 * wins per field. Returns key => {value, at, by, previous} (previous: the
 * value the loser had) or a WP_Error for a malformed field.
 */
function igny8_settings_merge($site_id, $fields) {
    if (!is_array($fields)) {
        return igny8_bad_request('fields', 'fields must be an object of {value, at}.');
    }
    $map = igny8_settings_map();
    $mine = igny8_settings_get($site_id);
    $out = [];
    foreach ($map as $key => $def) {
        $theirs = null;
        if (isset($fields[$key])) {
            $f = $fields[$key];
            $clean = is_array($f) && array_key_exists('value', $f) ? $def[1]($f['value']) : null;
            if ($clean === null || !isset($f['at']) || !is_int($f['at']) || $f['at'] < 0) {
                return igny8_bad_request('fields.' . $key, sprintf('fields.%s must be {value, at} with a valid value.', $key));
            }
            $theirs = ['value' => $clean, 'at' => $f['at']];
        }
        $local = $mine[$key] ?? null;
        if ($theirs === null && $local === null) {
            continue;
        }
        if ($local === null || ($theirs !== null && $theirs['at'] >= $local['at'])) {
            $out[$key] = $theirs + ['by' => 'igny8', 'previous' => $local ? $local['value'] : null];
            $mine[$key] = $theirs;
        } else {
            $out[$key] = $local + ['by' => 'wordpress', 'previous' => $theirs ? $theirs['value'] : null];
        }
    }
    update_option(igny8_settings_option($site_id), $mine, false);
    return $out;
}

/** The "Synced with igny8" form on Settings → igny8 (the linked site's fields). */
function igny8_settings_form() {
    $link = igny8_current_link();
    if (!$link || $link['site_id'] === '') {
        return;
    }
    $s = igny8_settings_get($link['site_id']);
    echo '<h2>' . esc_html__('Publishing defaults (synced with igny8)', 'igny8-bridge') . '</h2>';
    echo '<p>' . esc_html__('igny8 has the same settings for this site. The later change wins on the next sync, and igny8 records it.', 'igny8-bridge') . '</p>';
    echo '<form method="post" action="' . esc_url(igny8_settings_url()) . '" class="igny8-synced">';
    wp_nonce_field('igny8_settings');
    echo '<input type="hidden" name="igny8_step" value="settings" /><table class="form-table">';
    foreach (igny8_settings_map() as $key => $def) {
        $v = isset($s[$key]) ? (is_array($s[$key]['value']) ? implode(', ', $s[$key]['value']) : (string) $s[$key]['value']) : '';
        echo '<tr><th scope="row"><label for="igny8_s_' . esc_attr($key) . '">' . esc_html($def[0]) . '</label></th><td>'
            . '<input type="text" id="igny8_s_' . esc_attr($key) . '" name="igny8_settings[' . esc_attr($key) . ']" value="' . esc_attr($v) . '" /></td></tr>';
    }
    echo '</table>';
    submit_button(__('Save', 'igny8-bridge'), 'secondary');
    echo '</form>';
}

/** Saves the form (after the nonce and capability checks of the page). */
function igny8_settings_save() {
    $link = igny8_current_link();
    $in = isset($_POST['igny8_settings']) && is_array($_POST['igny8_settings']) ? wp_unslash($_POST['igny8_settings']) : [];
    if (!$link) {
        return ['info' => igny8_message('not_linked')];
    }
    $bad = false;
    foreach (igny8_settings_map() as $key => $def) {
        if (isset($in[$key]) && is_string($in[$key]) && $in[$key] !== '' && !igny8_settings_set($link['site_id'], $key, $in[$key])) {
            $bad = true;
        }
    }
    return ['info' => $bad ? igny8_message('settings_invalid') : igny8_message('settings_saved')];
}
