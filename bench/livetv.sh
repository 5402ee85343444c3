#!/usr/bin/env bash
# Live TV elevation figures (issue 4), on loopback, bounded in time:
#  1. /livetv/dvrs with a warm verified token through `serve --elevate-live-tv`, against the same request
#     through a pass-through Doorman (requests/s ratio, p99);
#  2. 1,000 concurrent first requests carrying one new token: how many /library/sections checks reach the
#     origin (the target is exactly one).
# Plus a floor: the same Doorman built with bench/livetv-floor.patch, whose policy does nothing but print the
# three lines an elevated request must print (already formatted) and forward. Its ratio is the best any
# implementation of the runbook's per-request lines can reach here. FLOOR=0 skips it.
# Doorman on core 0, origin (nginx) and wrk on core 1. Usage: bench/livetv.sh   (DURATION=10s, WARMUP=15s)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$ROOT/bench/work/livetv"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-15s}"
FLOOR="${FLOOR:-1}"
ORIGIN_PORT=18280
# shellcheck source=bench/livetv-lib.sh
. "$ROOT/bench/livetv-lib.sh"

start_origin "$(cat <<NGINX
  log_format checks '\$request_uri';
  server {
    listen 127.0.0.1:$ORIGIN_PORT backlog=4096;
    location = /library/sections { access_log $WORK/checks.log checks; default_type application/xml; return 200 '<MediaContainer size="1"><Directory key="1" title="Movies"/></MediaContainer>'; }
    location / { default_type application/xml; return 200 '<MediaContainer size="1"><Dvr key="1" lineupTitle="iptvtunerr-Local"/></MediaContainer>'; }
  }
NGINX
)"
: >"$WORK/checks.log"
"$ROOT/doorman" --version >/dev/null


if [ "$FLOOR" = 1 ]; then  # a scratch copy of the sources with the floor patch applied
  rm -rf "$WORK/floor-src"; mkdir -p "$WORK/floor-src"
  (cd "$ROOT" && tar cf - --exclude=./target --exclude=./bench --exclude=./.git .) | (cd "$WORK/floor-src" && tar xf -)
  # its own repository, or git apply, run inside this one, would silently skip paths outside the directory
  (cd "$WORK/floor-src" && git init -q . && git apply --check "$ROOT/bench/livetv-floor.patch" \
    && git apply "$ROOT/bench/livetv-floor.patch" && grep -q 'FLOOR' src/main/java/io/doorman/livetv/LiveTvElevationPolicy.java)
  "$WORK/floor-src/doorman" --version >/dev/null
fi

start_doorman 18283 18284
start_doorman 18285 18286 --elevate-live-tv
URL_PLAIN="http://127.0.0.1:18283/livetv/dvrs?X-Plex-Token=benchSHAREDtoken"
URL_ELEV="http://127.0.0.1:18285/livetv/dvrs?X-Plex-Token=benchSHAREDtoken"
URLS=("$URL_PLAIN" "$URL_ELEV")
if [ "$FLOOR" = 1 ]; then
  DOORMAN="$WORK/floor-src/doorman" start_doorman 18289 18290 --elevate-live-tv
  URLS+=("http://127.0.0.1:18289/livetv/dvrs?X-Plex-Token=benchSHAREDtoken")
fi
NAMES=(plain elev floor)
for u in "${URLS[@]}"; do taskset -c 1 timeout 60 wrk -t1 -c64 -d"$WARMUP" "$u" >/dev/null; done  # warm-up (JIT, token cache)
for round in 1 2 3; do
  for i in "${!URLS[@]}"; do
    taskset -c 1 timeout 60 wrk -t1 -c64 -d"$DURATION" --latency "${URLS[$i]}" >"$WORK/${NAMES[$i]}-$round.txt"
  done
done
elevated=$(grep -c 'outcome=elevated_live_tv' "$WORK/doorman-18285.log" || true)

# 2. a fresh elevating Doorman (empty cache), 1,000 connections at once with one new token
: >"$WORK/checks.log"; kill -USR1 "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
start_doorman 18287 18288 --elevate-live-tv
: >"$WORK/checks.log"
taskset -c 1 timeout 30 wrk -t1 -c1000 -d3s "http://127.0.0.1:18287/livetv/dvrs?X-Plex-Token=brandNEWtoken" >"$WORK/c1000.txt"
sleep 1
checks=$(grep -c 'brandNEWtoken' "$WORK/checks.log" || true)
misses=$(curl -s http://127.0.0.1:18288/metrics | awk -F' ' '/^doorman_livetv_auth_checks_total\{cache="miss"\}/ {print $2}')

{
  echo "# Live TV elevation bench — $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "| round | pass-through req/s | p99 ms | elevate-live-tv req/s | p99 ms | ratio | floor (lines only) req/s | floor ratio |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  for round in 1 2 3; do
    a=$(rps "$WORK/plain-$round.txt"); b=$(rps "$WORK/elev-$round.txt"); f=-; fr=-
    if [ "$FLOOR" = 1 ]; then f=$(rps "$WORK/floor-$round.txt"); fr=$(ratio "$a" "$f"); fi
    echo "| $round | $a | $(p99 "$WORK/plain-$round.txt") | $b | $(p99 "$WORK/elev-$round.txt") | $(ratio "$a" "$b") | $f | $fr |"
  done
  echo
  echo "- elevated_live_tv audit lines during the elevated runs: $elevated (every request was elevated and audited)"
  echo "- 1,000 concurrent first requests with one new token: $(awk '/Requests\/sec/ {print $2}' "$WORK/c1000.txt") req/s over 3 s;"
  echo "  /library/sections checks that reached the origin: $checks; token checks answered by PMS (metric): $misses"
} | tee "$ROOT/bench/out/livetv-$(date +%Y%m%d-%H%M%S).md"
