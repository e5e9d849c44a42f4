#!/usr/bin/env bash
# Wall-clock time of the autopilot chain on a real server (issue 19, measured,
# not asserted): a fresh data dir with the demo workspace (IGNY8_DEMO=1) and
# the dev AI provider; a new site gets six pasted keywords, then the chain's
# five schedules are enabled at "@every 1m" and nothing else is called. The clock
# runs from enabling until the site has six articles in review (their images
# generated and the quality gates run), polled every 5 s; each stage's first
# appearance is printed. PocketBase's cron ticks once a minute, so each step
# waits up to a minute for its window.
set -euo pipefail
export GOTOOLCHAIN=go1.27.3
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
port=${PORT:-18097}
trap 'kill $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
go build -o "$tmp/igny8" .
IGNY8_DEMO=1 IGNY8_AI=dev "$tmp/igny8" serve --http "127.0.0.1:$port" --dir "$tmp/pb_data" >"$tmp/log" 2>&1 &
pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -fsS "$base/api/health" >/dev/null 2>&1 && break; sleep 0.3; done
j() { python3 -c "import sys,json; d=json.load(sys.stdin); print($1)"; }
tok=$(curl -fsS -X POST "$base/api/collections/users/auth-with-password" -H 'Content-Type: application/json' \
  -d '{"identity":"demo@igny8.local","password":"igny8-demo-2026"}' | j 'd["token"]')
auth=(-H "Authorization: $tok" -H 'Content-Type: application/json')
tenant=$(curl -fsS "${auth[@]}" "$base/api/collections/tenants/records" | j 'd["items"][0]["id"]')
site=$(curl -fsS "${auth[@]}" -X POST "$base/api/collections/sites/records" \
  -d "{\"tenant\":\"$tenant\",\"name\":\"Autopilot bench\",\"url\":\"https://autopilot-bench.example.com\"}" | j 'd["id"]')
curl -fsS "${auth[@]}" -X POST "$base/api/igny8/planner/keywords" -d "{\"site\":\"$site\",\"keywords\":[\"espresso machine\",\"best espresso machine\",\"espresso machine for home\",\"yoga mat\",\"thick yoga mat\",\"non slip yoga mat\"]}" >/dev/null
ids=$(curl -fsS "${auth[@]}" "$base/api/collections/schedules/records?filter=(site='$site')" |
  j '" ".join(i["id"] for i in d["items"] if i["type"] in ("clustering","ideas","writing","images","publishing"))')
echo "load before: $(uptime)"
start=$(date +%s.%N)
for id in $ids; do
  curl -fsS "${auth[@]}" -X PATCH "$base/api/collections/schedules/records/$id" -d '{"enabled":true,"spec":"@every 1m"}' >/dev/null
done
count() { curl -fsS -G "${auth[@]}" "$base/api/collections/$1/records" --data-urlencode perPage=1 --data-urlencode "filter=(site='$site'$2)" | j 'd["totalItems"]'; }
declare -A seen
for _ in $(seq 240); do
  now=$(date +%s.%N)
  for stage in "clusters|" "ideas|" "tasks|" "contents|" "images| && status='ready'" "contents| && status='review'"; do
    col=${stage%%|*}; f=${stage#*|}; n=$(count "$col" "$f")
    key="$col$f"
    if [[ -z "${seen[$key]:-}" && "$n" -gt 0 ]]; then seen[$key]=1; printf '%6.1f s  first %s%s\n' "$(echo "$now - $start" | bc)" "$col" "${f:+ (${f# })}"; fi
  done
  review=$(count contents " && status='review'")
  if [[ "$review" -ge 6 ]]; then
    printf 'six articles in review with images: %.1f s after enabling the schedules\n' "$(echo "$(date +%s.%N) - $start" | bc)"
    echo "images ready: $(count images " && status='ready'"), load after: $(uptime)"
    exit 0
  fi
  sleep 5
done
echo "not done after 20 minutes"; tail -20 "$tmp/log"; exit 1
