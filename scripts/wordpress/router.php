<?php
// Router for PHP's built-in server running one igny8 test WordPress site.
// The server is started with IGNY8_WP_SITE (the /etc/wordpress/config-<site>.php
// name) and IGNY8_WP_CONTENT (the site's own wp-content folder) in its
// environment. Everything that is not a real file goes to index.php, so pretty
// permalinks and /wp-json/ work.
$site = getenv('IGNY8_WP_SITE');
$content = getenv('IGNY8_WP_CONTENT');
$_SERVER['WORDPRESS_CONFIG'] = $site;
$docroot = $_SERVER['DOCUMENT_ROOT'];
$path = rawurldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH) ?? '/');

// The site's wp-content lives outside the docroot.
if (str_starts_with($path, '/wp-content/')) {
    $file = realpath($content . substr($path, strlen('/wp-content')));
    if ($file === false || !is_file($file) || str_ends_with($file, '.php')) {
        http_response_code(404);
        echo 'not found';
        return true;
    }
    $types = [
        'png' => 'image/png', 'jpg' => 'image/jpeg', 'jpeg' => 'image/jpeg', 'gif' => 'image/gif',
        'webp' => 'image/webp', 'svg' => 'image/svg+xml', 'css' => 'text/css',
        'js' => 'application/javascript', 'woff2' => 'font/woff2', 'woff' => 'font/woff',
        'json' => 'application/json', 'txt' => 'text/plain',
    ];
    $ext = strtolower(pathinfo($file, PATHINFO_EXTENSION));
    header('Content-Type: ' . ($types[$ext] ?? 'application/octet-stream'));
    header('Content-Length: ' . filesize($file));
    readfile($file);
    return true;
}

$real = realpath($docroot . $path);
if ($real !== false && is_file($real) && str_starts_with($real, realpath($docroot))) {
    if (str_ends_with($real, '.php')) {
        $_SERVER['SCRIPT_NAME'] = $path;
        $_SERVER['SCRIPT_FILENAME'] = $real;
        $_SERVER['PHP_SELF'] = $path;
        chdir(dirname($real));
        require $real;
        return true;
    }
    return false; // static file from the docroot
}
if ($real !== false && is_dir($real) && is_file($real . '/index.php')) {
    $_SERVER['SCRIPT_NAME'] = rtrim($path, '/') . '/index.php';
    $_SERVER['SCRIPT_FILENAME'] = $real . '/index.php';
    $_SERVER['PHP_SELF'] = $_SERVER['SCRIPT_NAME'];
    chdir($real);
    require $real . '/index.php';
    return true;
}
$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $docroot . '/index.php';
$_SERVER['PHP_SELF'] = '/index.php';
chdir($docroot);
require $docroot . '/index.php';
return true;
