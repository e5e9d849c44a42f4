<?php
// Installs and configures one igny8 test WordPress site through PHP (there is
// no wp-cli in Debian). Usage:
//   php provision.php SITE PORT WITH_PLUGIN(0|1) OUT_ENV_FILE
// Idempotent: an installed site is left as is; users and application
// passwords are created only when missing. Writes KEY=value lines to
// OUT_ENV_FILE with the credentials the Go tests need.
[$_, $site, $port, $withPlugin, $out] = $argv;
$_SERVER['WORDPRESS_CONFIG'] = $site;
$_SERVER['HTTP_HOST'] = '127.0.0.1:' . $port;
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['SERVER_PORT'] = $port;
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
define('WP_INSTALLING', true);
// No mail on this machine: wp_install() would call sendmail.
function wp_mail() {
    return true;
}
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
require_once ABSPATH . 'wp-admin/includes/user.php';

$adminPass = 'igny8-admin-login-' . $site;
if (!is_blog_installed()) {
    $r = wp_install('igny8 test ' . $site, 'admin', 'admin@' . $site . '.test', false, '', $adminPass);
    if (empty($r['user_id'])) {
        fwrite(STDERR, "wp_install failed\n");
        exit(1);
    }
}
update_option('blogdescription', 'igny8 test site');
update_option('default_comment_status', 'closed');

global $wp_rewrite;
if (get_option('permalink_structure') !== '/%postname%/') {
    $wp_rewrite->set_permalink_structure('/%postname%/');
}
$wp_rewrite->init();
flush_rewrite_rules();

function igny8_user(string $login, string $role, string $pass): WP_User {
    $u = get_user_by('login', $login);
    if (!$u) {
        $id = wp_insert_user(['user_login' => $login, 'user_pass' => $pass, 'user_email' => $login . '@example.test', 'role' => $role]);
        if (is_wp_error($id)) {
            fwrite(STDERR, $id->get_error_message() . "\n");
            exit(1);
        }
        $u = get_user_by('id', $id);
    }
    $u->set_role($role);
    return $u;
}

// A fresh application password per run: only its hash is stored, so an old
// one cannot be read back. Older igny8-test passwords are revoked.
function igny8_app_password(WP_User $u): string {
    foreach (WP_Application_Passwords::get_user_application_passwords($u->ID) as $p) {
        if ($p['name'] === 'igny8-test') {
            WP_Application_Passwords::delete_application_password($u->ID, $p['uuid']);
        }
    }
    $r = WP_Application_Passwords::create_new_application_password($u->ID, ['name' => 'igny8-test']);
    if (is_wp_error($r)) {
        fwrite(STDERR, $r->get_error_message() . "\n");
        exit(1);
    }
    return $r[0];
}

$admin = igny8_user('admin', 'administrator', $adminPass);
$author = igny8_user('author1', 'author', 'igny8-author-login-' . $site);
$lines = [
    'USER=admin',
    'APP_PASSWORD=' . igny8_app_password($admin),
    'AUTHOR_USER=author1',
    'AUTHOR_APP_PASSWORD=' . igny8_app_password($author),
];

if ($withPlugin === '1') {
    $r = activate_plugin('igny8-bridge/igny8-bridge.php');
    if (is_wp_error($r)) {
        fwrite(STDERR, 'activate igny8-bridge: ' . $r->get_error_message() . "\n");
        exit(1);
    }
    $secret = get_option('igny8_bridge_secret');
    if (!$secret) {
        $secret = bin2hex(random_bytes(32));
        update_option('igny8_bridge_secret', $secret, false);
    }
    $lines[] = 'BRIDGE_SECRET=' . $secret;
}
file_put_contents($out, implode("\n", $lines) . "\n");
