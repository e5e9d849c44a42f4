#!/usr/bin/env bash
# The legacy-plugin import benchmark (docs/PERFORMANCE.md, "Moving in"):
# BenchmarkImportWP100k loads 100,000 keywords in 5,000 clusters into the
# plan's igny8_* tables on this checkout's test MariaDB (needs .test-env:
# scripts/test-setup.sh) and times wpimport.Run on them, once per fresh
# process, alternating with planner's CSV import of 100,000 rows so both see
# the same machine load. Figures as bench/planner.sh: s, rows/s, cpu-s,
# peak-MB (VmHWM reset right before the import), import-MB.
# BASE=<commit> also times the legacy import as of that commit (built in a
# temporary worktree) in the same rounds: before and after side by side.
set -euo pipefail
export GOTOOLCHAIN=go1.27.3
cd "$(dirname "$0")/.."
env=./.test-env
[ -f "$env" ] || env="$(git worktree list --porcelain | sed -n '1s/^worktree //p')/.test-env"
set -a; . "$env"; set +a
runs=${RUNS:-2}
tmp=$(mktemp -d)
trap 'git worktree remove --force "$tmp/base" 2>/dev/null || true; rm -rf "$tmp"' EXIT
go test -c -o "$tmp/wpimport.test" ./wpimport
go test -c -o "$tmp/planner.test" ./planner
if [ -n "${BASE:-}" ]; then
  git worktree add --detach "$tmp/base" "$BASE" >/dev/null
  (cd "$tmp/base" && go test -c -o "$tmp/base.test" ./wpimport)
fi
bench() { # label binary dir benchmark
  (cd "$3" && prlimit --as=8000000000 "$2" -test.run '^$' -test.bench "^$4\$" -test.benchtime 1x | grep -E "^Benchmark" | tr -s ' \t' ' ' | sed "s/^/$1 /")
}
echo "load before: $(uptime)"
for i in $(seq "$runs"); do
  bench csv "$tmp/planner.test" planner BenchmarkImport100k
  [ -z "${BASE:-}" ] || bench base "$tmp/base.test" wpimport BenchmarkImportWP100k
  bench legacy "$tmp/wpimport.test" wpimport BenchmarkImportWP100k
done
echo "load after: $(uptime)"
