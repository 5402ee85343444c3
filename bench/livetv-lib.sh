# Shared by the bench/livetv*.sh scripts (sourced, not run). Needs ROOT, WORK and ORIGIN_PORT.
mkdir -p "$WORK" "$ROOT/bench/out"
"$ROOT/bench/setup.sh" >/dev/null
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; sleep 0.5; for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

start_origin() {  # start_origin SERVER_BLOCKS: nginx (1 worker, core 1) with these blocks inside http {}
  cat >"$WORK/nginx.conf" <<NGINX
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
$1
}
NGINX
  taskset -c 1 nginx -p "$WORK" -c "$WORK/nginx.conf" -g 'daemon off;' &
  PIDS+=($!)
}

start_doorman() {  # [DOORMAN=path] start_doorman PORT ADMIN EXTRA...   (Doorman on core 0, in front of the origin)
  local port=$1 admin=$2; shift 2
  : >"$WORK/doorman-$port.log"; rm -f "$WORK/doorman-$port.head"
  DOORMAN_OWNER_TOKEN=benchOWNERtoken taskset -c 0 "${DOORMAN:-$ROOT/doorman}" serve --listen "127.0.0.1:$port" \
    --upstream "http://127.0.0.1:$ORIGIN_PORT" --admin-listen "127.0.0.1:$admin" --access-log off \
    --data-dir "$WORK/data-$port" --audit-summary-interval -1s "$@" >>"$WORK/doorman-$port.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 300); do curl -s -o /dev/null "http://127.0.0.1:$port/identity" && return 0; sleep 0.05; done
  echo "doorman on $port did not start" >&2; exit 1
}
# An elevating Doorman prints ~650 bytes per request (the runbook's lines): ~40 MB/s at full load, several GB a
# run. Its log is opened for appending so that it can be emptied between rounds, before the kernel writes it
# back: that writeback's threads would otherwise run on core 0 inside the measurement.
drain_log() {  # drain_log PORT: prints how many elevated_live_tv lines its log holds, then empties it
  local f="$WORK/doorman-$1.log"
  sleep 0.3 # the line writer hands over what it still holds
  [ -e "$WORK/doorman-$1.head" ] || head -n 100 "$f" >"$WORK/doorman-$1.head" # start-up lines, kept
  taskset -c 1 grep -c 'outcome=elevated_live_tv' "$f" || true
  : >"$f"
}
rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
p99() { awk '/ 99%/ {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}' "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b/a}'; }
core0_ticks() { awk '$1 == "cpu0" {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }  # busy ticks of core 0
core_us() {  # core_us NAME ROUND: core 0 CPU µs per request of that wrk run
  awk -v t="$(cat "$WORK/$1-$2.ticks")" -v hz="$(getconf CLK_TCK)" '/ requests in / {n = $1} END {if (n > 0) printf "%.2f", t / hz * 1e6 / n; else print "n/a"}' "$WORK/$1-$2.txt"
}
