#!/usr/bin/env bash
# Live TV response figures (issue 5), on loopback, bounded in time:
#  1. GET /media/providers (a ~20 KB Plex-shaped body with allowTuners="0" and three XMLTV providers), plain
#     and gzip, through a pass-through Doorman and through Doorman rewriting it
#     (`--elevate-live-tv --provider-labels --spoof-identity`: token check from cache, audit lines,
#     allowTuners hints, provider labels, gzip decode/re-encode): requests/s ratio and p99.
#  2. A 1 GiB Live TV stream (/livetv/sessions/…) through Doorman with every Live TV flag on
#     (`--elevate-live-tv --provider-labels --spoof-identity --neutralize-owner-history --user-header`)
#     against the same Doorman with none: throughput ratio (target ≥ 0.95).
# Doorman on core 0, origin (nginx), wrk and curl on core 1.
# Usage: bench/livetv-rewrite.sh   (DURATION=10s, WARMUP=10s, STREAM_RUNS=3)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$ROOT/bench/work/livetv-rewrite"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-10s}"
STREAM_RUNS="${STREAM_RUNS:-3}"
mkdir -p "$WORK/www/media" "$WORK/www/livetv" "$ROOT/bench/out"
ORIGIN_PORT=18380
# shellcheck source=bench/livetv-lib.sh
. "$ROOT/bench/livetv-lib.sh"

# --- bodies: a Plex-shaped /media/providers (library + 3 DVR providers, many features), its gzip, the DVR list
{
  printf '<?xml version="1.0" encoding="UTF-8"?>\n'
  printf '<MediaContainer size="4" allowCameraUpload="1" allowChannelAccess="1" allowSharing="1" allowSync="1" allowTuners="0" friendlyName="Bench PMS" identifier="com.plexapp.plugins.library" livetv="7" machineIdentifier="bench-machine-id" myPlex="1" version="1.42.1.10060-4e8b05daf">\n'
  printf '<MediaProvider identifier="com.plexapp.plugins.library" title="Library" types="video,audio,photo" protocols="stream,download">\n'
  for i in $(seq 1 60); do
    printf '<Feature key="/library/sections/%d" type="content"><Directory hubKey="/hubs/sections/%d" title="Library %d" agent="tv.plex.agents.movie" language="en-US" refreshing="0" scanner="Plex Movie" uuid="0d6b2f1c-8a3e-4f5b-9c7d-%012d" id="%d" key="/library/sections/%d" type="movie" updatedAt="1735689600" /></Feature>\n' "$i" "$i" "$i" "$i" "$i" "$i"
  done
  printf '</MediaProvider>\n'
  for n in 2 5 7; do
    printf '<MediaProvider identifier="tv.plex.providers.epg.xmltv:%d" friendlyName="Bench PMS" sourceTitle="Bench PMS" title="Live TV &amp; DVR" types="video" protocols="livetv" epgSource="tv.plex.providers.epg.xmltv" allowTuners="0">\n' "$n"
    printf '<Feature type="content" key="/tv.plex.providers.epg.xmltv:%d/sections"><Directory id="tv.plex.providers.epg.xmltv:%d" title="Live TV &amp; DVR" key="/tv.plex.providers.epg.xmltv:%d/hubs/discover" /></Feature>\n' "$n" "$n" "$n"
    printf '<Feature type="collection"><Directory key="/tv.plex.providers.epg.xmltv:%d/watchnow" title="Guide" /></Feature>\n' "$n"
    printf '<Feature type="search" key="/tv.plex.providers.epg.xmltv:%d/search" />\n</MediaProvider>\n' "$n"
  done
  printf '</MediaContainer>\n'
} >"$WORK/www/media/providers"
gzip -1 -c -n "$WORK/www/media/providers" >"$WORK/www/media/providers-gz"
cat >"$WORK/www/livetv/dvrs" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<MediaContainer size="3">
<Dvr key="2" uuid="d1" language="eng" lineupTitle="iptvtunerr-Sports Feed" lineup="lineup://tv.plex.providers.epg.xmltv/x#iptvtunerr-Sports" title="" />
<Dvr key="5" uuid="d2" language="eng" lineupTitle="" lineup="lineup://tv.plex.providers.epg.xmltv/x#x" title="iptvtunerr-News" />
<Dvr key="7" uuid="d3" language="eng" lineup="lineup://tv.plex.providers.epg.xmltv/x#iptvtunerr-Movies%20%26%20More" />
</MediaContainer>
XML
if [ ! -f "$WORK/1g.bin" ] || [ "$(stat -c %s "$WORK/1g.bin")" != 1073741824 ]; then
  head -c 1073741824 /dev/urandom >"$WORK/1g.bin"
fi

start_origin "$(cat <<NGINX
  sendfile on;
  server {
    listen 127.0.0.1:$ORIGIN_PORT backlog=4096;
    root $WORK/www;
    location = /library/sections { default_type application/xml; return 200 '<MediaContainer size="1"><Directory key="1" title="Movies"/></MediaContainer>'; }
    location = /livetv/dvrs { default_type application/xml; }
    # the same body, identity or gzip by what the request accepts (like PMS)
    location = /media/providers {
      default_type application/xml;
      if (\$http_accept_encoding ~* gzip) { rewrite ^ /media/providers-gz last; }
    }
    location = /media/providers-gz { internal; default_type application/xml; add_header Content-Encoding gzip; }
    location /livetv/sessions/ { default_type video/mp2t; root $WORK; rewrite ^ /1g.bin break; }
  }
NGINX
)"
"$ROOT/doorman" --version >/dev/null


start_doorman 18383 18384
start_doorman 18385 18386 --elevate-live-tv --provider-labels --spoof-identity
sleep 1  # the label map loads in the background at start
PT="http://127.0.0.1:18383/media/providers?X-Plex-Token=benchSHAREDtoken"
RW="http://127.0.0.1:18385/media/providers?X-Plex-Token=benchSHAREDtoken"

# correctness first: the rewriting Doorman changed the hints and labels, in both encodings
curl -s "$RW" | grep -q 'friendlyName="Sports Feed" sourceTitle="Sports Feed" title="Sports Feed"' \
  || { echo "rewrite check failed (plain)" >&2; exit 1; }
curl -s -H 'Accept-Encoding: gzip' "$RW" | gzip -dc | grep -q 'allowTuners="1"' \
  || { echo "rewrite check failed (gzip)" >&2; exit 1; }
if curl -s "$RW" | grep -q 'allowTuners="0"'; then echo "a hint was left" >&2; exit 1; fi

for enc in plain gzip; do
  H=(); [ "$enc" = gzip ] && H=(-H 'Accept-Encoding: gzip')
  for u in "$PT" "$RW"; do taskset -c 1 timeout 60 wrk -t1 -c64 -d"$WARMUP" "${H[@]}" "$u" >/dev/null; done
  for round in 1 2 3; do
    taskset -c 1 timeout 60 wrk -t1 -c64 -d"$DURATION" --latency "${H[@]}" "$PT" >"$WORK/pt-$enc-$round.txt"
    taskset -c 1 timeout 60 wrk -t1 -c64 -d"$DURATION" --latency "${H[@]}" "$RW" >"$WORK/rw-$enc-$round.txt"
  done
done
size_plain=$(curl -s "$PT" | wc -c); size_gz=$(curl -s -H 'Accept-Encoding: gzip' "$PT" | wc -c)
rw_gz=$(curl -s -H 'Accept-Encoding: gzip' "$RW" | wc -c)

# --- 2. 1 GiB Live TV stream, every flag vs none (fresh Doormans, the stream elevated with a verified token)
kill "${PIDS[1]}" "${PIDS[2]}" 2>/dev/null || true; sleep 1
start_doorman 18387 18388
start_doorman 18389 18390 --elevate-live-tv --provider-labels --spoof-identity --neutralize-owner-history --user-header
STREAM="/livetv/sessions/bench-session/bench-client/stream.ts?X-Plex-Token=benchSHAREDtoken"
speed() { taskset -c 1 timeout 120 curl -s -o /dev/null -w '%{size_download} %{speed_download}\n' "$1"; }
for u in 18387 18389; do speed "http://127.0.0.1:$u$STREAM" >/dev/null; done  # warm-up
: >"$WORK/stream-none.txt"; : >"$WORK/stream-all.txt"
for run in $(seq "$STREAM_RUNS"); do
  speed "http://127.0.0.1:18387$STREAM" >>"$WORK/stream-none.txt"
  speed "http://127.0.0.1:18389$STREAM" >>"$WORK/stream-all.txt"
done
best() { awk '$1 == 1073741824 && $2 > m {m = $2} END {printf "%.3f", m / 1e9}' "$1"; }
complete() { awk '$1 != 1073741824 {bad++} END {print bad + 0}' "$1"; }
tracked=$(grep -c 'plexlabelproxy_playback: outcome=tracked' "$WORK/doorman-18389.log" || true)

{
  echo "# Live TV response rewriting bench — $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "/media/providers: $size_plain bytes plain, $size_gz gzip ($rw_gz rewritten); 64 connections."
  echo
  echo "| body | round | pass-through req/s | p99 ms | rewriting req/s | p99 ms | ratio |"
  echo "|---|---|---:|---:|---:|---:|---:|"
  for enc in plain gzip; do
    for round in 1 2 3; do
      a=$(rps "$WORK/pt-$enc-$round.txt"); b=$(rps "$WORK/rw-$enc-$round.txt")
      echo "| $enc | $round | $a | $(p99 "$WORK/pt-$enc-$round.txt") | $b | $(p99 "$WORK/rw-$enc-$round.txt") | $(ratio "$a" "$b") |"
    done
  done
  echo
  n=$(best "$WORK/stream-none.txt"); a=$(best "$WORK/stream-all.txt")
  echo "1 GiB Live TV stream, best of $STREAM_RUNS: no Live TV flags $n GB/s, every flag $a GB/s, ratio $(ratio "$n" "$a")"
  echo "(incomplete downloads: $(complete "$WORK/stream-none.txt") / $(complete "$WORK/stream-all.txt"); playback tracked lines: $tracked)"
} | tee "$ROOT/bench/out/livetv-rewrite-$(date +%Y%m%d-%H%M%S).md"
