#!/usr/bin/env bash
# stripe-mock (Stripe's official API mock) for the billing package's tests.
# Idempotent:
#  - the binary is installed once into this checkout's .cache/stripe-mock/bin;
#  - a server of this checkout already answering -> only rewrites the .test-env line;
#  - otherwise starts one on a free 127.0.0.1 port (never the -port forms: they
#    bind every address) and records its pid and port in .cache/stripe-mock/.
# stripe-mock keeps no state and sends no webhooks: tests sign their own events.
# Stop: kill "$(cat .cache/stripe-mock/pid)".
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
DIR=$ROOT/.cache/stripe-mock
OUT=${IGNY8_TEST_ENV_OUT:-$ROOT/.test-env}
VERSION=v0.203.0
export GOTOOLCHAIN=${GOTOOLCHAIN:-go1.27.3}
mkdir -p "$DIR/bin"

if [ ! -x "$DIR/bin/stripe-mock" ] || [ "$(cat "$DIR/version" 2>/dev/null)" != "$VERSION" ]; then
  GOBIN=$DIR/bin go install "github.com/stripe/stripe-mock@$VERSION"
  echo "$VERSION" >"$DIR/version"
fi

# answering PORT: this checkout's stripe-mock is up on PORT.
answering() { curl -fsS -o /dev/null -H 'Authorization: Bearer sk_test_123' "http://127.0.0.1:$1/v1/products?limit=1" 2>/dev/null; }
port_free() { [ -z "$(ss -Htln "sport = :$1" 2>/dev/null)" ]; }

PORT=$(cat "$DIR/port" 2>/dev/null || true)
if [ -z "$PORT" ] || ! kill -0 "$(cat "$DIR/pid" 2>/dev/null || echo 0)" 2>/dev/null || ! answering "$PORT"; then
  id=$(printf '%s' "$ROOT" | sha256sum | cut -c1-8)
  PORT=$(( 40000 + 16#${id:0:4} % 10000 ))
  for _ in $(seq 1 2000); do
    if port_free "$PORT" && port_free $((PORT + 1)); then break; fi
    PORT=$(( (PORT - 40000 + 2) % 10000 + 40000 ))
  done
  nohup "$DIR/bin/stripe-mock" -http-addr "127.0.0.1:$PORT" -https-addr "127.0.0.1:$((PORT + 1))" >"$DIR/log" 2>&1 &
  echo $! >"$DIR/pid"
  echo "$PORT" >"$DIR/port"
  for _ in $(seq 1 100); do answering "$PORT" && break; sleep 0.1; done
  answering "$PORT" || { echo "stripe-mock did not start (see $DIR/log)" >&2; exit 1; }
fi
echo "IGNY8_TEST_STRIPE_URL=http://127.0.0.1:$PORT" >>"$OUT"
echo "stripe-mock $VERSION on 127.0.0.1:$PORT"
