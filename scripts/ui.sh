#!/usr/bin/env bash
# ui.sh build|dev|test|e2e|bench|ci : the web app's tasks (make ui, make ui-dev, make test-ui;
# `scripts/ui.sh e2e pages.spec.ts` runs one spec).
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
  ci) deps ;;
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
    # Type check, unit tests and the build check (Vitest), then the end-to-end tests.
    deps
    start=$(date +%s)
    (cd ui && npx tsc --noEmit -p . && npx vitest run)
    bash "$0" e2e
    echo "ui: type check, unit and end-to-end tests took $(( $(date +%s) - start )) s"
    ;;
  e2e)
    # Playwright on Debian's Chromium against the binary of this checkout (the committed
    # pb_public/dist embedded), on a free port; the server is started by e2e/global-setup.ts.
    deps
    [ -x /usr/bin/chromium ] || { echo "ui e2e: /usr/bin/chromium is missing; run make test-setup" >&2; exit 1; }
    mkdir -p .cache/e2e
    go build -o .cache/e2e/igny8 .
    port=${IGNY8_E2E_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
    # The Bridge plugin spec links the test WordPress on loopback (.test-env allows it).
    if [ -z "${IGNY8_ALLOW_PRIVATE_HOSTS:-}" ] && [ -f .test-env ]; then
      IGNY8_ALLOW_PRIVATE_HOSTS=$(sed -n 's/^IGNY8_ALLOW_PRIVATE_HOSTS=//p' .test-env | tail -1)
      export IGNY8_ALLOW_PRIVATE_HOSTS
    fi
    (cd ui && IGNY8_E2E_PORT=$port npx playwright test "${@:2}")
    ;;
  bench)
    # Benchmarks, not assertions (docs/PERFORMANCE.md): first-load size, realtime latency.
    deps
    (cd ui && node scripts/first-load-size.mjs)
    mkdir -p .cache/e2e
    go build -o .cache/e2e/igny8 .
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    (cd ui && IGNY8_E2E_PORT=$port IGNY8_AI_DEV_LATENCY=${IGNY8_AI_DEV_LATENCY:-300ms} npx playwright test -c playwright.bench.config.ts)
    ;;
  *) echo "usage: $0 build|dev|test|e2e|bench|ci" >&2; exit 2 ;;
esac
