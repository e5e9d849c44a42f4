#!/usr/bin/env bash
# Runs every benchmark whose figures are recorded in docs/PERFORMANCE.md, each
# the way that document says. Needs the test services (`make test-setup`) for
# the WordPress publishing benchmark. Output goes to stdout; copy the figures
# into docs/PERFORMANCE.md by hand after checking the machine was quiet (uptime).
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=go1.27.3
set -a; [ -f .test-env ] && source .test-env; set +a
uptime
echo "== foundation: keyword list under API rules (first run builds a 1M-keyword data dir, ~1 min)"
go test -run XXX -bench BenchmarkKeywordList -benchtime 200x ./bench/
echo "== job engine"
go test -run XXX -bench JobsNoop -benchtime=3000x ./bench/
go test -run XXX -bench JobsLatency -benchtime=1x ./bench/
echo "== AI layer"
go test -run XXX -bench . -benchmem -benchtime 2s ./ai/
echo "== writer"
go test -run XXX -bench . -benchtime 2s ./writer/
echo "== planner (fresh process per import)"
bash bench/planner.sh
echo "== load: 200 API clients + 50 realtime subscribers for 60 s against the binary"
bash bench/load.sh
echo "== WordPress publishing"
go test -run '^$' -bench BenchmarkPublish20 -benchtime 3x -count 2 -benchmem ./wordpress/
uptime
