#!/usr/bin/env bash
# Peak memory and time of the CSV import on issue 11's hostile files, each in
# a fresh process under an address-space cap (prlimit --as, default 4 GB) so a
# regression fails the run instead of the machine:
#   wide   80 rows × 129,000 empty columns (~12 MB): BenchmarkImportWide80x129k
#   long   1,000,001 short rows (~50 MB), one over the row limit: BenchmarkImportRows1M
# Each file is posted to POST /api/igny8/planner/import through the real router
# (multipart streamed from disk, as a workspace editor). Figures
# (planner/bench_test.go measureAlone): s (wall time of the request), peak-MB (VmHWM during the import, reset just before),
# import-MB (peak minus the RSS before it), refused (1 = the file was refused,
# nothing applied), imported (keywords added to the site). A process killed by the cap
# prints "exceeded the memory cap". Record the figures in docs/PERFORMANCE.md.
set -uo pipefail
export GOTOOLCHAIN=go1.27.3
cd "$(dirname "$0")/.."
cap=${CAP:-4000000000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go test -c -o "$tmp/planner.test" ./planner || exit 1
cd planner
echo "load before: $(uptime)"
for b in BenchmarkImportWide80x129k BenchmarkImportRows1M; do
  out=$(prlimit --as="$cap" -- "$tmp/planner.test" -test.run '^$' -test.bench "^$b\$" -test.benchtime 1x -test.v 2>&1)
  rc=$?
  echo "$out" | grep -E "^Benchmark|status [0-9]+:" | tr -s ' \t' ' ' | cut -c1-400
  [ $rc -ne 0 ] && echo "$b: exit $rc (exceeded the memory cap of $cap bytes?)" && echo "$out" | grep -iE "out of memory|cannot allocate|fatal" | head -3
done
echo "load after: $(uptime)"
