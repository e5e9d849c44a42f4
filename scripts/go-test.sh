#!/usr/bin/env bash
# Runs every Go test verbosely into .cache/test.log and prints a readable
# summary: package results, the isolation matrix case count, failures in full,
# and a closing "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=go1.27.3
mkdir -p .cache
go test -count=1 -timeout 40m -v "$@" ./... > .cache/test.log 2>&1
rc=$?
grep -E '^(ok|FAIL|---|panic:)|^isolation matrix:|cases checked' .cache/test.log | grep -v -- '--- PASS\|--- SKIP' || true
if [ $rc -ne 0 ]; then
  echo "---- failures (full log: .cache/test.log) ----"
  grep -n -B2 -A25 -E -- '--- FAIL|^panic:|\[build failed\]|setup failed' .cache/test.log | head -400
fi
passed=$(grep -cE '^\s*--- PASS' .cache/test.log)
failed=$(grep -cE '^\s*--- FAIL' .cache/test.log)
skipped=$(grep -cE '^\s*--- SKIP' .cache/test.log)
if [ "$skipped" -gt 0 ]; then
  echo "skipped tests count as failures here:"; grep -E '^\s*--- SKIP' .cache/test.log
  failed=$((failed + skipped)); rc=1
fi
echo "tests: $passed passed, $failed failed"
exit $rc
