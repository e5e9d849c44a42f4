#!/usr/bin/env bash
# Runs every Go test verbosely into a log of its own and prints a readable
# summary: package results, the isolation matrix case count, failures in full,
# and a closing "N passed, N failed" line. Each run writes
# .cache/test-logs/<UTC time>-<pid>.log (two runs at once never share one);
# .cache/test.log links to the latest run's log.
set -uo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=go1.27.3
mkdir -p .cache/test-logs
LOG=.cache/test-logs/$(date -u +%Y%m%dT%H%M%SZ)-$$.log
ln -sfn "test-logs/${LOG##*/}" .cache/test.log
echo "log: $LOG"
go test -count=1 -timeout 40m -v "$@" ./... > "$LOG" 2>&1
rc=$?
grep -E '^(ok|FAIL|---|panic:)|^isolation matrix:|cases checked' "$LOG" | grep -v -- '--- PASS\|--- SKIP' || true
if [ $rc -ne 0 ]; then
  echo "---- failures (full log: $LOG) ----"
  grep -n -B2 -A25 -E -- '--- FAIL|^panic:|\[build failed\]|setup failed' "$LOG" | head -400
fi
passed=$(grep -cE '^\s*--- PASS' "$LOG")
failed=$(grep -cE '^\s*--- FAIL' "$LOG")
skipped=$(grep -cE '^\s*--- SKIP' "$LOG")
if [ "$skipped" -gt 0 ]; then
  echo "skipped tests count as failures here:"; grep -E '^\s*--- SKIP' "$LOG"
  failed=$((failed + skipped)); rc=1
fi
echo "tests: $passed passed, $failed failed"
exit $rc
