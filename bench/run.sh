#!/usr/bin/env bash
# Doorman side-by-side benchmark: origin (direct), nginx, HAProxy and Doorman,
# all on loopback, every load run bounded in time. See bench/README.md.
#
# Env knobs:
#   DURATION        wrk duration of the small-request run        (default 15s)
#   WARMUP          discarded wrk warm-up before each wrk run     (default 5s)
#   C1000_DURATION  duration of the 1000-connection run           (default 10s)
#   C1000_ROUND_DURATION  each interleaved 1000-connection round    (default 2s; 0 skips those rounds)
#   PROXIES         which proxies to run    (default "nginx nginx-log haproxy doorman doorman-log"; the -log rows
#                   run with an access log: nginx buffered to a file, Doorman its default, stdout)
#   DOORMAN_CMD     command that replaces "$ROOT/doorman" (shell words; args are appended)
#   DOWNLOAD_RUNS   1 GiB downloads per target, best is kept      (default 3)
#   NGINX_PROXY_BUFFER_SIZE  proxy_buffer_size of the nginx peer  (default 64k)
#   DOORMAN_JAR     jar whose mtime tells whether --version had to build it (default target/doorman.jar)
#   PROXY_CPU / ORIGIN_CPU / LOAD_CPU  core pinning               (default 0 / 1 / 1)
#   QUIET_WAIT      max seconds to wait, before each target, for other processes to
#                   drop below QUIET_MAX % of a core                (default 30 / 10)
#   SKIP_SETUP=1    do not call bench/setup.sh
#   CLIENT_MARGIN   how much faster than every proxy the direct-to-origin row must be for a figure to
#                   get a ratio and a verdict; below it the report says "client-bound"  (default 1.15)
set -euo pipefail
set +m   # no job control: background children are then never group leaders, so
         # `setsid` execs in place and $! is the real server pid

PATH="$PATH:/usr/sbin:/sbin"   # nginx/haproxy live in /usr/sbin on Debian

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH")"
WORK="$BENCH/work"
OUT="$BENCH/out"
CONF="$BENCH/conf"

DURATION="${DURATION:-15s}"
WARMUP="${WARMUP:-5s}"
C1000_DURATION="${C1000_DURATION:-10s}"
# On a shared VM one target's figure swings between runs, so small requests are also measured in
# interleaved rounds (every target once per round) and the median over the rounds is reported. The test VM
# switches between a fast and a slow state for tens of seconds at a time: many short rounds give every row a
# similar mix of both (5 rounds of 5 s let one row draw three slow rounds and flip the verdict).
SMALL_ROUNDS="${SMALL_ROUNDS:-12}"
# The direct-to-origin row must beat every proxy row by this factor for a ratio to mean anything.
CLIENT_MARGIN="${CLIENT_MARGIN:-1.15}"
ROUND_DURATION="${ROUND_DURATION:-2s}"
# 1000 connections swing as much as small requests (one warm process gave 37-48 k req/s in four 6 s runs), so
# they get interleaved rounds too; the single run above still gives peak RSS and errors.
C1000_ROUND_DURATION="${C1000_ROUND_DURATION:-2s}"
PROXIES="${PROXIES:-nginx nginx-log haproxy doorman doorman-log}"
DOWNLOAD_RUNS="${DOWNLOAD_RUNS:-3}"
NGINX_PROXY_BUFFER_SIZE="${NGINX_PROXY_BUFFER_SIZE:-64k}"
DOORMAN_JAR="${DOORMAN_JAR:-$ROOT/target/doorman.jar}"
QUIET_WAIT="${QUIET_WAIT:-30}"   # max seconds to wait for other processes to calm down, per target
QUIET_MAX="${QUIET_MAX:-10}"     # "quiet" = other processes below this % of one core

ORIGIN_PORT=18080
declare -A PORT=([origin]=18080 [nginx]=18081 [haproxy]=18082 [doorman]=18083 [nginx-log]=18085 [doorman-log]=18086)
DOORMAN_ADMIN_PORT=18084
declare -A ADMIN_PORT=([doorman]=18084 [doorman-log]=18087)
PROXY_CPU="${PROXY_CPU:-0}"     # core for nginx/haproxy/doorman
LOAD_CPU="${LOAD_CPU:-1}"       # core for wrk, curl and the RSS sampler
ORIGIN_CPU="${ORIGIN_CPU:-1}"   # core for the origin nginx

BIG_SIZE=1073741824          # 1 GiB
RANGE_SIZE=134217728         # 128 MiB
RANGE_PARTS=8

TS="$(date +%Y%m%d-%H%M%S)"
RAW="$WORK/raw-$TS"          # raw tool outputs of this run
RES="$WORK/results-$TS"      # key=value results per target
mkdir -p "$WORK" "$OUT" "$RAW" "$RES"

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
warn() { printf '[bench %s] WARNING: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# ---------------------------------------------------------------- cleanup ---
STARTED_PIDS=()   # every long-running process we launched (each is its own session leader)
HELPER_PIDS=()    # background helpers (samplers, curls)

descendants() {   # print all descendant pids of $1 (not $1 itself)
  local c
  for c in $(pgrep -P "$1" 2>/dev/null || true); do
    echo "$c"
    descendants "$c"
  done
}

kill_tree() {     # TERM a process, its session/process group and descendants; KILL after 5 s
  local pid=$1 p all
  [[ -n $pid ]] || return 0
  all="$pid $(descendants "$pid" | tr '\n' ' ')"
  kill -TERM -- "-$pid" 2>/dev/null || true
  for p in $all; do kill -TERM "$p" 2>/dev/null || true; done
  for _ in $(seq 50); do
    local alive=0
    for p in $all; do kill -0 "$p" 2>/dev/null && alive=1; done
    ((alive)) || return 0
    sleep 0.1
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
  for p in $all; do kill -KILL "$p" 2>/dev/null || true; done
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  local p
  for p in "${HELPER_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${STARTED_PIDS[@]}"; do kill_tree "$p"; done
  wait 2>/dev/null || true
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ------------------------------------------------------------------ setup ---
if [[ ${SKIP_SETUP:-0} != 1 ]]; then
  "$BENCH/setup.sh"
fi
for cmd in nginx haproxy wrk curl taskset pgrep; do
  command -v "$cmd" >/dev/null 2>&1 || { echo "bench: '$cmd' not found (run bench/setup.sh as root)" >&2; exit 1; }
done

if ! ulimit -n 65536 2>/dev/null; then
  hard="$(ulimit -Hn)"
  ulimit -n "$hard"
  warn "cannot raise open-files limit to 65536 (hard limit $hard); using $hard"
fi
NOFILE="$(ulimit -n)"
[[ $NOFILE == unlimited ]] && NOFILE=1048576

if ((EUID == 0)); then USER_DIRECTIVE="user root;"; else USER_DIRECTIVE=""; fi

render() {  # render TEMPLATE OUT KEY=VALUE...
  local tpl=$1 out=$2; shift 2
  local content kv
  content="$(<"$tpl")"
  for kv in "$@"; do
    content="${content//@${kv%%=*}@/${kv#*=}}"
  done
  printf '%s\n' "$content" >"$out"
}

port_busy() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }  # something accepts on it

# wait_ready NAME PID PORT TIMEOUT_S -> 0 when /library/sections answers 200
wait_ready() {
  local name=$1 pid=$2 port=$3 timeout=$4 code deadline
  deadline=$(( $(date +%s) + timeout ))
  while (( $(date +%s) < deadline )); do
    if ! kill -0 "$pid" 2>/dev/null; then
      warn "$name exited during start-up"
      return 1
    fi
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/library/sections" 2>/dev/null || true)"
    [[ $code == 200 ]] && return 0
    sleep 0.1
  done
  warn "$name did not answer 200 on http://127.0.0.1:$port/library/sections within ${timeout}s (last status: ${code:-none})"
  return 1
}

# ----------------------------------------------------------------- RSS ----
rss_kb_of() {   # sum VmRSS (kB) of the given pids, pure bash (no forks)
  local total=0 p k v _
  for p in "$@"; do
    [[ -r /proc/$p/status ]] || continue
    while read -r k v _; do
      if [[ $k == VmRSS: ]]; then total=$((total + v)); break; fi
    done <"/proc/$p/status" 2>/dev/null || true
  done
  echo "$total"
}

declare -A RSS_PIDS   # name -> space-separated pids whose RSS is summed

resolve_rss_pids() {  # resolve_rss_pids NAME LAUNCHED_PID
  local name=$1 pid=$2 p comm pids=""
  case $name in
    origin|nginx|nginx-log)  # master + workers
      pids="$pid $(pgrep -P "$pid" | tr '\n' ' ')" ;;
    haproxy)
      pids="$pid" ;;
    doorman|doorman-log)  # the real java process, not the launcher
      for p in $pid $(descendants "$pid"); do
        comm="$(cat "/proc/$p/comm" 2>/dev/null || true)"
        if [[ $comm == java ]]; then pids="$p"; break; fi
      done
      if [[ -z $pids ]] && command -v ss >/dev/null; then
        pids="$(ss -Hltnp "sport = :${PORT[$name]}" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true)"
      fi
      if [[ -z $pids ]]; then
        pids="$(pgrep -n -f 'doorman.*\.jar' || true)"
      fi
      [[ -n $pids ]] || pids="$pid" ;;
  esac
  RSS_PIDS[$name]="$(echo $pids)"
}

mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# background sampler: max summed RSS every 100 ms until STOPFILE exists (bounded by MAX_S)
start_rss_sampler() {   # start_rss_sampler OUTFILE STOPFILE MAX_S PIDS...
  local outf=$1 stopf=$2 max_s=$3; shift 3
  (
    taskset -cp "$LOAD_CPU" "$BASHPID" >/dev/null 2>&1 || true
    peak=0
    end=$(( SECONDS + max_s ))
    while [[ ! -e $stopf ]] && (( SECONDS < end )); do
      cur="$(rss_kb_of "$@")"
      (( cur > peak )) && peak=$cur
      echo "$peak" >"$outf"
      sleep 0.1
    done
  ) &
  SAMPLER_PID=$!
  HELPER_PIDS+=("$SAMPLER_PID")
}

# ------------------------------------------------- foreign-CPU estimate ----
# CPU used on this machine by processes that are NOT part of the benchmark while a
# target is measured: (user+nice+system of /proc/stat) minus (CPU of this shell and
# its reaped children — wrk, curl, samplers — and of every process we started).
# Interrupt/softirq time (loopback networking) is excluded from both sides.
CLK_TCK="$(getconf CLK_TCK 2>/dev/null || echo 100)"
sys_busy_ticks() { local _c u n s _; read -r _c u n s _ </proc/stat; echo $((u + n + s)); }
core_busy_ticks() {  # core_busy_ticks CPU -> every non-idle tick of that core (user nice system irq softirq steal)
  local c u n s idle io irq sirq st _
  while read -r c u n s idle io irq sirq st _; do
    [[ $c == "cpu$1" ]] && { echo $((u + n + s + irq + sirq + st)); return; }
  done </proc/stat
  echo 0
}
steal_ticks() { local a; read -r -a a </proc/stat; echo "${a[8]:-0}"; }
own_ticks() {   # sets OWN_TICKS; must run in the main shell (not in $(...)), because
                # `times` in a subshell reports the subshell, not this script
  local total=0 p rest f t line m sec int frac tf="$WORK/.times.$$"
  times >"$tf"  # this shell + its reaped children ("XmY.YYYs" pairs)
  while read -r line; do
    for t in $line; do
      m=${t%%m*}; sec=${t#*m}; sec=${sec%s}; int=${sec%.*}; frac=${sec#*.}
      [[ $sec == *.* ]] || frac=0
      frac="${frac}000"; frac=${frac:0:3}
      total=$(( total + (10#$m * 60 + 10#$int) * CLK_TCK + 10#$frac * CLK_TCK / 1000 ))
    done
  done <"$tf"
  rm -f "$tf"
  for p in $(for q in "${STARTED_PIDS[@]}"; do echo "$q"; descendants "$q"; done); do
    read -r rest <"/proc/$p/stat" 2>/dev/null || continue
    rest="${rest##*) }"
    read -r -a f <<<"$rest"
    # after "pid (comm) ": f[11]=utime f[12]=stime f[13]=cutime f[14]=cstime
    total=$(( total + f[11] + f[12] + f[13] + f[14] ))
  done
  OWN_TICKS=$total
}

# Before each target: wait (bounded by QUIET_WAIT seconds) until other processes use
# less than QUIET_MAX % of a core over a 1 s sample; the last sample is reported.
foreign_pct_1s() {
  local t0 b0 o0 t1 b1 o1
  t0=$(date +%s%N); b0=$(sys_busy_ticks); own_ticks; o0=$OWN_TICKS
  sleep 1
  t1=$(date +%s%N); b1=$(sys_busy_ticks); own_ticks; o1=$OWN_TICKS
  awk -v b=$((b1 - b0)) -v o=$((o1 - o0)) -v ns=$((t1 - t0)) -v hz="$CLK_TCK" \
    'BEGIN { f = 100 * ((b - o) / hz) / (ns / 1e9); if (f < 0) f = 0; printf "%.0f\n", f }' >"$WORK/.pct.$$"
  read -r FOREIGN_PCT <"$WORK/.pct.$$" || true; rm -f "$WORK/.pct.$$"
}
wait_quiet() {  # wait_quiet TARGET
  local start=$SECONDS pct
  while :; do
    foreign_pct_1s; pct=$FOREIGN_PCT
    if ((pct <= QUIET_MAX)); then break; fi
    if ((SECONDS - start >= QUIET_WAIT)); then
      warn "other processes still use ${pct}% of a core after waiting ${QUIET_WAIT}s; measuring $1 anyway"
      break
    fi
    log "waiting for a quiet machine: other processes use ${pct}% of a core"
  done
  put "$1" quiet_pct "$pct"
}

# ------------------------------------------------------------ wrk parse ----
# prints: rps p50_ms p99_ms connect read write timeout non2xx  (n/a when absent)
parse_wrk() {
  awk '
    function ms(s,   n, u) {
      n = s; sub(/[a-z]+$/, "", n); u = s; sub(/^[0-9.]+/, "", u)
      if (u == "us") return n / 1000
      if (u == "ms") return n
      if (u == "s")  return n * 1000
      if (u == "m")  return n * 60000
      if (u == "h")  return n * 3600000
      return n
    }
    /Requests\/sec:/            { rps = $2 }
    /^[ \t]+50%[ \t]/           { p50 = ms($2) }
    /^[ \t]+99%[ \t]/           { p99 = ms($2) }
    /Socket errors:/            { gsub(",", ""); c = $4; r = $6; w = $8; t = $10 }
    /Non-2xx or 3xx responses:/ { n = $5 }
    END {
      if (rps == "") rps = "n/a"
      if (p50 == "") p50 = "n/a"; else p50 = sprintf("%.3f", p50)
      if (p99 == "") p99 = "n/a"; else p99 = sprintf("%.3f", p99)
      print rps, p50, p99, c + 0, r + 0, w + 0, t + 0, n + 0
    }' "$1"
}

put() { echo "$2=$3" >>"$RES/$1.env"; }   # put TARGET KEY VALUE
get() {                                   # get TARGET KEY -> value or n/a
  local f="$RES/$1.env" v=""
  [[ -r $f ]] && v="$(grep -E "^$2=" "$f" | tail -1 | cut -d= -f2- || true)"
  echo "${v:-n/a}"
}

# ------------------------------------------------------------- content ----
WWW="$WORK/www"
mkdir -p "$WWW/library" "$WWW/media"

cat >"$WWW/library/sections.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<MediaContainer size="4" allowSync="0" identifier="com.plexapp.plugins.library" mediaTagPrefix="/system/bundle/media/flags/" mediaTagVersion="1700000000" title1="Plex Library">
<Directory allowSync="1" art="/:/resources/movie-fanart.jpg" composite="/library/sections/1/composite/1700000001" filters="1" refreshing="0" thumb="/:/resources/movie.png" key="1" type="movie" title="Movies" agent="tv.plex.agents.movie" scanner="Plex Movie" language="en-US" uuid="0b8e3c1a-5d2f-4a61-9c3e-7f1d2a4b6c81" updatedAt="1700000101" createdAt="1600000101" scannedAt="1700000101" content="1" directory="1" contentChangedAt="123456" hidden="0">
<Location id="1" path="/data/media/movies" />
</Directory>
<Directory allowSync="1" art="/:/resources/show-fanart.jpg" composite="/library/sections/2/composite/1700000002" filters="1" refreshing="0" thumb="/:/resources/show.png" key="2" type="show" title="TV Shows" agent="tv.plex.agents.series" scanner="Plex TV Series" language="en-US" uuid="5a7c2e9d-1b3f-4c8e-a2d6-9e0f1b2c3d42" updatedAt="1700000102" createdAt="1600000102" scannedAt="1700000102" content="1" directory="1" contentChangedAt="234567" hidden="0">
<Location id="2" path="/data/media/tv" />
</Directory>
<Directory allowSync="1" art="/:/resources/artist-fanart.jpg" composite="/library/sections/3/composite/1700000003" filters="1" refreshing="0" thumb="/:/resources/artist.png" key="3" type="artist" title="Music" agent="tv.plex.agents.music" scanner="Plex Music" language="en-US" uuid="c4d2b6a8-3e5f-4d71-8b9c-0a1e2f3d4c53" updatedAt="1700000103" createdAt="1600000103" scannedAt="1700000103" content="1" directory="1" contentChangedAt="345678" hidden="0">
<Location id="3" path="/data/media/music" />
</Directory>
<Directory allowSync="0" art="/:/resources/photo-fanart.jpg" composite="/library/sections/4/composite/1700000004" filters="0" refreshing="0" thumb="/:/resources/photo.png" key="4" type="photo" title="Photos" agent="com.plexapp.agents.none" scanner="Plex Photo Scanner" language="xn" uuid="e6f4a2c0-7b9d-4e13-9f5a-1c2d3e4f5a64" updatedAt="1700000104" createdAt="1600000104" scannedAt="1700000104" content="1" directory="1" contentChangedAt="456789" hidden="0">
<Location id="4" path="/data/media/photos" />
</Directory>
</MediaContainer>
EOF

BIG="$WWW/media/1g.bin"
if [[ ! -f $BIG ]] || [[ $(stat -c %s "$BIG") -ne $BIG_SIZE ]]; then
  log "creating 1 GiB test file $BIG (once; reused by later runs)"
  head -c "$BIG_SIZE" /dev/urandom >"$BIG.tmp"
  mv "$BIG.tmp" "$BIG"
fi
chmod -R a+rX "$WWW"
# The origin returns the XML from its config, inside '...': it must hold no quote, no $ (an nginx variable),
# no backslash and no & (bash's pattern replacement in render()).
SECTIONS_XML="$(<"$WWW/library/sections.xml")"
if [[ $SECTIONS_XML == *[\'\$\\\&]* ]]; then echo "bench: sections.xml holds a character the origin config cannot quote" >&2; exit 1; fi
cat "$BIG" >/dev/null   # into the page cache

# ---------------------------------------------------------- start: origin --
declare -A PID            # name -> launched pid
declare -A STATUS         # name -> ok | failed: reason
declare -A NOTE

start_nginx() {  # start_nginx NAME TEMPLATE CPU
  local name=$1 tpl=$2 cpu=$3 dir="$WORK/$1"
  rm -rf "$dir"; mkdir -p "$dir/tmp"
  render "$tpl" "$dir/nginx.conf" \
    "DIR=$dir" "WWW=$WWW" "PORT=${PORT[$name]}" "UPSTREAM_PORT=$ORIGIN_PORT" \
    "NOFILE=$NOFILE" "USER_DIRECTIVE=$USER_DIRECTIVE" "PROXY_BUFFER_SIZE=$NGINX_PROXY_BUFFER_SIZE" \
    "SECTIONS_XML=$SECTIONS_XML" \
    "ACCESS_LOG=$( [[ $name == nginx-log ]] && echo "$dir/access.log combined buffer=64k flush=1s" || echo off )"
  if ! nginx -t -q -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" >"$dir/configtest.log" 2>&1; then
    STATUS[$name]="failed: config test (see ${dir#"$ROOT"/}/configtest.log)"
    cat "$dir/configtest.log" >&2
    return 1
  fi
  setsid taskset -c "$cpu" nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" \
    -g 'daemon off; master_process on;' >"$dir/stdout.log" 2>&1 </dev/null &
  PID[$name]=$!
  STARTED_PIDS+=("$!")
}

start_haproxy() {
  local name=haproxy dir="$WORK/haproxy" maxconn=10000
  rm -rf "$dir"; mkdir -p "$dir"
  # HAProxy needs ~2 fds per connection; stay within the fd limit we got.
  if (( NOFILE < 2 * maxconn + 100 )); then
    maxconn=$(( (NOFILE - 100) / 2 ))
    NOTE[haproxy]="maxconn lowered to $maxconn (open-files limit $NOFILE)"
  fi
  render "$CONF/haproxy.cfg.in" "$dir/haproxy.cfg" \
    "DIR=$dir" "PORT=${PORT[haproxy]}" "UPSTREAM_PORT=$ORIGIN_PORT" "MAXCONN=$maxconn"
  if ! haproxy -c -q -f "$dir/haproxy.cfg" >"$dir/configtest.log" 2>&1; then
    STATUS[$name]="failed: config check (see ${dir#"$ROOT"/}/configtest.log)"
    cat "$dir/configtest.log" >&2
    return 1
  fi
  setsid taskset -c "$PROXY_CPU" haproxy -db -f "$dir/haproxy.cfg" >"$dir/stdout.log" 2>&1 </dev/null &
  PID[$name]=$!
  STARTED_PIDS+=("$!")
}

DOORMAN_BUILT="n/a"
DOORMAN_VERSION="n/a"
DOORMAN_STARTUP_MS="n/a"
JDK_VERSION="n/a"

start_doorman() {  # start_doorman NAME: doorman (access log off) or doorman-log (the default, to stdout)
  local name=$1 dir="$WORK/$1" t0 t1 deadline before after vstart vend access=off startup
  [[ $name == doorman-log ]] && access=stdout
  rm -rf "$dir"; mkdir -p "$dir"
  local -a cmd
  if [[ -n ${DOORMAN_CMD:-} ]]; then
    eval "cmd=($DOORMAN_CMD)"
  else
    cmd=("$ROOT/doorman")
    if [[ ! -x $ROOT/doorman ]]; then
      STATUS[$name]="failed: launcher $ROOT/doorman not found (set DOORMAN_CMD)"
      return 1
    fi
  fi
  # Build (if needed) outside the timing.
  before="$(stat -c %Y "$DOORMAN_JAR" 2>/dev/null || echo none)"
  vstart=$(date +%s%N)
  if ! timeout 600 "${cmd[@]}" --version >"$dir/version.out" 2>"$dir/version.err" </dev/null; then
    STATUS[$name]="failed: '${cmd[*]} --version' failed (see ${dir#"$ROOT"/}/version.err)"
    tail -20 "$dir/version.err" >&2
    return 1
  fi
  vend=$(date +%s%N)
  after="$(stat -c %Y "$DOORMAN_JAR" 2>/dev/null || echo none)"
  if [[ $before != "$after" ]]; then
    DOORMAN_BUILT="yes — jar was (re)built by the --version call ($(( (vend - vstart) / 1000000 )) ms, not part of start-up time)"
  elif [[ $after == none ]]; then
    DOORMAN_BUILT="unknown — $DOORMAN_JAR not found (set DOORMAN_JAR)"
  else
    DOORMAN_BUILT="no — jar was up to date (--version took $(( (vend - vstart) / 1000000 )) ms)"
  fi
  DOORMAN_VERSION="$(head -1 "$dir/version.out")"
  log "doorman --version: $DOORMAN_VERSION"

  t0=$(date +%s%N)
  setsid taskset -c "$PROXY_CPU" "${cmd[@]}" serve \
    --listen "127.0.0.1:${PORT[$name]}" --upstream "http://127.0.0.1:$ORIGIN_PORT" \
    --admin-listen "127.0.0.1:${ADMIN_PORT[$name]}" --access-log "$access" \
    >>"$dir/stdout.log" 2>&1 </dev/null &
  PID[$name]=$!
  STARTED_PIDS+=("$!")
  # start-up time: launch -> first request answered (any HTTP status), 20 ms polls, 60 s bound
  deadline=$(( t0 + 60 * 1000000000 ))
  while :; do
    if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:${PORT[$name]}/library/sections" 2>/dev/null; then
      t1=$(date +%s%N)
      startup=$(( (t1 - t0) / 1000000 ))
      [[ $name == doorman ]] && DOORMAN_STARTUP_MS=$startup
      break
    fi
    if ! kill -0 "${PID[$name]}" 2>/dev/null; then
      STATUS[$name]="failed: exited during start-up (see ${dir#"$ROOT"/}/stdout.log)"
      tail -20 "$dir/stdout.log" >&2
      return 1
    fi
    if (( $(date +%s%N) > deadline )); then
      STATUS[$name]="failed: no answer within 60 s (see ${dir#"$ROOT"/}/stdout.log)"
      return 1
    fi
    sleep 0.02
  done
  log "$name answered after ${startup} ms"
}

for name in origin $PROXIES; do
  if port_busy "${PORT[$name]}"; then
    STATUS[$name]="failed: port ${PORT[$name]} already in use"
    warn "${STATUS[$name]}"
    [[ $name == origin ]] && { echo "bench: origin port busy, aborting" >&2; exit 1; }
  fi
done
for name in doorman doorman-log; do
  if [[ " $PROXIES " == *" $name "* ]] && port_busy "${ADMIN_PORT[$name]}"; then
    STATUS[$name]="failed: admin port ${ADMIN_PORT[$name]} already in use"
  fi
done

log "starting origin nginx on 127.0.0.1:$ORIGIN_PORT (core $ORIGIN_CPU)"
start_nginx origin "$CONF/origin-nginx.conf.in" "$ORIGIN_CPU" || { echo "bench: origin failed: ${STATUS[origin]}" >&2; exit 1; }
wait_ready origin "${PID[origin]}" "$ORIGIN_PORT" 20 || { echo "bench: origin did not come up" >&2; cat "$WORK/origin/error.log" >&2 || true; exit 1; }
STATUS[origin]=ok
ctype="$(curl -s -o /dev/null -w '%{content_type} %{size_download}' "http://127.0.0.1:$ORIGIN_PORT/library/sections")"
log "origin /library/sections: $ctype"

TARGETS=(origin)
for name in $PROXIES; do
  case $name in nginx|nginx-log|haproxy|doorman|doorman-log) ;; *) warn "unknown proxy '$name' ignored"; continue ;; esac
  [[ -n ${STATUS[$name]:-} ]] && { warn "$name: ${STATUS[$name]}"; continue; }
  log "starting $name on 127.0.0.1:${PORT[$name]} (core $PROXY_CPU)"
  case $name in
    nginx|nginx-log)     start_nginx "$name" "$CONF/proxy-nginx.conf.in" "$PROXY_CPU" || true ;;
    haproxy)             start_haproxy || true ;;
    doorman|doorman-log) start_doorman "$name" || true ;;
  esac
  if [[ -z ${STATUS[$name]:-} ]]; then
    if wait_ready "$name" "${PID[$name]}" "${PORT[$name]}" 60; then
      STATUS[$name]=ok
      TARGETS+=("$name")
    else
      STATUS[$name]="failed: not ready (see ${WORK#"$ROOT"/}/$name/)"
      tail -5 "$WORK/$name/"*.log >&2 2>/dev/null || true
    fi
  fi
  [[ ${STATUS[$name]} == ok ]] || warn "$name: ${STATUS[$name]} — continuing without it"
done

sleep 1
for name in "${TARGETS[@]}"; do
  resolve_rss_pids "$name" "${PID[$name]}"
  put "$name" idle_rss_kb "$(rss_kb_of ${RSS_PIDS[$name]})"
  log "$name pids for RSS: ${RSS_PIDS[$name]} (idle $(mib "$(get "$name" idle_rss_kb)") MiB)"
done
if [[ ${STATUS[doorman]:-} == ok ]]; then
  jexe="$(readlink -f "/proc/${RSS_PIDS[doorman]}/exe" 2>/dev/null || true)"
  if [[ $(basename "${jexe:-x}") == java ]]; then
    JDK_VERSION="$("$jexe" -version 2>&1 | head -1) ($jexe)"
  fi
fi

# ----------------------------------------------------------- measurements ---
secs() { local d=$1; case $d in *ms) echo 1;; *s) echo "${d%s}";; *m) echo $(( ${d%m} * 60 ));; *) echo "$d";; esac; }

run_wrk() {  # run_wrk OUTFILE CONNS DURATION URL
  local outf=$1 c=$2 d=$3 url=$4 tmo
  tmo=$(( $(secs "$d") + 30 ))
  timeout "$tmo" taskset -c "$LOAD_CPU" wrk -t1 -c"$c" -d"$d" --latency "$url" >"$outf" 2>&1 || true
}

measure() {
  local name=$1 port=${PORT[$1]} base url out r best k pids
  base="http://127.0.0.1:$port"
  url="$base/library/sections"
  out="$RAW/$name"; mkdir -p "$out"

  local m_t0 m_busy0 m_own0 m_steal0
  m_t0=$(date +%s%N); m_busy0=$(sys_busy_ticks); own_ticks; m_own0=$OWN_TICKS; m_steal0=$(steal_ticks)

  # a. small requests
  log "$name: small requests (warm-up $WARMUP, then $DURATION, -c64)"
  run_wrk "$out/small-warmup.txt" 64 "$WARMUP" "$url"
  run_wrk "$out/small.txt" 64 "$DURATION" "$url"
  read -r rps p50 p99 ec er ew et en < <(parse_wrk "$out/small.txt")
  put "$name" small_rps "$rps"; put "$name" small_p50 "$p50"; put "$name" small_p99 "$p99"
  if [[ $rps == n/a ]]; then put "$name" small_err "n/a (wrk produced no result)"
  else put "$name" small_err "$((ec + er + ew + et + en))"; fi
  put "$name" small_err_detail "connect $ec, read $er, write $ew, timeout $et, non-2xx/3xx $en"

  # b. 1 GiB download, best of N
  log "$name: 1 GiB download x$DOWNLOAD_RUNS"
  best=0
  for k in $(seq "$DOWNLOAD_RUNS"); do
    r="$(taskset -c "$LOAD_CPU" curl -s -o /dev/null --max-time 120 \
          -w '%{http_code} %{speed_download} %{size_download}' "$base/media/1g.bin" 2>>"$out/big.err" || true)"
    echo "$r" >>"$out/big.txt"
    read -r code speed size <<<"$r"
    if [[ $code == 200 && ${size%.*} == "$BIG_SIZE" ]]; then
      best="$(awk -v a="$best" -v b="$speed" 'BEGIN { print (b > a) ? b : a }')"
    else
      warn "$name: 1 GiB run $k: status ${code:-?}, ${size:-0} bytes (expected 200, $BIG_SIZE)"
      put "$name" big_bad 1
    fi
  done
  if [[ $best != 0 ]]; then put "$name" big_gbps "$(awk -v s="$best" 'BEGIN { printf "%.3f", s / 1e9 }')"; fi

  # c. 8 parallel 128 MiB ranges
  log "$name: $RANGE_PARTS x 128 MiB Range downloads in parallel"
  local -a cpids=()
  local t0 t1 ok=1
  t0=$(date +%s%N)
  for k in $(seq 0 $((RANGE_PARTS - 1))); do
    taskset -c "$LOAD_CPU" curl -s -o /dev/null --max-time 120 \
      -H "Range: bytes=$((k * RANGE_SIZE))-$(((k + 1) * RANGE_SIZE - 1))" \
      -w '%{http_code} %{size_download}\n' "$base/media/1g.bin" >"$out/range-$k.txt" 2>&1 &
    cpids+=("$!")
  done
  HELPER_PIDS+=("${cpids[@]}")
  for k in "${cpids[@]}"; do wait "$k" || true; done
  t1=$(date +%s%N)
  for k in $(seq 0 $((RANGE_PARTS - 1))); do
    read -r code size <"$out/range-$k.txt" || true
    if [[ ${code:-} != 206 || ${size:-0} != "$RANGE_SIZE" ]]; then
      ok=0; warn "$name: range $k: status ${code:-?}, ${size:-0} bytes (expected 206, $RANGE_SIZE)"
    fi
  done
  if ((ok)); then
    put "$name" range_gbps "$(awk -v b=$((RANGE_PARTS * RANGE_SIZE)) -v ns=$((t1 - t0)) 'BEGIN { printf "%.3f", b / (ns / 1e9) / 1e9 }')"
  else
    put "$name" range_gbps "FAIL"
  fi

  # d. 1000 connections, with peak-RSS sampling
  log "$name: 1000 connections for $C1000_DURATION"
  pids="${RSS_PIDS[$name]}"
  local stopf="$out/rss.stop" peakf="$out/rss.peak"
  rm -f "$stopf"; echo 0 >"$peakf"
  start_rss_sampler "$peakf" "$stopf" $(( $(secs "$C1000_DURATION") + 40 )) $pids
  run_wrk "$out/c1000.txt" 1000 "$C1000_DURATION" "$url"
  touch "$stopf"; wait "$SAMPLER_PID" 2>/dev/null || true
  read -r rps p50 p99 ec er ew et en < <(parse_wrk "$out/c1000.txt")
  put "$name" c1000_rps "$rps"
  if [[ $rps == n/a ]]; then put "$name" c1000_err "n/a (wrk produced no result)"
  else put "$name" c1000_err "$((ec + er + ew + et + en))"; fi
  put "$name" c1000_err_detail "connect $ec, read $er, write $ew, timeout $et, non-2xx/3xx $en"
  put "$name" peak_rss_kb "$(cat "$peakf")"

  local m_t1 m_busy1 m_own1 m_steal1
  m_t1=$(date +%s%N); m_busy1=$(sys_busy_ticks); own_ticks; m_own1=$OWN_TICKS; m_steal1=$(steal_ticks)
  # foreign CPU as % of one core, averaged over the measurement window
  put "$name" foreign_cpu "$(awk -v b=$((m_busy1 - m_busy0)) -v o=$((m_own1 - m_own0)) -v ns=$((m_t1 - m_t0)) -v hz="$CLK_TCK" \
    'BEGIN { f = (b - o) / hz; if (f < 0) f = 0; printf "%.0f", 100 * f / (ns / 1e9) }')"
  put "$name" steal_cpu "$(awk -v st=$((m_steal1 - m_steal0)) -v ns=$((m_t1 - m_t0)) -v hz="$CLK_TCK" \
    'BEGIN { printf "%.0f", 100 * (st / hz) / (ns / 1e9) }')"

  sleep 1
  put "$name" after_rss_kb "$(rss_kb_of $pids)"
}

# The two rows with an access log write 5-10 MB of lines a second. Their log files are counted and emptied
# after each of their measurements, outside the measured windows: dirty pages left to pile up (hundreds of
# MB over a run) are written back by the kernel's threads on whichever core, inside some later round of any
# row (a doorman-log round at 30 us per request beside 15 in its neighbours). Each row still pays its own
# write() of every line into the page cache. Both files are opened for appending, so emptying one under its
# writer leaves no hole; the first 100 lines (start-up messages) are kept in <file>.head.
declare -A LOG_FILE=([nginx-log]=access.log [doorman-log]=stdout.log)
empty_log() {  # empty_log NAME: add the line count of NAME's log to log-lines.txt, then empty the file
  local name=$1 f
  [[ -n ${LOG_FILE[$name]:-} ]] || return 0
  f="$WORK/$name/${LOG_FILE[$name]}"
  [[ -f $f ]] || return 0
  [[ -e $f.head ]] || head -n 100 "$f" >"$f.head"
  wc -l <"$f" >>"$RAW/$name/log-lines.txt"
  : >"$f"
}

for name in "${TARGETS[@]}"; do
  if [[ $name != origin ]] && ! kill -0 "${PID[$name]}" 2>/dev/null; then
    STATUS[$name]="failed: died before its measurements"; warn "$name: ${STATUS[$name]}"; continue
  fi
  wait_quiet "$name"
  measure "$name"
  empty_log "$name"
  if [[ $name != origin ]] && ! kill -0 "${PID[$name]}" 2>/dev/null; then
    STATUS[$name]="died during measurements"; warn "$name: ${STATUS[$name]}"
  fi
done

# ------------------------------------------------- interleaved small rounds ---
median() { sort -n | awk '{a[NR]=$1} END { if (NR == 0) print "n/a"; else if (NR % 2) print a[(NR+1)/2]; else printf "%.2f\n", (a[NR/2] + a[NR/2+1]) / 2 }'; }
wrk_round() {  # wrk_round NAME CONNS DURATION OUTFILE -> "req/s p50 p99 errors core-µs-per-request" of one run
  local name=$1 conns=$2 dur=$3 outf=$4 c0 c1 rps p50 p99 ec er ew et en errs us
  c0=$(core_busy_ticks "$PROXY_CPU")
  run_wrk "$outf" "$conns" "$dur" "http://127.0.0.1:${PORT[$name]}/library/sections"
  c1=$(core_busy_ticks "$PROXY_CPU")
  read -r rps p50 p99 ec er ew et en < <(parse_wrk "$outf")
  if [[ $rps == n/a ]]; then rps=0; errs=n/a; else errs=$((ec + er + ew + et + en)); fi
  # CPU the proxy's core spent per request (its own time and the kernel's work on its behalf): what the
  # proxy costs whether or not the client was the limit. Meaningless for the origin row (nothing runs there).
  us="$(awk -v t=$((c1 - c0)) -v hz="$CLK_TCK" '/ requests in / { n = $1 } END { if (n > 0) printf "%.2f", t / hz * 1e6 / n; else print "n/a" }' "$outf")"
  echo "$rps $p50 $p99 $errs $us"
}
if (( SMALL_ROUNDS > 1 )); then
  log "small requests: $SMALL_ROUNDS interleaved rounds of $ROUND_DURATION per target"
  for r in $(seq "$SMALL_ROUNDS"); do
    # Rotate the order each round so no target always runs first or last as the machine drifts.
    order=("${TARGETS[@]:$(( (r - 1) % ${#TARGETS[@]} ))}" "${TARGETS[@]:0:$(( (r - 1) % ${#TARGETS[@]} ))}")
    for name in "${order[@]}"; do
      [[ $name == origin ]] || kill -0 "${PID[$name]}" 2>/dev/null || continue
      read -r rps p50 p99 errs us < <(wrk_round "$name" 64 "$ROUND_DURATION" "$RAW/$name/small-round$r.txt")
      echo "$rps $p50 $p99 $us" >>"$RAW/$name/rounds.txt"
      empty_log "$name"
      if [[ $C1000_ROUND_DURATION != 0 ]]; then
        read -r rps p50 p99 errs us < <(wrk_round "$name" 1000 "$C1000_ROUND_DURATION" "$RAW/$name/c1000-round$r.txt")
        echo "$rps $errs $us" >>"$RAW/$name/c1000-rounds.txt"
        empty_log "$name"
      fi
    done
  done
  for name in "${TARGETS[@]}"; do
    f="$RAW/$name/rounds.txt"
    [[ -s $f ]] || continue
    put "$name" small_rps "$(cut -d' ' -f1 "$f" | median)"
    put "$name" small_p50 "$(cut -d' ' -f2 "$f" | median)"
    put "$name" small_p99 "$(cut -d' ' -f3 "$f" | median)"
    put "$name" small_rounds "$(cut -d' ' -f1 "$f" | tr '\n' ' ')"
    put "$name" small_p99_rounds "$(cut -d' ' -f3 "$f" | tr '\n' ' ')"
    put "$name" small_cpu_us "$(cut -d' ' -f4 "$f" | grep -v n/a | median)"
    put "$name" small_cpu_us_rounds "$(cut -d' ' -f4 "$f" | tr '\n' ' ')"
    f="$RAW/$name/c1000-rounds.txt"
    [[ -s $f ]] || continue
    put "$name" c1000_rps_single "$(get "$name" c1000_rps)"
    put "$name" c1000_rps "$(cut -d' ' -f1 "$f" | median)"
    put "$name" c1000_rounds "$(cut -d' ' -f1 "$f" | tr '\n' ' ')"
    put "$name" c1000_cpu_us "$(cut -d' ' -f3 "$f" | grep -v n/a | median)"
    put "$name" c1000_cpu_us_rounds "$(cut -d' ' -f3 "$f" | tr '\n' ' ')"
    # Errors in any round count: the target is zero errors over every 1000-connection run.
    e="$(get "$name" c1000_err)"
    if [[ $e =~ ^[0-9]+$ ]] && ! cut -d' ' -f2 "$f" | grep -q n/a; then
      put "$name" c1000_err "$(cut -d' ' -f2 "$f" | awk -v e="$e" '{ e += $1 } END { print e }')"
      put "$name" c1000_err_detail "$(get "$name" c1000_err_detail); rounds $(cut -d' ' -f2 "$f" | tr '\n' ' ')"
    else
      put "$name" c1000_err "n/a (a round produced no result)"
    fi
  done
  # Doorman / best peer within each round (same machine conditions), then the median over rounds.
  round_ratio() {  # round_ratio FILE -> the median of per-round ratios from each target's FILE, or nothing
    local file=$1 n peerfiles=()
    [[ -s $RAW/doorman/$file ]] || return 0
    for n in nginx haproxy; do [[ -s $RAW/$n/$file ]] && peerfiles+=("$RAW/$n/$file"); done
    ((${#peerfiles[@]} > 0)) || return 0
    awk 'FNR == 1 { f++ } { v[f, FNR] = $1; if (FNR > n) n = FNR }
      END { for (k = 1; k <= n; k++) { b = 0; for (i = 2; i <= f; i++) if (v[i, k] > b) b = v[i, k];
            if (b > 0 && v[1, k] > 0) printf "%.3f\n", v[1, k] / b } }' "$RAW/doorman/$file" "${peerfiles[@]}" | median
  }
  rr="$(round_ratio rounds.txt)"; [[ -n $rr ]] && put doorman small_round_ratio "$rr"
  rr="$(round_ratio c1000-rounds.txt)"; [[ -n $rr ]] && put doorman c1000_round_ratio "$rr"
  for name in "${!LOG_FILE[@]}"; do
    [[ -s $RAW/$name/log-lines.txt ]] || continue
    NOTE[$name-lines]="access log lines written over the whole run: $(awk '{ n += $1 } END { print n }' "$RAW/$name/log-lines.txt"), for $(cat "$RAW/$name"/*.txt | awk '/ requests in / { n += $1 } END { print n }') answers wrk counted (plus the downloads and start-up polls; requests in flight when a wrk run ends can add lines); emptied after each measurement (see the script)"
  done
  NOTE[rounds]="small req/s, p50 and p99 are medians of $SMALL_ROUNDS interleaved ${ROUND_DURATION} rounds (after each target's own warm-up run); per-round req/s are in the raw outputs (rounds.txt)"
fi

# ----------------------------------------------------------------- report ---
fmt() {  # fmt VALUE DECIMALS
  local v=$1
  if [[ $v =~ ^-?[0-9]+(\.[0-9]+)?$ ]]; then awk -v v="$v" -v d="$2" 'BEGIN { printf("%." d "f", v) }'; else echo "$v"; fi
}
rssfmt() { local v; v="$(get "$1" "$2")"; [[ $v =~ ^[0-9]+$ ]] && mib "$v" || echo "n/a"; }

cpu_model="$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)"
[[ -n $cpu_model ]] || cpu_model="$(lscpu 2>/dev/null | awk -F': *' '/Model name/ { print $2; exit }')"

REPORT="$OUT/results-$TS.md"
{
  echo "# Doorman benchmark — $TS"
  echo
  echo "- Machine: nproc $(nproc), CPU \`${cpu_model:-unknown}\`, kernel \`$(uname -r)\`, load average at report time \`$(cut -d' ' -f1-3 /proc/loadavg)\`"
  echo "- Doorman: \`$DOORMAN_VERSION\`; JDK (Doorman's java process): \`$JDK_VERSION\`"
  echo "- Tools: \`$(nginx -v 2>&1)\`, \`$(haproxy -v 2>&1 | head -1)\`, \`$(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)\`, \`$(curl --version | head -1 | cut -d' ' -f1-2)\`"
  echo "- Pinning: proxies on core $PROXY_CPU; origin on core $ORIGIN_CPU; wrk, curl and the RSS sampler on core $LOAD_CPU. Open-files limit: $NOFILE."
  echo "- Durations: small requests ${DURATION} after ${WARMUP} warm-up (discarded); 1000 connections ${C1000_DURATION} (no separate warm-up; runs after the other tests), then $([[ $C1000_ROUND_DURATION == 0 ]] && echo "no rounds" || echo "one ${C1000_ROUND_DURATION} round after each small round"); 1 GiB download best of ${DOWNLOAD_RUNS}."
  echo "- Units: GB/s = 10^9 bytes/s; RSS in MiB; latency in ms. Errors = socket errors (connect+read+write+timeout) + non-2xx/3xx responses."
  echo
  echo "| target | small req/s | p50 ms | p99 ms | errors | 1 GiB GB/s | 8×128 MiB GB/s | 1000-conn req/s | 1000-conn errors | idle RSS MiB (start → end) | peak RSS MiB | start-up ms |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for name in origin nginx nginx-log haproxy doorman doorman-log; do
    label=$name; [[ $name == origin ]] && label="origin (direct)"
    [[ $name == nginx-log ]] && label="nginx, buffered access log"
    [[ $name == doorman-log ]] && label="doorman, default access log"
    if [[ ${STATUS[$name]:-} != ok && ${STATUS[$name]:-} != "died during measurements" ]]; then
      if [[ $name == origin || " $PROXIES " == *" $name "* ]]; then
        echo "| $label | ${STATUS[$name]:-not run} | | | | | | | | | | |"
      fi
      continue
    fi
    su="—"; [[ $name == doorman ]] && su="$DOORMAN_STARTUP_MS"
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s → %s | %s | %s |\n' \
      "$label" "$(fmt "$(get $name small_rps)" 0)" "$(fmt "$(get $name small_p50)" 2)" "$(fmt "$(get $name small_p99)" 2)" \
      "$(get $name small_err)" "$(fmt "$(get $name big_gbps)" 2)" "$(fmt "$(get $name range_gbps)" 2)" \
      "$(fmt "$(get $name c1000_rps)" 0)" "$(get $name c1000_err)" \
      "$(rssfmt $name idle_rss_kb)" "$(rssfmt $name after_rss_kb)" "$(rssfmt $name peak_rss_kb)" "$su"
  done
  echo
  echo "Error breakdown:"
  echo
  for name in "${TARGETS[@]}"; do
    echo "- $name: small — $(get $name small_err_detail); 1000-conn — $(get $name c1000_err_detail)"
  done
  echo
  if (( SMALL_ROUNDS > 1 )); then
    echo "Per round (small requests; the spread is part of the result):"
    echo
    for name in "${TARGETS[@]}"; do
      echo "- $name: req/s $(get $name small_rounds)— p99 ms $(get $name small_p99_rounds)$([[ $name == origin ]] || echo "— core $PROXY_CPU µs/request $(get $name small_cpu_us_rounds)")"
    done
    echo
    if [[ -n $(get doorman c1000_rounds) ]]; then
      echo "Per round (1000 connections, $C1000_ROUND_DURATION each; the table's figure is their median, the single ${C1000_DURATION} run gave peak RSS):"
      echo
      for name in "${TARGETS[@]}"; do
        echo "- $name: req/s $(get $name c1000_rounds)$([[ $name == origin ]] || echo "— core $PROXY_CPU µs/request $(get $name c1000_cpu_us_rounds)") (single run: $(fmt "$(get $name c1000_rps_single)" 0))"
      done
      echo
    fi
  fi
  echo "Notes:"
  echo
  echo "- RSS pids: $(for n in "${TARGETS[@]}"; do printf '%s=[%s] ' "$n" "${RSS_PIDS[$n]}"; done)(nginx: master+worker summed; Doorman: the java process). Peak RSS = max of 100 ms VmRSS samples during the 1000-connection run."
  noisy=0
  for n in "${TARGETS[@]}"; do
    v="$(get "$n" foreign_cpu)"; [[ $v =~ ^[0-9]+$ ]] && ((v > 10)) && noisy=1
  done
  echo "- Other processes on the machine (not part of the benchmark) used, on average during each target's measurements, this much CPU (% of one core; steal in brackets; 1 s idle sample just before in parentheses): $(for n in "${TARGETS[@]}"; do printf '%s %s%% [%s%%] (%s%%); ' "$n" "$(get "$n" foreign_cpu)" "$(get "$n" steal_cpu)" "$(get "$n" quiet_pct)"; done)"
  if ((noisy)); then
    echo "- **WARNING: the machine was busy with other work during this run (> 10 % of a core for some targets); figures are noisy — rerun on a quiet machine before drawing conclusions.**"
  fi
  echo "- nginx peer: proxy_buffer_size $NGINX_PROXY_BUFFER_SIZE (env NGINX_PROXY_BUFFER_SIZE)."
  for n in "${!NOTE[@]}"; do echo "- $n: ${NOTE[$n]}"; done
  if [[ " $PROXIES " == *" doorman "* ]]; then
    echo "- Doorman start-up: launch → first answered request, polled every 20 ms (bounded 60 s): ${DOORMAN_STARTUP_MS} ms. Jar built before timing: ${DOORMAN_BUILT}."
  fi
  for name in nginx nginx-log haproxy doorman doorman-log; do
    if [[ " $PROXIES " == *" $name "* && ${STATUS[$name]:-} != ok ]]; then echo "- $name: ${STATUS[$name]:-not run}"; fi
  done
  echo "- Raw outputs: ${RAW#"$ROOT"/}/"

  echo
  echo "## Ratios (Doorman vs best peer)"
  echo
  # best peer per figure among nginx/haproxy that ran
  peers=()
  for n in nginx haproxy; do [[ ${STATUS[$n]:-} == ok ]] && peers+=("$n"); done
  best_of() {  # best_of KEY max|min -> "value peer" or "n/a -"
    local key=$1 mode=$2 n v bv="" bn="-"
    for n in "${peers[@]}"; do
      v="$(get "$n" "$key")"
      [[ $v =~ ^[0-9]+(\.[0-9]+)?$ ]] || continue
      if [[ -z $bv ]] || awk -v a="$v" -v b="$bv" -v m="$mode" 'BEGIN { exit !((m == "max") ? (a > b) : (a < b)) }'; then
        bv=$v; bn=$n
      fi
    done
    echo "${bv:-n/a} $bn"
  }
  num() { [[ $1 =~ ^[0-9]+(\.[0-9]+)?$ ]]; }
  if [[ ${STATUS[doorman]:-} != ok && ${STATUS[doorman]:-} != "died during measurements" ]]; then
    echo "Doorman was not measured in this run (${STATUS[doorman]:-not in PROXIES}); ratios and targets skipped."
  elif ((${#peers[@]} == 0)); then
    echo "No peer (nginx/haproxy) was measured; ratios skipped."
  else
    read -r b_rps n_rps < <(best_of small_rps max)
    read -r b_p99 n_p99 < <(best_of small_p99 min)
    read -r b_big n_big < <(best_of big_gbps max)
    read -r b_rng n_rng < <(best_of range_gbps max)
    read -r b_c1k n_c1k < <(best_of c1000_rps max)
    read -r b_cpu n_cpu < <(best_of small_cpu_us min)
    read -r b_c1cpu n_c1cpu < <(best_of c1000_cpu_us min)
    d_c1cpu="$(get doorman c1000_cpu_us)"; d_c1rr="$(get doorman c1000_round_ratio)"
    d_cpu="$(get doorman small_cpu_us)"; l_cpu="$(get doorman-log small_cpu_us)"; nl_cpu="$(get nginx-log small_cpu_us)"
    d_rps="$(get doorman small_rps)"; d_p99="$(get doorman small_p99)"
    d_big="$(get doorman big_gbps)"; d_rng="$(get doorman range_gbps)"
    d_err="$(get doorman c1000_err)"; d_peak="$(get doorman peak_rss_kb)"; d_c1k="$(get doorman c1000_rps)"
    l_rps="$(get doorman-log small_rps)"; nl_rps="$(get nginx-log small_rps)"
    # A ratio means something only when the client could drive the origin clearly faster than any proxy: if
    # the direct row is not CLIENT_MARGIN x every proxy row, the client (or the origin) capped them all.
    proxy_max() {  # proxy_max KEY -> the highest value of KEY among the proxies measured
      local key=$1 n v m=0
      for n in nginx nginx-log haproxy doorman doorman-log; do
        [[ ${STATUS[$n]:-} == ok || ${STATUS[$n]:-} == "died during measurements" ]] || continue
        v="$(get "$n" "$key")"
        num "$v" && awk -v a="$v" -v b="$m" 'BEGIN { exit !(a > b) }' && m=$v
      done
      echo "$m"
    }
    bound_by_client() {  # bound_by_client KEY -> exit 0 when the origin row does not clear the margin
      local o; o="$(get origin "$1")"
      ! num "$o" || awk -v o="$o" -v p="$(proxy_max "$1")" -v k="$CLIENT_MARGIN" 'BEGIN { exit !(o < k * p) }'
    }
    CLIENT_BOUND=()
    for key in small_rps big_gbps range_gbps c1000_rps; do
      if bound_by_client "$key"; then CLIENT_BOUND+=("$key"); fi
    done
    is_bound() { [[ " ${CLIENT_BOUND[*]} " == *" $1 "* ]]; }
    ratio() { if num "$1" && num "$2" && awk -v b="$2" 'BEGIN { exit !(b > 0) }'; then awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; else echo n/a; fi; }
    bratio() {  # bratio KEY a b: the ratio, or client-bound
      if is_bound "$1"; then echo "client-bound (origin $(fmt "$(get origin "$1")" 2) < ${CLIENT_MARGIN} × fastest proxy $(fmt "$(proxy_max "$1")" 2)): no ratio"; else ratio "$2" "$3"; fi
    }
    diffms() { if num "$1" && num "$2"; then awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.2f", a - b }'; else echo n/a; fi; }
    echo "| figure | Doorman | best peer | Doorman / best peer |"
    echo "|---|---:|---:|---:|"
    echo "| small req/s | $(fmt "$d_rps" 0) | $(fmt "$b_rps" 0) ($n_rps) | $(bratio small_rps "$d_rps" "$b_rps") |"
    echo "| 1 GiB GB/s | $(fmt "$d_big" 2) | $(fmt "$b_big" 2) ($n_big) | $(bratio big_gbps "$d_big" "$b_big") |"
    echo "| 8×128 MiB GB/s | $(fmt "$d_rng" 2) | $(fmt "$b_rng" 2) ($n_rng) | $(bratio range_gbps "$d_rng" "$b_rng") |"
    echo "| 1000-conn req/s | $(fmt "$d_c1k" 0) | $(fmt "$b_c1k" 0) ($n_c1k) | $(bratio c1000_rps "$d_c1k" "$b_c1k") |"
    if num "$d_c1rr"; then
      is_bound c1000_rps && d_c1rr="client-bound"
      echo "| 1000-conn req/s, median of per-round ratios | | | $d_c1rr |"
    fi
    if num "$d_c1cpu" && num "$b_c1cpu"; then
      echo "| 1000-conn request, µs of core $PROXY_CPU per request | $(fmt "$d_c1cpu" 2) | $(fmt "$b_c1cpu" 2) ($n_c1cpu) | capacity $(ratio "$b_c1cpu" "$d_c1cpu") |"
    fi
    echo "| p99 ms | $(fmt "$d_p99" 2) | $(fmt "$b_p99" 2) ($n_p99) | $(ratio "$d_p99" "$b_p99") × ($(diffms "$d_p99" "$b_p99") ms) |"
    if num "$l_rps" && num "$nl_rps"; then
      echo "| small req/s with access log (doorman default vs nginx buffered) | $(fmt "$l_rps" 0) | $(fmt "$nl_rps" 0) (nginx-log) | $(bratio small_rps "$l_rps" "$nl_rps") |"
    fi
    d_rr="$(get doorman small_round_ratio)"
    is_bound small_rps && d_rr="client-bound"
    echo "| small req/s, median of per-round ratios | | | $d_rr |"
    # Core time per request is measured on the proxy's own core, so the client cannot cap it: best peer's
    # µs / Doorman's µs is the capacity ratio (how many of Doorman's requests fit in a peer's one).
    echo "| small request, µs of core $PROXY_CPU per request (lower is better; not capped by the client) | $(fmt "$d_cpu" 2) | $(fmt "$b_cpu" 2) ($n_cpu) | capacity $(ratio "$b_cpu" "$d_cpu") |"
    if num "$l_cpu" && num "$nl_cpu"; then
      echo "| same, with access log (doorman default vs nginx buffered) | $(fmt "$l_cpu" 2) | $(fmt "$nl_cpu" 2) (nginx-log) | capacity $(ratio "$nl_cpu" "$l_cpu") |"
    fi
    echo
    echo "### Targets"
    echo
    if ((${#CLIENT_BOUND[@]} > 0)); then
      echo "- CLIENT-BOUND — the direct-to-origin row is not ${CLIENT_MARGIN}× every proxy row for: ${CLIENT_BOUND[*]}; those figures give no verdict (the client or the origin capped every target). Rerun on a quieter machine, or with the load generator on its own core."
    fi
    verdict() {  # verdict LABEL AWK-CONDITION a b [KEY]
      local label=$1 cond=$2 a=$3 b=$4 key=${5:-}
      if [[ -n $key ]] && is_bound "$key"; then
        # A pass needs the margin; a miss does not: a peer the same client drove further is faster whatever
        # capped it.
        if num "$a" && num "$b" && ! awk -v a="$a" -v b="$b" "BEGIN { exit !($cond) }"; then
          echo "- FAIL — $label (client-bound run, but the same client drove the peer further)"
        else
          echo "- NO VERDICT (client-bound) — $label"
        fi
        return
      fi
      if num "$a" && num "$b"; then
        if awk -v a="$a" -v b="$b" "BEGIN { exit !($cond) }"; then echo "- PASS — $label"; else echo "- FAIL — $label"; fi
      else
        echo "- FAIL — $label (no data)"
      fi
    }
    verdict "small req/s ≥ 1.0 × best peer: $(fmt "$d_rps" 0) vs $(fmt "$b_rps" 0) (medians over rounds)" "a >= b" "$d_rps" "$b_rps" small_rps
    if num "$d_rr"; then
      verdict "small req/s ≥ 1.0 × best peer, per-round ratio (robust to machine drift): median $d_rr" "a >= b" "$d_rr" 1 small_rps
    fi
    verdict "p99 ≤ 1.5 × best peer's: $(fmt "$d_p99" 2) ms vs $(awk -v b="$b_p99" 'BEGIN { printf "%.2f", 1.5 * b }' 2>/dev/null) ms" "a <= 1.5 * b" "$d_p99" "$b_p99" small_rps
    if num "$l_rps" && num "$nl_rps"; then
      verdict "default access log ≥ 1.0 × nginx with its buffered access log: $(fmt "$l_rps" 0) vs $(fmt "$nl_rps" 0)" "a >= b" "$l_rps" "$nl_rps" small_rps
    fi
    verdict "capacity: core $PROXY_CPU µs per small request ≤ best peer's: $(fmt "$d_cpu" 2) vs $(fmt "$b_cpu" 2) ($n_cpu)" "a <= b" "$d_cpu" "$b_cpu"
    if num "$l_cpu" && num "$nl_cpu"; then
      verdict "capacity with access log: core $PROXY_CPU µs per request ≤ nginx-log's: $(fmt "$l_cpu" 2) vs $(fmt "$nl_cpu" 2)" "a <= b" "$l_cpu" "$nl_cpu"
    fi
    verdict "1 GiB ≥ 0.95 × best peer: $(fmt "$d_big" 2) vs $(awk -v b="$b_big" 'BEGIN { printf "%.2f", 0.95 * b }' 2>/dev/null) GB/s" "a >= 0.95 * b" "$d_big" "$b_big" big_gbps
    verdict "8×Range ≥ 0.95 × best peer: $(fmt "$d_rng" 2) vs $(awk -v b="$b_rng" 'BEGIN { printf "%.2f", 0.95 * b }' 2>/dev/null) GB/s" "a >= 0.95 * b" "$d_rng" "$b_rng" range_gbps
    verdict "1000 connections ≥ 1.0 × best peer: $(fmt "$d_c1k" 0) vs $(fmt "$b_c1k" 0) req/s" "a >= b" "$d_c1k" "$b_c1k" c1000_rps
    if num "$d_c1rr"; then
      verdict "1000 connections ≥ 1.0 × best peer, per-round ratio: median $d_c1rr" "a >= b" "$d_c1rr" 1 c1000_rps
    fi
    if num "$d_c1cpu" && num "$b_c1cpu"; then
      verdict "1000-connection capacity: core $PROXY_CPU µs per request ≤ best peer's: $(fmt "$d_c1cpu" 2) vs $(fmt "$b_c1cpu" 2) ($n_c1cpu)" "a <= b" "$d_c1cpu" "$b_c1cpu"
    fi
    verdict "1000 connections, zero errors: $d_err ($(get doorman c1000_err_detail))" "a == 0" "$d_err" 0
    if num "$d_peak"; then
      verdict "peak RSS ≤ 300 MiB: $(mib "$d_peak") MiB" "a <= 300 * 1024" "$d_peak" 0
    else
      echo "- FAIL — peak RSS ≤ 300 MiB (no data)"
    fi
  fi
} >"$REPORT"

cat "$REPORT"
log "report saved to ${REPORT#"$ROOT"/}"
