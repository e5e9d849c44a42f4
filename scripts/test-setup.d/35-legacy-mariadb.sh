#!/usr/bin/env bash
# A MariaDB user for the legacy-plugin import tests (wpimport): it may create,
# fill and drop databases named igny8legacy_* on this checkout's test MariaDB
# (started by 30-wordpress.sh), where each test loads its own fixtures. Nothing
# else on that server is granted to it. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
WPDIR=${IGNY8_WP_DIR:-$ROOT/.cache/wordpress}
OUT=${IGNY8_TEST_ENV_OUT:-$ROOT/.test-env}
# shellcheck disable=SC1090
. "$WPDIR/instance.env"
DB_PORT=${IGNY8_WP_DB_PORT:-$DB_PORT}
SOCK=$WPDIR/mysql/sock
PASS=igny8-legacy-db
mariadb --socket="$SOCK" -uroot -e "CREATE USER IF NOT EXISTS 'igny8legacy'@'127.0.0.1' IDENTIFIED BY '$PASS';
  GRANT ALL ON \`igny8legacy\\_%\`.* TO 'igny8legacy'@'127.0.0.1';"
{
  echo "# Legacy plugin databases for the import tests (scripts/test-setup.d/35-legacy-mariadb.sh): tests create igny8legacy_* databases."
  echo "IGNY8_TEST_LEGACY_DSN='igny8legacy:$PASS@tcp(127.0.0.1:$DB_PORT)/'"
} >>"$OUT"
echo "legacy import user igny8legacy on MariaDB port $DB_PORT"
