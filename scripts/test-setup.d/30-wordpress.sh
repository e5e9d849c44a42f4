#!/usr/bin/env bash
# Two test WordPress sites (Debian's wordpress package + MariaDB + PHP's built-in
# server) for the wordpress package's tests. Idempotent:
#  - servers up and credentials known  -> only rewrites the .test-env lines;
#  - data dirs present, servers down   -> restarts the servers;
#  - nothing there                     -> installs packages, creates everything.
# Site 1 (core REST only) and site 2 (with the igny8 bridge plugin) each have an
# admin and an author user with Application Passwords.
# Each server runs in its own process group (PHP's workers are children of the
# listening process); the pid files hold the group ids.
#
# One instance per checkout: two clones on one machine get their own site names
# (so their own /etc/wordpress/config-<site>.php), ports, data dir and MariaDB,
# recorded in $WPDIR/instance.env on first setup and reused afterwards. Site
# names end in a hash of the checkout path; ports are picked free, starting at
# a point derived from the same hash. A checkout set up before this (sites
# igny8wp1/igny8wp2 in its data dir) keeps its names and ports 8181/8182/3317.
# Reset: for f in $WPDIR/*.pid; do kill -- -$(cat $f); done; rm -rf $WPDIR; make test-setup
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
WPDIR=${IGNY8_WP_DIR:-$ROOT/.cache/wordpress}
OUT=${IGNY8_TEST_ENV_OUT:-$ROOT/.test-env}
mkdir -p "$WPDIR"

# port_free PORT: nothing listens on it.
port_free() { [ -z "$(ss -Htln "sport = :$1" 2>/dev/null)" ]; }
# free_port START: the first free port from START on (within 20000-39999).
free_port() {
  local p=$1
  for _ in $(seq 1 2000); do
    if port_free "$p" && ! [[ " ${TAKEN:-} " == *" $p "* ]]; then echo "$p"; return 0; fi
    p=$(( (p - 20000 + 1) % 20000 + 20000 ))
  done
  echo "no free port found" >&2; return 1
}

INSTANCE=$WPDIR/instance.env
if [ ! -s "$INSTANCE" ]; then
  if [ -d "$WPDIR/igny8wp1" ] && [ -d "$WPDIR/igny8wp2" ]; then
    # set up before instances existed: keep what is running
    SITE1=igny8wp1 SITE2=igny8wp2 DB_PORT=3317 WP1_PORT=8181 WP2_PORT=8182
  else
    id=$(printf '%s' "$ROOT" | sha256sum | cut -c1-8)
    SITE1=igny8wp1$id SITE2=igny8wp2$id
    start=$(( 20000 + 16#${id:0:4} % 20000 ))
    TAKEN=""
    DB_PORT=$(free_port "$start"); TAKEN="$DB_PORT"
    WP1_PORT=$(free_port $((DB_PORT + 1))); TAKEN="$TAKEN $WP1_PORT"
    WP2_PORT=$(free_port $((WP1_PORT + 1)))
  fi
  printf 'SITE1=%s\nSITE2=%s\nDB_PORT=%s\nWP1_PORT=%s\nWP2_PORT=%s\n' "$SITE1" "$SITE2" "$DB_PORT" "$WP1_PORT" "$WP2_PORT" >"$INSTANCE.tmp"
  mv "$INSTANCE.tmp" "$INSTANCE"
fi
# shellcheck disable=SC1090
. "$INSTANCE"
DB_PORT=${IGNY8_WP_DB_PORT:-$DB_PORT}
PORTS=(${IGNY8_WP1_PORT:-$WP1_PORT} ${IGNY8_WP2_PORT:-$WP2_PORT})
SITES=("$SITE1" "$SITE2")
DB_PASS=igny8-wp-db
PKGS=(wordpress wordpress-theme-twentytwentythree php-cli php-mysql php-gd php-curl php-xml php-mbstring php-zip mariadb-server mariadb-client)

# shellcheck source=../apt-ensure.sh
. "$ROOT/scripts/apt-ensure.sh"
apt_ensure "${PKGS[@]}"

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
# stop_group ends a server's whole process group left from an earlier run.
stop_group() { [ -f "$1" ] && kill -- -"$(cat "$1")" 2>/dev/null; rm -f "$1"; sleep 0.3; }
wait_for() { # cmd... ; up to 30s
  for _ in $(seq 1 150); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "timed out waiting for: $*" >&2; return 1
}

# --- MariaDB ---------------------------------------------------------------
DATADIR=$WPDIR/mysql
SOCK=$DATADIR/sock
if [ ! -d "$DATADIR/mysql" ]; then
  mkdir -p "$DATADIR"
  mariadb-install-db --datadir="$DATADIR" --user=root --auth-root-authentication-method=socket >"$WPDIR/mariadb-install.log" 2>&1
fi
if ! alive "$WPDIR/mariadb.pid"; then
  stop_group "$WPDIR/mariadb.pid" || true
  rm -f "$SOCK"
  setsid nohup mariadbd --no-defaults --user=root --datadir="$DATADIR" --socket="$SOCK" --port="$DB_PORT" \
    --bind-address=127.0.0.1 --skip-name-resolve --pid-file="$DATADIR/mariadbd.pid" \
    >"$WPDIR/mariadb.log" 2>&1 &
  echo $! >"$WPDIR/mariadb.pid"
  wait_for mariadb --socket="$SOCK" -uroot -e "SELECT 1"
fi
for s in "${SITES[@]}"; do
  mariadb --socket="$SOCK" -uroot -e "CREATE DATABASE IF NOT EXISTS \`$s\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
    CREATE USER IF NOT EXISTS 'igny8wp'@'127.0.0.1' IDENTIFIED BY '$DB_PASS';
    GRANT ALL ON \`$s\`.* TO 'igny8wp'@'127.0.0.1';"
done

# --- the two sites ---------------------------------------------------------
mkdir -p /etc/wordpress
for i in 0 1; do
  s=${SITES[$i]}; port=${PORTS[$i]}; n=$((i + 1)); dir=$WPDIR/$s
  mkdir -p "$dir/wp-content/plugins" "$dir/wp-content/themes" "$dir/wp-content/uploads"
  ln -sfn /usr/share/wordpress/wp-content/themes/twentytwentythree "$dir/wp-content/themes/twentytwentythree"
  if [ "$n" = 2 ]; then
    ln -sfn "$ROOT/wordpress/plugin/igny8-bridge" "$dir/wp-content/plugins/igny8-bridge"
  fi
  salt=$(cat "$dir/salt" 2>/dev/null || { head -c 48 /dev/urandom | base64 | tr -d '/+=' | tee "$dir/salt"; })
  cat >/etc/wordpress/config-$s.php <<PHP
<?php
// Written by scripts/test-setup.d/30-wordpress.sh for the igny8 tests.
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
      setsid nohup php -d upload_max_filesize=64M -d post_max_size=64M -d memory_limit=256M -d display_errors=0 \
      -S 127.0.0.1:$port -t /usr/share/wordpress "$ROOT/scripts/wordpress/router.php" \
      >"$WPDIR/$s.log" 2>&1 &
    echo $! >"$WPDIR/$s.pid"
  fi
  if [ ! -s "$dir/credentials.env" ]; then
    php -d display_errors=stderr -d error_reporting=E_ERROR "$ROOT/scripts/wordpress/provision.php" "$s" "$port" $((n == 2 ? 1 : 0)) "$dir/credentials.env"
  fi
  wait_for curl -fsS -o /dev/null "http://127.0.0.1:$port/wp-json/"
done

# Undo what an interrupted test run may have left on the plugin site: the SEO
# plugin stand-ins of TestSEOPluginKeys and a bridge secret changed by
# TestLinkHandshake or TestLinkTrust (the tests restore them when they end normally).
rm -rf "$WPDIR/${SITES[1]}/wp-content/plugins/"{wordpress-seo,seo-by-rank-math,wp-seopress,all-in-one-seo-pack}
secret=$(sed -n 's/^BRIDGE_SECRET=//p' "$WPDIR/${SITES[1]}/credentials.env")
mariadb --socket="$SOCK" -uroot "${SITES[1]}" -e "UPDATE wp_options SET option_value='$secret' WHERE option_name='igny8_bridge_secret'"
# ui/e2e/bridge-plugin.spec.ts installs the plugin on site 1 through wp-admin and
# deletes it at the end; an interrupted run's copy is uninstalled and removed.
if [ -d "$WPDIR/${SITES[0]}/wp-content/plugins/igny8-bridge" ] && [ ! -L "$WPDIR/${SITES[0]}/wp-content/plugins/igny8-bridge" ]; then
  php -d display_errors=stderr -d error_reporting=E_ERROR -r '$_SERVER["WORDPRESS_CONFIG"]=$argv[1]; $_SERVER["HTTP_HOST"]="127.0.0.1:".$argv[2]; $_SERVER["REQUEST_URI"]="/";
    require "/usr/share/wordpress/wp-load.php"; require_once ABSPATH . "wp-admin/includes/plugin.php";
    deactivate_plugins("igny8-bridge/igny8-bridge.php", true); uninstall_plugin("igny8-bridge/igny8-bridge.php");' "${SITES[0]}" "${PORTS[0]}" || true
  rm -rf "$WPDIR/${SITES[0]}/wp-content/plugins/igny8-bridge"
fi
# TestLinkTrust links the site to igny8 instances of its own and deactivates
# the plugin; it restores both when it ends normally.
mariadb --socket="$SOCK" -uroot "${SITES[1]}" -e "DELETE FROM wp_options WHERE option_name IN ('igny8_instance','igny8_site_id','igny8_workspace','igny8_site_name','igny8_linked_at','igny8_pending_link','igny8_user_id')"
php -d display_errors=stderr -d error_reporting=E_ERROR -r '$_SERVER["WORDPRESS_CONFIG"]=$argv[1]; $_SERVER["HTTP_HOST"]="127.0.0.1:".$argv[2]; $_SERVER["REQUEST_URI"]="/";
  require "/usr/share/wordpress/wp-load.php"; require_once ABSPATH . "wp-admin/includes/plugin.php";
  if (!is_plugin_active("igny8-bridge/igny8-bridge.php")) { activate_plugin("igny8-bridge/igny8-bridge.php"); }' "${SITES[1]}" "${PORTS[1]}"

# --- .test-env ---------------------------------------------------------------
{
  echo "# WordPress test sites (scripts/test-setup.d/30-wordpress.sh). Reset: for f in $WPDIR/*.pid; do kill -- -\$(cat \$f); done; rm -rf $WPDIR; make test-setup"
  echo "# The sites listen on loopback, which igny8's guarded client refuses unless allowed."
  echo "IGNY8_ALLOW_PRIVATE_HOSTS=127.0.0.1"
  for i in 0 1; do
    n=$((i + 1))
    echo "IGNY8_TEST_WP${n}_URL=http://127.0.0.1:${PORTS[$i]}"
    echo "IGNY8_TEST_WP${n}_CONTENT_DIR=$WPDIR/${SITES[$i]}/wp-content"
    sed "s/^/IGNY8_TEST_WP${n}_/" "$WPDIR/${SITES[$i]}/credentials.env"
  done
} >>"$OUT"
echo "WordPress sites ${SITES[*]} up on ports ${PORTS[*]}, MariaDB on $DB_PORT (data in $WPDIR)"
