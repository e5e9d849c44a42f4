<?php
if (!defined('ABSPATH')) {
    exit;
}

/*
 * After the move (docs/MIGRATING.md): once igny8 has imported the old IGNY8
 * plugin's data, the site is managed by igny8. The old plugin's scheduled
 * events (its wp-cron hooks, all named igny8_…) would keep generating and
 * writing to its own tables, so igny8 asks the Bridge, signed, to take them
 * off the schedule and to keep them off while the site is managed (the old
 * plugin re-adds a missing event on every page load). The Bridge's own
 * options and hooks are named igny8_bridge_… and are never touched.
 */

function igny8_register_handover_routes() {
    register_rest_route(IGNY8_BRIDGE_NS, '/handover', ['methods' => 'POST', 'callback' => 'igny8_route_handover', 'permission_callback' => 'igny8_verify_request']);
}

/** A scheduled hook of the old plugin (never one of the Bridge's own). */
function igny8_is_legacy_hook($hook) {
    return is_string($hook) && strpos($hook, 'igny8_') === 0 && strpos($hook, 'igny8_bridge') !== 0;
}

function igny8_managed() {
    $m = get_option('igny8_bridge_managed');
    return is_array($m) ? $m : null;
}

/** Takes every scheduled event of the old plugin off wp-cron. */
function igny8_unschedule_legacy_cron() {
    $hooks = [];
    foreach ((array) _get_cron_array() as $events) {
        foreach ((array) $events as $hook => $_) {
            if (igny8_is_legacy_hook($hook)) {
                $hooks[$hook] = true;
            }
        }
    }
    $n = 0;
    foreach (array_keys($hooks) as $hook) {
        $r = wp_unschedule_hook($hook);
        $n += is_int($r) ? $r : 0;
    }
    return ['hooks' => array_keys($hooks), 'events' => $n];
}

/** While the site is managed by igny8, the old plugin cannot schedule its events again. */
function igny8_block_legacy_schedule($pre, $event) {
    if ($pre === null && is_object($event) && isset($event->hook) && igny8_is_legacy_hook($event->hook) && igny8_managed()) {
        return false;
    }
    return $pre;
}

/** The legacy cron hooks still on the schedule. */
function igny8_legacy_cron_hooks() {
    $hooks = [];
    foreach ((array) _get_cron_array() as $events) {
        foreach ((array) $events as $hook => $_) {
            if (igny8_is_legacy_hook($hook)) {
                $hooks[$hook] = true;
            }
        }
    }
    return array_keys($hooks);
}

/**
 * POST handover {action: "status" | "manage" | "release", batch?}: manage
 * takes the old plugin's events off and marks the site as managed by igny8
 * (option igny8_bridge_managed: since, batch, what was unscheduled); release
 * ends that (the old plugin schedules its events again on its next load);
 * status only reports.
 */
function igny8_route_handover(WP_REST_Request $req) {
    $body = igny8_json_body($req);
    if ($body === null) {
        return igny8_bad_request('body', __('Send a JSON object.', 'igny8-bridge'));
    }
    $action = isset($body['action']) ? $body['action'] : 'status';
    if (!in_array($action, ['status', 'manage', 'release'], true)) {
        return igny8_bad_request('action', __('action is status, manage or release.', 'igny8-bridge'));
    }
    $batch = isset($body['batch']) ? $body['batch'] : '';
    if (!is_string($batch) || !preg_match('/^[a-z0-9]{0,15}$/', $batch)) {
        return igny8_bad_request('batch', __('batch is an igny8 record id.', 'igny8-bridge'));
    }
    $unscheduled = ['hooks' => [], 'events' => 0];
    if ($action === 'manage') {
        $unscheduled = igny8_unschedule_legacy_cron();
        $prev = igny8_managed();
        update_option('igny8_bridge_managed', [
            'since' => $prev ? $prev['since'] : gmdate('Y-m-d\TH:i:s\Z'),
            'batch' => $batch,
            'unscheduled' => array_values(array_unique(array_merge($prev ? (array) $prev['unscheduled'] : [], $unscheduled['hooks']))),
        ], false);
    } elseif ($action === 'release') {
        delete_option('igny8_bridge_managed');
    }
    $m = igny8_managed();
    return [
        'managed' => $m !== null,
        'since' => $m ? $m['since'] : null,
        'batch' => $m ? $m['batch'] : '',
        'unscheduled' => $unscheduled,
        'legacy_cron' => igny8_legacy_cron_hooks(),
    ];
}

/** wp-admin says who runs the site now (on the dashboard and the plugins screen). */
function igny8_managed_notice() {
    $screen = function_exists('get_current_screen') ? get_current_screen() : null;
    if (!igny8_managed() || !current_user_can('manage_options') || !$screen || !in_array($screen->id, ['dashboard', 'plugins'], true)) {
        return;
    }
    echo '<div class="notice notice-info"><p>' . esc_html__('This site is managed by igny8: the old IGNY8 plugin\'s scheduled tasks are switched off. You can deactivate the old plugin.', 'igny8-bridge') . '</p></div>';
}
