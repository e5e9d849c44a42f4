#!/usr/bin/env bash
# Planner benchmarks: 100,000-row import (rows/s and peak RSS of the whole test
# process, read from /usr/bin/time -v), the raw SQLite insert of the same rows
# for the ratio, and non-AI clustering of 10,000 keywords.
set -euo pipefail
export GOTOOLCHAIN=go1.27.3
cd "$(dirname "$0")/.."
bin=$(mktemp -d)/planner.test
go test -c -o "$bin" ./planner
cd planner
for b in BenchmarkImport100k BenchmarkRawInsert100k BenchmarkGroup10k; do
  out=$(/usr/bin/time -v "$bin" -test.run '^$' -test.bench "^$b\$" -test.benchtime 3x -test.benchmem 2>&1)
  echo "$out" | grep -E "^Benchmark"
  echo "$out" | grep -E "Maximum resident set size" | sed "s/^\s*/  $b peak RSS: /"
done
rm -rf "$(dirname "$bin")"
