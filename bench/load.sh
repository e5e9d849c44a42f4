#!/usr/bin/env bash
# Load benchmark (docs/PERFORMANCE.md "Load"): builds the igny8 binary and
# bench/load, then runs the real server on a fresh temp data dir with the dev
# AI provider answering after IGNY8_AI_DEV_LATENCY (default 2s, a model's
# time) and drives CLIENTS API clients plus SUBS realtime subscribers for
# DURATION. Seeding goes through POST /api/igny8/auth/signup with 127.0.0.1
# excluded from the rate limiter for the seeding only (the program restores the
# settings and checks them before the load phase). Both processes run under an
# address-space cap (AS, default 8 GB: the server reserves about 1.9 GB at
# start, and each of its up to 32 read connections maps the data file, which
# is page cache the OS shares, not memory the process allocates; its resident
# size stays in the hundreds of MB). Extra flags go to bench/load (see -h).
# PROFILE=DIR builds the server with -tags igny8pprof (a loopback pprof
# listener, never in a release) and writes DIR/cpu.pprof (the middle two thirds
# of the window), DIR/goroutines.txt (a dump at its middle) and the top of the
# CPU profile; DIR/block.pprof and DIR/mutex.pprof (same window) show where
# goroutines wait; DIR/igny8 is the profiled binary (for go tool pprof).
# BIN=FILE runs that igny8 binary instead of building this checkout (before /
# after comparisons: build the older commit, with -tags igny8pprof for PROFILE).
# KEEP_DATA=DIR moves the data dir there after the run (query plans by hand).
set -euo pipefail
export GOTOOLCHAIN=go1.27.3
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prof=()
if [ -n "${BIN:-}" ]; then
  cp "$BIN" "$tmp/igny8"
elif [ -n "${PROFILE:-}" ]; then
  go build -tags igny8pprof -o "$tmp/igny8" .
else
  go build -o "$tmp/igny8" .
fi
if [ -n "${PROFILE:-}" ]; then
  mkdir -p "$PROFILE"
  export IGNY8_PPROF_ADDR=127.0.0.1:${PPROF_PORT:-6061}
  prof=(-pprof "$IGNY8_PPROF_ADDR" -profile-dir "$PROFILE")
fi
go build -o "$tmp/load" ./bench/load
mkdir "$tmp/data"
echo "load before: $(uptime)"
IGNY8_AI=dev IGNY8_AI_DEV_LATENCY=${LATENCY:-2s} IGNY8_SIGNUP_CREDITS=immediate \
  prlimit --as=${AS:-8000000000} -- "$tmp/load" -bin "$tmp/igny8" -dir "$tmp/data" \
  -clients "${CLIENTS:-200}" -subs "${SUBS:-50}" -duration "${DURATION:-60s}" "${prof[@]}" "$@"
echo "load after: $(uptime)"
if [ -n "${KEEP_LOG:-}" ]; then cp "$tmp/data/server.log" "$KEEP_LOG"; fi
if [ -n "${KEEP_DATA:-}" ]; then rm -rf "$KEEP_DATA"; mv "$tmp/data" "$KEEP_DATA"; fi
if [ -n "${PROFILE:-}" ]; then cp "$tmp/igny8" "$PROFILE/igny8"; go tool pprof -top -nodecount 25 "$tmp/igny8" "$PROFILE/cpu.pprof" 2>/dev/null | head -35; fi
