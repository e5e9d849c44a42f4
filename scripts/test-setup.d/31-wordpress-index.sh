#!/usr/bin/env bash
# A third test WordPress for the site index (wordpress.index, the
# cannibalisation check, the Optimizer): 500 generated posts and 5 pages
# (scripts/wordpress/generate-posts.php), core REST only. Its own site so the
# tests of sites 1 and 2, which count posts, never see these. Shares this
# checkout's MariaDB (started by 30-wordpress.sh). Idempotent: with the
# server up and the posts there it only writes the .test-env lines.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
WPDIR=${IGNY8_WP_DIR:-$ROOT/.cache/wordpress}
OUT=${IGNY8_TEST_ENV_OUT:-$ROOT/.test-env}
POSTS=500
# shellcheck disable=SC1090
. "$WPDIR/instance.env"
DB_PORT=${IGNY8_WP_DB_PORT:-$DB_PORT}
SOCK=$WPDIR/mysql/sock
DB_PASS=igny8-wp-db

port_free() { [ -z "$(ss -Htln "sport = :$1" 2>/dev/null)" ]; }
INDEX_INSTANCE=$WPDIR/index-instance.env
if [ ! -s "$INDEX_INSTANCE" ]; then
  SITEX=igny8wpx${SITE1#igny8wp1}
  p=$(( (WP2_PORT - 20000 + 1) % 20000 + 20000 ))
  for _ in $(seq 1 2000); do
    if port_free "$p" && [ "$p" != "$DB_PORT" ] && [ "$p" != "$WP1_PORT" ] && [ "$p" != "$WP2_PORT" ]; then break; fi
    p=$(( (p - 20000 + 1) % 20000 + 20000 ))
  done
  printf 'SITEX=%s\nWPX_PORT=%s\n' "$SITEX" "$p" >"$INDEX_INSTANCE.tmp"
  mv "$INDEX_INSTANCE.tmp" "$INDEX_INSTANCE"
fi
# shellcheck disable=SC1090
. "$INDEX_INSTANCE"
s=$SITEX; port=${IGNY8_WPX_PORT:-$WPX_PORT}; dir=$WPDIR/$s

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
stop_group() { [ -f "$1" ] && kill -- -"$(cat "$1")" 2>/dev/null; rm -f "$1"; sleep 0.3; }
wait_for() { for _ in $(seq 1 150); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done; echo "timed out waiting for: $*" >&2; return 1; }

mariadb --socket="$SOCK" -uroot -e "CREATE DATABASE IF NOT EXISTS \`$s\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
  GRANT ALL ON \`$s\`.* TO 'igny8wp'@'127.0.0.1';"
mkdir -p "$dir/wp-content/plugins" "$dir/wp-content/themes" "$dir/wp-content/uploads"
ln -sfn /usr/share/wordpress/wp-content/themes/twentytwentythree "$dir/wp-content/themes/twentytwentythree"
salt=$(cat "$dir/salt" 2>/dev/null || { head -c 48 /dev/urandom | base64 | tr -d '/+=' | tee "$dir/salt"; })
cat >/etc/wordpress/config-$s.php <<PHP
<?php
// Written by scripts/test-setup.d/31-wordpress-index.sh for the igny8 tests.
define('DB_NAME', '$s');
define('DB_USER', 'igny8wp');
define('DB_PASSWORD', '$DB_PASS');
define('DB_HOST', '127.0.0.1:$DB_PORT');
define('DB_CHARSET', 'utf8mb4');
define('WP_CONTENT_DIR', '$dir/wp-content');
define('WP_CONTENT_URL', 'http://127.0.0.1:$port/wp-content');
define('WP_HOME', 'http://127.0.0.1:$port');
define('WP_SITEURL', 'http://127.0.0.1:$port');
define('WP_ENVIRONMENT_TYPE', 'local');
define('WP_DEBUG', false);
define('WP_DEBUG_DISPLAY', false);
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('FS_METHOD', 'direct');
foreach (['AUTH_KEY','SECURE_AUTH_KEY','LOGGED_IN_KEY','NONCE_KEY','AUTH_SALT','SECURE_AUTH_SALT','LOGGED_IN_SALT','NONCE_SALT'] as \$k) {
    define(\$k, '$salt' . \$k);
}
\$table_prefix = 'wp_';
PHP
if ! alive "$WPDIR/$s.pid"; then
  stop_group "$WPDIR/$s.pid" || true
  PHP_CLI_SERVER_WORKERS=4 IGNY8_WP_SITE=$s IGNY8_WP_CONTENT=$dir/wp-content \
    setsid nohup php -d memory_limit=256M -d display_errors=0 \
    -S 127.0.0.1:$port -t /usr/share/wordpress "$ROOT/scripts/wordpress/router.php" \
    >"$WPDIR/$s.log" 2>&1 &
  echo $! >"$WPDIR/$s.pid"
fi
if [ ! -s "$dir/credentials.env" ]; then
  php -d display_errors=stderr -d error_reporting=E_ERROR "$ROOT/scripts/wordpress/provision.php" "$s" "$port" 0 "$dir/credentials.env"
fi
php -d display_errors=stderr -d error_reporting=E_ERROR "$ROOT/scripts/wordpress/generate-posts.php" "$s" "$port" "$POSTS"
wait_for curl -fsS -o /dev/null "http://127.0.0.1:$port/wp-json/"
{
  echo "# The site index's test WordPress (scripts/test-setup.d/31-wordpress-index.sh): $POSTS generated posts, core REST."
  echo "IGNY8_TEST_WPX_URL=http://127.0.0.1:$port"
  echo "IGNY8_TEST_WPX_POSTS=$POSTS"
  sed "s/^/IGNY8_TEST_WPX_/" "$dir/credentials.env"
} >>"$OUT"
echo "index WordPress $s up on port $port with $POSTS posts"
