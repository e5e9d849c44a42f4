#!/usr/bin/env bash
# Load benchmark (docs/PERFORMANCE.md "Load"): builds the igny8 binary and
# bench/load, then runs the real server on a fresh temp data dir with the dev
# AI provider answering after IGNY8_AI_DEV_LATENCY (default 2s, a model's
# time) and drives CLIENTS API clients plus SUBS realtime subscribers for
# DURATION. Seeding goes through POST /api/igny8/auth/signup with 127.0.0.1
# excluded from the rate limiter for the seeding only (the program restores the
# settings and checks them before the load phase). Both processes run under a
# 4 GB address-space cap. Extra flags go to bench/load (see -h).
set -euo pipefail
export GOTOOLCHAIN=go1.27.3
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/igny8" .
go build -o "$tmp/load" ./bench/load
mkdir "$tmp/data"
echo "load before: $(uptime)"
IGNY8_AI=dev IGNY8_AI_DEV_LATENCY=${LATENCY:-2s} IGNY8_SIGNUP_CREDITS=immediate \
  prlimit --as=4000000000 -- "$tmp/load" -bin "$tmp/igny8" -dir "$tmp/data" \
  -clients "${CLIENTS:-200}" -subs "${SUBS:-50}" -duration "${DURATION:-60s}" "$@"
echo "load after: $(uptime)"
if [ -n "${KEEP_LOG:-}" ]; then cp "$tmp/data/server.log" "$KEEP_LOG"; fi
