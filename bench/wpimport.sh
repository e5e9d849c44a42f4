#!/usr/bin/env bash
# The legacy-plugin import benchmark (docs/PERFORMANCE.md, "Moving in"):
# BenchmarkImportWP100k loads 100,000 keywords in 5,000 clusters into the
# plan's igny8_* tables on this checkout's test MariaDB (needs .test-env:
# scripts/test-setup.sh) and times wpimport.Run on them, once per fresh
# process, alternating with planner's CSV import of 100,000 rows so both see
# the same machine load. Figures as bench/planner.sh: s, rows/s, cpu-s,
# peak-MB (VmHWM reset right before the import), import-MB.
set -euo pipefail
export GOTOOLCHAIN=go1.27.3
cd "$(dirname "$0")/.."
set -a; . ./.test-env; set +a
runs=${RUNS:-2}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go test -c -o "$tmp/wpimport.test" ./wpimport
go test -c -o "$tmp/planner.test" ./planner
echo "load before: $(uptime)"
for i in $(seq "$runs"); do
  (cd planner && "$tmp/planner.test" -test.run '^$' -test.bench '^BenchmarkImport100k$' -test.benchtime 1x | grep -E "^Benchmark" | tr -s ' \t' ' ')
  (cd wpimport && "$tmp/wpimport.test" -test.run '^$' -test.bench '^BenchmarkImportWP100k$' -test.benchtime 1x | grep -E "^Benchmark" | tr -s ' \t' ' ')
done
echo "load after: $(uptime)"
