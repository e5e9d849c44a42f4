#!/usr/bin/env bash
# Planner benchmarks. Each import benchmark runs once per fresh process
# (-test.benchtime 1x) so its figures are that one import alone:
#   s, rows/s  wall time of planner.ImportFile on a 100,000-row Semrush-shaped
#              CSV into a migrated PocketBase data dir (the route's code path);
#   base-MB    process RSS right before the import (app booted, file written);
#   peak-MB    VmHWM after the import, reset (/proc/self/clear_refs) just
#              before it: the process's peak while importing;
#   import-MB  peak-MB - base-MB.
# BenchmarkRawInsert100k is the floor for the ratio: the same rows with one
# prepared INSERT in one transaction, no parsing, measured the same way.
# /usr/bin/time's "Maximum resident set size" is the whole process including
# building the test data dir. RUNS (default 3) alternates import and raw runs
# so both see the same machine load; uptime is printed before and after.
set -euo pipefail
export GOTOOLCHAIN=go1.27.3
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go test -c -o "$tmp/planner.test" ./planner
cd planner
echo "load before: $(uptime)"
run() {
  local out
  out=$(/usr/bin/time -v "$tmp/planner.test" -test.run '^$' -test.bench "^$1\$" -test.benchtime "$2" 2>&1)
  echo "$out" | grep -E "^Benchmark" | tr -s ' \t' ' '
  echo "$out" | grep -E "Maximum resident set size" | sed "s/^\s*/  whole process (time -v): /"
}
for i in $(seq "$runs"); do
  run BenchmarkImport100k 1x | tee -a "$tmp/import"
  run BenchmarkRawInsert100k 1x | tee -a "$tmp/raw"
done
median() { grep -oE "[0-9.]+ $1" "$2" | awk '{print $1}' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
imp=$(median rows/s "$tmp/import"); raw=$(median rows/s "$tmp/raw")
echo "median import: $imp rows/s, $(median s "$tmp/import") s, $(median cpu-s "$tmp/import") cpu-s, peak $(median peak-MB "$tmp/import") MB, import-MB $(median import-MB "$tmp/import")"
echo "median raw:    $raw rows/s, $(median s "$tmp/raw") s, $(median cpu-s "$tmp/raw") cpu-s, peak $(median peak-MB "$tmp/raw") MB, import-MB $(median import-MB "$tmp/raw")"
awk -v a="$imp" -v b="$raw" -v c="$(median cpu-s "$tmp/import")" -v d="$(median cpu-s "$tmp/raw")" \
  'BEGIN {printf "ratio import/raw: %.2f by wall-clock rows/s, %.2f by CPU time (raw cpu-s / import cpu-s)\n", a/b, d/c}'
run BenchmarkGroup10k 3x
echo "load after: $(uptime)"
