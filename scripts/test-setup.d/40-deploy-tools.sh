#!/usr/bin/env bash
# The validators of deploy/ (ops/deploy_test.go): Debian's docker-compose checks the compose
# file, caddy the Caddyfile, systemd-analyze the unit. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=../apt-ensure.sh
. scripts/apt-ensure.sh
apt_ensure caddy docker-compose systemd
