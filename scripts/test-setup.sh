#!/usr/bin/env bash
# Installs and starts what the test suite needs. Idempotent; Debian/Ubuntu as root.
# Writes .test-env with the addresses the tests read (each checkout has its
# own services: see scripts/test-setup.d/30-wordpress.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=go1.27.3

# Parts append to a new file that replaces .test-env only when all succeed,
# so a test run sourcing .test-env meanwhile never reads half of it.
export IGNY8_TEST_ENV_OUT=$PWD/.test-env.$$
trap 'rm -f "$IGNY8_TEST_ENV_OUT"' EXIT
: >"$IGNY8_TEST_ENV_OUT"
for part in scripts/test-setup.d/*.sh; do
  [ -e "$part" ] || continue
  echo "== $part"
  bash "$part"
done
mv "$IGNY8_TEST_ENV_OUT" .test-env
go mod download
