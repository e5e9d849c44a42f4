#!/usr/bin/env bash
# Web app benchmarks (docs/PERFORMANCE.md "Web app"): builds the binary with the
# committed pb_public/dist, serves it on a fresh data dir with the dev AI provider and
# runs bench/ui/*.mjs on Node 24 with Debian's Chromium. ROWS (100000) and RUNS (15).
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=go1.27.3
PATH="$(bash scripts/node-ensure.sh):$PATH"
tmp=$(mktemp -d)
go build -o "$tmp/igny8" .
port=${PORT:-18470}
IGNY8_AI=dev IGNY8_SIGNUP_CREDITS=immediate "$tmp/igny8" serve --http "127.0.0.1:$port" --dir "$tmp/data" >"$tmp/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/api/health" >/dev/null && break; sleep 0.1; done
echo "load before: $(uptime)"
IGNY8_BENCH_URL="http://127.0.0.1:$port" node bench/ui/keywords_page.mjs
echo "load after: $(uptime)"
