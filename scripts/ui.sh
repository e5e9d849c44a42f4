#!/usr/bin/env bash
# ui.sh build|dev|test|e2e|ci : the web app's tasks (make ui, make ui-dev, make test-ui).
# Runs on Node 24 from .cache/node (scripts/node-ensure.sh); installs ui/node_modules
# from package-lock.json (npm ci) when they are missing or older than the lock file.
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=go1.27.3
PATH="$(bash scripts/node-ensure.sh):$PATH"
export PATH

deps() {
  if [ ! -f ui/node_modules/.package-lock.json ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
    (cd ui && npm ci --no-audit --no-fund)
  fi
}

case "${1:-build}" in
  ci) (cd ui && npm ci --no-audit --no-fund) ;;
  build)
    deps
    (cd ui && npm run --silent build)
    ;;
  dev)
    deps
    # The Go server on :8090 (demo workspace, dev AI provider), Vite on :5173 proxying /api to it.
    go build -o igny8 .
    IGNY8_DEMO=1 ./igny8 serve --http 127.0.0.1:8090 --dir ./pb_data &
    server=$!
    trap 'kill $server 2>/dev/null || true' EXIT INT TERM
    echo "igny8 API on http://127.0.0.1:8090 — open the app at http://127.0.0.1:5173/"
    (cd ui && npx vite)
    ;;
  test)
    deps
    (cd ui && npx tsc --noEmit -p . && npx vitest run)
    ;;
  *) echo "usage: $0 build|dev|test|ci" >&2; exit 2 ;;
esac
