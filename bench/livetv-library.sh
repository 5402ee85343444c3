#!/usr/bin/env bash
# What Live TV elevation costs the requests it does not touch: GET /library/sections (a shared user's
# token, a client identifier) through a pass-through Doorman and through
# `serve --elevate-live-tv --neutralize-owner-history`, three interleaved rounds, 64 connections.
# Doorman on core 0, nginx origin and wrk on core 1. Usage: bench/livetv-library.sh (DURATION=6s, WARMUP=8s)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$ROOT/bench/work/livetv-library"
DURATION="${DURATION:-6s}"
WARMUP="${WARMUP:-8s}"
ORIGIN_PORT=18480
# shellcheck source=bench/livetv-lib.sh
. "$ROOT/bench/livetv-lib.sh"

start_origin "$(cat <<NGINX
  server {
    listen 127.0.0.1:$ORIGIN_PORT backlog=4096;
    location / { default_type application/xml; return 200 '<MediaContainer size="1"><Directory key="1" title="Movies"/></MediaContainer>'; }
  }
NGINX
)"
"$ROOT/doorman" --version >/dev/null
start_doorman 18483 18484
start_doorman 18485 18486 --elevate-live-tv --neutralize-owner-history
U="/library/sections?X-Plex-Token=benchSHAREDtoken&X-Plex-Client-Identifier=bench-client"
for p in 18483 18485; do taskset -c 1 timeout 60 wrk -t1 -c64 -d"$WARMUP" "http://127.0.0.1:$p$U" >/dev/null; done
for round in 1 2 3; do
  for p in 18483 18485; do
    taskset -c 1 timeout 60 wrk -t1 -c64 -d"$DURATION" --latency "http://127.0.0.1:$p$U" >"$WORK/$p-$round.txt"
  done
done
{
  echo "# Ordinary requests through an elevating Doorman — $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "| round | pass-through req/s | p99 ms | elevate-live-tv + neutralize-owner-history req/s | p99 ms | ratio |"
  echo "|---|---:|---:|---:|---:|---:|"
  for round in 1 2 3; do
    a=$(rps "$WORK/18483-$round.txt"); b=$(rps "$WORK/18485-$round.txt")
    echo "| $round | $a | $(p99 "$WORK/18483-$round.txt") | $b | $(p99 "$WORK/18485-$round.txt") | $(ratio "$a" "$b") |"
  done
} | tee "$ROOT/bench/out/livetv-library-$(date +%Y%m%d-%H%M%S).md"
