#!/usr/bin/env bash
# End-to-end benchmark: the api-routes app (bench/apps/api-routes) against the
# same four routes in hand-written axum (bench/apps/axum), and optionally in Next.js
# (bench/nextjs), over real HTTP on 127.0.0.1.
#
#   bash bench/e2e.sh                      # 4 windows × 5 s per server per route
#   bash bench/e2e.sh --with-next          # add the Next.js column (needs node and npm)
#   bash bench/e2e.sh --windows 2 --duration 3 --routes "user people"
#
# What it does: builds both servers in release; installs wrk from Debian if it is missing; starts
# the servers on 127.0.0.1 pinned to one core (taskset) with wrk pinned to another; drives each
# route in interleaved windows (A B, B A, A B… so neither server always goes first) after a short
# warm-up; stops the servers by PID; prints per route req/s, p50/p99 latency, server CPU µs per
# request (utime+stime from /proc/<pid>/stat over each window), peak RSS (VmHWM), and the
# ratios ours / hand-written as the median of the per-window ratios. Raw numbers go to
# target/bench/e2e/ (windows.tsv, wrk outputs, server logs, response headers).
#
# Environment: SERVER_CPUS (default 0), LOAD_CPUS (default 1), WRK_THREADS (default 1),
# BASE_PORT (default 4101: api-routes, +1 axum, +2 Next.js), OUT (default target/bench/e2e).
set -euo pipefail

WINDOWS=4
DURATION=5
WARMUP=2
CONNECTIONS=32
ROUTES="user post echo people"
WITH_NEXT=0
BUILD=1
WAIT_IDLE=0

usage() {
    sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'
    echo
    echo "options: --windows N (4)  --duration SECONDS (5)  --warmup SECONDS (2)"
    echo "         --connections N (32)  --routes \"user post echo people\"  --with-next  --no-build"
    echo "         --wait-idle SECONDS (0): before each window, wait up to this long for the rest of the"
    echo "           machine to use less than a quarter of a CPU (for shared machines)"
}

while [ $# -gt 0 ]; do
    case "$1" in
        --windows) WINDOWS=$2; shift 2 ;;
        --duration) DURATION=$2; shift 2 ;;
        --warmup) WARMUP=$2; shift 2 ;;
        --connections) CONNECTIONS=$2; shift 2 ;;
        --routes) ROUTES=$2; shift 2 ;;
        --with-next) WITH_NEXT=1; shift ;;
        --no-build) BUILD=0; shift ;;
        --wait-idle) WAIT_IDLE=$2; shift 2 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
done

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
OUT=${OUT:-$ROOT/target/bench/e2e}
BASE_PORT=${BASE_PORT:-4101}
WRK_THREADS=${WRK_THREADS:-1}
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
CLK_TCK=$(getconf CLK_TCK)
NCPU=$(nproc)

log() { printf '%s\n' "$*" >&2; }
die() { log "e2e.sh: $*"; exit 1; }

mkdir -p "$OUT"
rm -f "$OUT"/windows.tsv "$OUT"/wrk-* "$OUT"/body-* "$OUT"/headers-* "$OUT"/*.log

# --- load generator -------------------------------------------------------------------------
if ! command -v wrk >/dev/null 2>&1; then
    command -v apt-get >/dev/null 2>&1 || die "wrk is missing and apt-get is not available: install wrk"
    log "installing wrk from Debian…"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null
fi
command -v curl >/dev/null 2>&1 || die "curl is needed to check the servers' answers"

# --- build ----------------------------------------------------------------------------------
if [ "$BUILD" = 1 ]; then
    log "building bench-api-routes and bench-axum in release…"
    cargo build --release --quiet -p bench-api-routes -p bench-axum --bins
fi
OURS_BIN=$TARGET_DIR/release/bench-api-routes
AXUM_BIN=$TARGET_DIR/release/bench-axum
[ -x "$OURS_BIN" ] && [ -x "$AXUM_BIN" ] || die "release binaries missing: run without --no-build"

NEXT_DIR=$ROOT/bench/nextjs
if [ "$WITH_NEXT" = 1 ]; then
    command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 ||
        die "--with-next needs node and npm"
    log "installing and building the Next.js app (bench/nextjs)…"
    (
        cd "$NEXT_DIR"
        if [ -f package-lock.json ]; then
            timeout 600 npm ci --no-audit --no-fund --loglevel=error >/dev/null
        else
            timeout 600 npm install --no-audit --no-fund --loglevel=error next react react-dom >/dev/null
        fi
        NEXT_TELEMETRY_DISABLED=1 timeout 600 node node_modules/next/dist/bin/next build >"$OUT/next-build.log" 2>&1 ||
            { cat "$OUT/next-build.log" >&2; exit 1; }
    )
fi

# --- pinning --------------------------------------------------------------------------------
PIN_SERVER=()
PIN_LOAD=()
if command -v taskset >/dev/null 2>&1 && [ "$NCPU" -ge 2 ]; then
    PIN_SERVER=(taskset -c "${SERVER_CPUS:-0}")
    PIN_LOAD=(taskset -c "${LOAD_CPUS:-1}")
    PINNING="servers on CPU ${SERVER_CPUS:-0}, wrk on CPU ${LOAD_CPUS:-1}"
else
    PINNING="not pinned (taskset missing or one CPU)"
fi

# --- servers --------------------------------------------------------------------------------
SERVERS=(api-routes axum)
[ "$WITH_NEXT" = 1 ] && SERVERS+=(next)
declare -A PID SERVER_PORT IDLE_RSS
SERVER_PORT[api-routes]=$BASE_PORT
SERVER_PORT[axum]=$((BASE_PORT + 1))
SERVER_PORT[next]=$((BASE_PORT + 2))

descendants() { # PID and all its descendants
    local pid=$1 child
    echo "$pid"
    for child in $(pgrep -P "$pid" 2>/dev/null || true); do
        descendants "$child"
    done
}

cleanup() {
    local server pid
    for server in "${!PID[@]}"; do
        pid=${PID[$server]}
        if kill -0 "$pid" 2>/dev/null; then
            # shellcheck disable=SC2046
            kill -TERM $(descendants "$pid" | sort -rn) 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for server in "${SERVERS[@]}"; do
    port=${SERVER_PORT[$server]}
    if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; then
        die "port $port is taken: set BASE_PORT"
    fi
    case "$server" in
        api-routes) (export HOST=127.0.0.1 PORT=$port; exec "${PIN_SERVER[@]}" "$OURS_BIN") >"$OUT/$server.log" 2>&1 & ;;
        axum) (export PORT=$port; exec "${PIN_SERVER[@]}" "$AXUM_BIN") >"$OUT/$server.log" 2>&1 & ;;
        next) (cd "$NEXT_DIR" && export NEXT_TELEMETRY_DISABLED=1 &&
            exec "${PIN_SERVER[@]}" node node_modules/next/dist/bin/next start -H 127.0.0.1 -p "$port") >"$OUT/$server.log" 2>&1 & ;;
    esac
    PID[$server]=$!
done

for server in "${SERVERS[@]}"; do
    url="http://127.0.0.1:${SERVER_PORT[$server]}/api/user"
    for _ in $(seq 1 240); do
        [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" || true)" = 200 ] && break
        kill -0 "${PID[$server]}" 2>/dev/null || { cat "$OUT/$server.log" >&2; die "$server exited"; }
        sleep 0.5
    done
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$url")" = 200 ] || die "$server did not answer $url"
done

rss_kb() { # field of /proc/<pid>/status summed over the process tree, in kB
    local field=$1 pid total=0 value
    for pid in $(descendants "${PID[$2]}"); do
        value=$(awk -v f="$field:" '$1 == f { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
        total=$((total + ${value:-0}))
    done
    echo "$total"
}
for server in "${SERVERS[@]}"; do
    IDLE_RSS[$server]=$(rss_kb VmRSS "$server")
done

# --- the requests ---------------------------------------------------------------------------
# shellcheck source=bench/requests.sh
source bench/requests.sh

fetch() { # server route what(body|headers)
    local url="http://127.0.0.1:${SERVER_PORT[$1]}$(path_of "$2")" args=(-s --max-time 10)
    [ "$2" = echo ] && args+=(-H 'Content-Type: application/json' --data-binary "@$ECHO_BODY")
    if [ "$3" = headers ]; then
        curl "${args[@]}" -o /dev/null -D - "$url" | tr -d '\r'
    else
        curl "${args[@]}" "$url"
    fi
}

NEXT_NOTE=""
for route in $ROUTES; do
    for server in "${SERVERS[@]}"; do
        fetch "$server" "$route" body >"$OUT/body-$server-$route"
        fetch "$server" "$route" headers >"$OUT/headers-$server-$route.txt"
    done
    cmp -s "$OUT/body-api-routes-$route" "$OUT/body-axum-$route" ||
        die "/$route: api-routes and axum answer different bodies (see $OUT/body-*-$route)"
    if [ "$WITH_NEXT" = 1 ] && ! cmp -s "$OUT/body-api-routes-$route" "$OUT/body-next-$route"; then
        NEXT_NOTE+=" $route"
    fi
done

# --- measuring ------------------------------------------------------------------------------
cpu_ticks() { # utime + stime of the server's process tree, in clock ticks
    local pid total=0 ticks
    for pid in $(descendants "${PID[$1]}"); do
        # Fields after "pid (comm) ": state is 1, utime 12, stime 13.
        ticks=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{ print $12 + $13 }' || true)
        total=$((total + ${ticks:-0}))
    done
    echo "$total"
}

busy_jiffies() { # all CPUs: busy (user nice system irq softirq steal)
    awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat
}

to_us() { # wrk's "290.00us" / "1.20ms" / "1.01s" → microseconds
    awk -v v="$1" 'BEGIN {
        n = v + 0
        if (v ~ /us$/) print n; else if (v ~ /ms$/) print n * 1000; else if (v ~ /m$/) print n * 60e6; else print n * 1e6
    }'
}

WAITED=0
wait_idle() { # up to WAIT_IDLE seconds, until the machine (servers idle) uses < 0.25 CPU
    local deadline=$(($(date +%s) + WAIT_IDLE)) before after
    while [ "$(date +%s)" -lt "$deadline" ]; do
        before=$(busy_jiffies)
        sleep 1
        after=$(busy_jiffies)
        [ $((after - before)) -lt $((CLK_TCK / 4)) ] && return 0
        WAITED=$((WAITED + 1))
    done
}

RESULTS=$OUT/windows.tsv
printf 'route\tserver\twindow\treq_per_s\trequests\tp50_us\tp99_us\tcpu_us_per_req\tserver_cpu_s\twrk_cpu_s\tother_cpu_s\terrors\n' >"$RESULTS"

drive() { # server route seconds [window]: one wrk run; with a window, recorded
    local server=$1 route=$2 seconds=$3 window=${4:-}
    local url="http://127.0.0.1:${SERVER_PORT[$server]}$(path_of "$route")" script=()
    [ "$route" = echo ] && script=(-s "$ECHO_LUA")
    local file=$OUT/wrk-$route-$server-${window:-warmup}.txt
    local t0 m0 t1 m1
    t0=$(cpu_ticks "$server")
    m0=$(busy_jiffies)
    local TIMEFORMAT='%3U %3S'
    { time timeout $((seconds + 30)) "${PIN_LOAD[@]}" wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${seconds}s" \
        --latency "${script[@]}" "$url" >"$file"; } 2>"$file.time"
    t1=$(cpu_ticks "$server")
    m1=$(busy_jiffies)
    [ -n "$window" ] || return 0
    local requests rps p50 p99 errors wrk_cpu
    requests=$(awk '/requests in/ { print $1 }' "$file")
    rps=$(awk '/^Requests\/sec:/ { print $2 }' "$file")
    p50=$(to_us "$(awk '$1 == "50%" { print $2 }' "$file")")
    p99=$(to_us "$(awk '$1 == "99%" { print $2 }' "$file")")
    errors=$(awk '/Non-2xx/ { n += $NF } /Socket errors/ { gsub(",", ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$file")
    wrk_cpu=$(awk '{ print $1 + $2 }' "$file.time")
    [ -n "$requests" ] && [ "$requests" -gt 0 ] || die "wrk measured nothing: see $file"
    awk -v OFS='\t' -v route="$route" -v server="$server" -v window="$window" -v rps="$rps" \
        -v requests="$requests" -v p50="$p50" -v p99="$p99" -v ticks=$((t1 - t0)) \
        -v busy=$((m1 - m0)) -v hz="$CLK_TCK" -v wrk="$wrk_cpu" -v errors="$errors" 'BEGIN {
            server_s = ticks / hz
            other = busy / hz - server_s - wrk
            if (other < 0) other = 0
            print route, server, window, rps, requests, p50, p99, server_s * 1e6 / requests, server_s, wrk, other, errors
        }' >>"$RESULTS"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
FUZZ_BEFORE=$(pgrep -fc 'fuzz' || true)
START=$(date +%s)
log "pinning: $PINNING; $WINDOWS windows × ${DURATION}s per server per route, $CONNECTIONS connections"
for route in $ROUTES; do
    for server in "${SERVERS[@]}"; do
        drive "$server" "$route" "$WARMUP"
    done
    for window in $(seq 1 "$WINDOWS"); do
        order=("${SERVERS[@]}")
        if [ $((window % 2)) -eq 0 ]; then # B A on even windows
            order=()
            for ((i = ${#SERVERS[@]} - 1; i >= 0; i--)); do order+=("${SERVERS[$i]}"); done
        fi
        for server in "${order[@]}"; do
            [ "$WAIT_IDLE" -gt 0 ] && wait_idle
            log "  $route window $window: $server"
            drive "$server" "$route" "$DURATION" "$window"
        done
    done
done
ELAPSED=$(($(date +%s) - START))
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# The peak, and what the resident memory is made of at the end: anonymous pages (heap, stacks)
# against pages of mapped files (the binary's code, shared libraries), which grow with the
# binary's size, not with what a request allocates.
declare -A PEAK_RSS ANON_RSS FILE_RSS
for server in "${SERVERS[@]}"; do
    PEAK_RSS[$server]=$(rss_kb VmHWM "$server")
    ANON_RSS[$server]=$(rss_kb RssAnon "$server")
    FILE_RSS[$server]=$(rss_kb RssFile "$server")
done
cleanup
PID=()

# --- report ---------------------------------------------------------------------------------
median() {
    sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2
    }'
}
column() { # route server column-name → values
    awk -F'\t' -v r="$1" -v s="$2" -v name="$3" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        $1 == r && $2 == s { print $c[name] }' "$RESULTS"
}
ratio() { # route server-a server-b column-name → median over windows of a/b
    awk -F'\t' -v r="$1" -v a="$2" -v b="$3" -v name="$4" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        $1 == r && $2 == a { x[$3] = $c[name] } $1 == r && $2 == b { y[$3] = $c[name] }
        END { for (w in x) if ((w in y) && y[w] > 0) print x[w] / y[w] }' "$RESULTS" | median
}
cpu_per_request() { # total server CPU over total requests, all windows
    awk -F'\t' -v r="$1" -v s="$2" 'NR > 1 && $1 == r && $2 == s { cpu += $9; n += $5 } END { printf "%.1f", cpu * 1e6 / n }' "$RESULTS"
}
fmt() { awk -v v="$1" -v f="$2" 'BEGIN { printf f, v }'; }
us() { awk -v v="$1" 'BEGIN { if (v >= 1000) printf "%.2f ms", v / 1000; else printf "%.0f µs", v }'; }

echo
echo "## End to end: $(date -u '+%Y-%m-%d %H:%M UTC'), $WINDOWS windows × ${DURATION}s per server per route"
echo
echo "wrk ${CONNECTIONS} connections, ${WRK_THREADS} thread; $PINNING; $(nproc) CPUs."
echo
echo "| route | server | req/s | p50 | p99 | server CPU µs/req | errors |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
for route in $ROUTES; do
    for server in "${SERVERS[@]}"; do
        rps=$(column "$route" "$server" req_per_s | median)
        p50=$(column "$route" "$server" p50_us | median)
        p99=$(column "$route" "$server" p99_us | median)
        errors=$(column "$route" "$server" errors | awk '{ n += $1 } END { print n + 0 }')
        echo "| $route | $server | $(fmt "$rps" '%.0f') | $(us "$p50") | $(us "$p99") | $(cpu_per_request "$route" "$server") | $errors |"
    done
done
echo
echo "Ratios, median of the per-window ratios (same window number, run back to back):"
echo
header="| route | req/s ours/axum | CPU µs/req ours/axum | p50 ours/axum | p99 ours/axum |"
rule="| --- | ---: | ---: | ---: | ---: |"
if [ "$WITH_NEXT" = 1 ]; then
    header+=" req/s next/axum | CPU µs/req next/axum |"
    rule+=" ---: | ---: |"
fi
echo "$header"
echo "$rule"
for route in $ROUTES; do
    line="| $route"
    for name in req_per_s cpu_us_per_req p50_us p99_us; do
        line+=" | $(fmt "$(ratio "$route" api-routes axum "$name")" '%.2f×')"
    done
    if [ "$WITH_NEXT" = 1 ]; then
        for name in req_per_s cpu_us_per_req; do
            line+=" | $(fmt "$(ratio "$route" next axum "$name")" '%.2f×')"
        done
    fi
    echo "$line |"
done
echo
echo "| server | RSS at start | peak RSS (VmHWM) | peak ours/axum | anonymous at the end | file-backed at the end | anonymous ours/axum |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for server in "${SERVERS[@]}"; do
    mib() { awk -v v="$1" 'BEGIN { printf "%.1f MiB", v / 1024 }'; }
    times_axum() { awk -v v="$1" -v a="$2" 'BEGIN { printf "%.2f×", v / a }'; }
    echo "| $server | $(mib "${IDLE_RSS[$server]}") | $(mib "${PEAK_RSS[$server]}") | $(times_axum "${PEAK_RSS[$server]}" "${PEAK_RSS[axum]}") | $(mib "${ANON_RSS[$server]}") | $(mib "${FILE_RSS[$server]}") | $(times_axum "${ANON_RSS[$server]}" "${ANON_RSS[axum]}") |"
done
echo
other=$(awk -F'\t' 'NR > 1 { s += $11; d += 1 } END { if (d) printf "%.2f", s / d }' "$RESULTS")
other_max=$(awk -F'\t' -v d="$DURATION" 'NR > 1 && $11 / d > m { m = $11 / d } END { printf "%.2f", m }' "$RESULTS")
echo "Machine load: other processes used $(awk -v s="$other" -v d="$DURATION" 'BEGIN { printf "%.2f", s / d }') CPUs on average during a window (max $other_max) of $NCPU;"
loaded=$(awk -F'\t' -v d="$DURATION" 'NR > 1 && $11 / d >= 0.25 { n++ } END { print n + 0 }' "$RESULTS")
echo "$loaded of $(($(wc -l <"$RESULTS") - 1)) windows had other processes above a quarter of a CPU; waited ${WAITED}s for idle;"
echo "load average $LOAD_BEFORE before, $LOAD_AFTER after; $FUZZ_BEFORE 'fuzz' processes at the start; ${ELAPSED}s in all."
if [ -n "$NEXT_NOTE" ]; then
    echo "Next.js answered different bodies on:$NEXT_NOTE (see $OUT/body-next-*)."
fi
echo "Raw windows: $RESULTS"
