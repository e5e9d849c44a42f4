#!/usr/bin/env bash
# The validators of deploy/ (ops/deploy_test.go): Debian's docker-compose checks the compose
# file, caddy the Caddyfile, systemd-analyze the unit. Idempotent.
set -euo pipefail
PKGS=(caddy docker-compose systemd)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
