#!/usr/bin/env bash
# Instructions per request on the real servers, hyper and the server's own layers included:
# each release server under callgrind, one route driven by wrk over one connection.
#
#   bash bench/callgrind-server.sh [route (user)] [seconds of load (8)]
#
# Per request = the instructions counted while wrk runs (callgrind_control dumps before and
# after the load) over the requests wrk made. Servers: api-routes with its defaults
# (`api_routes::serve`), api-routes without the header-read timeout
# (`BENCH_HEADER_READ_TIMEOUT=off`), and hand-written axum (`axum::serve`). Needs valgrind and
# wrk (bench/e2e.sh installs wrk). Profiles are kept in target/bench/callgrind-server/.
set -euo pipefail
shopt -s inherit_errexit # failures inside $(per_request …) stop the script too
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
ROUTE=${1:-user}
SECONDS_OF_LOAD=${2:-8}
OUT=$ROOT/target/bench/callgrind-server
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
BASE_PORT=${BASE_PORT:-4401}
for tool in valgrind callgrind_control wrk curl; do
    command -v "$tool" >/dev/null 2>&1 || { echo "callgrind-server.sh: $tool is needed" >&2; exit 1; }
done
# shellcheck source=bench/requests.sh
source bench/requests.sh
path=$(path_of "$ROUTE") || exit 2
cargo build --release --quiet -p bench-api-routes -p bench-axum
mkdir -p "$OUT"
per_request() { # name port binary [env] → instructions per request
    local name=$1 port=$2 binary=$3 setting=${4:-}
    rm -f "$OUT/$name-$ROUTE".out*
    env PORT="$port" $setting valgrind --tool=callgrind --callgrind-out-file="$OUT/$name-$ROUTE.out" \
        "$binary" >"$OUT/$name-$ROUTE.log" 2>&1 &
    local server=$!
    local up=0
    for _ in $(seq 1 200); do
        if curl -s -o /dev/null "http://127.0.0.1:$port/api/user"; then up=1; break; fi
        sleep 0.3
    done
    stop() { kill -INT "$server" 2>/dev/null || true; sleep 1; kill -9 "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
    fail() { stop; echo "callgrind-server.sh: $name: $1 (see $OUT/$name-$ROUTE.*)" >&2; exit 1; }
    [ "$up" = 1 ] || fail "the server did not answer within a minute"
    # Dumps need vgdb to reach the process; without ptrace rights they would wait forever.
    timeout 60 callgrind_control -d "$server" >/dev/null 2>&1 || fail "callgrind_control could not dump (ptrace?)" # start-up and the first request
    local script=()
    [ "$ROUTE" = echo ] && script=(-s "$ECHO_LUA")
    wrk -t1 -c1 -d"${SECONDS_OF_LOAD}s" "${script[@]}" "http://127.0.0.1:$port$path" >"$OUT/$name-$ROUTE.wrk" || fail "wrk failed"
    timeout 60 callgrind_control -d "$server" >/dev/null 2>&1 || fail "callgrind_control could not dump (ptrace?)" # the load
    stop
    if grep -q "Non-2xx\|Socket errors" "$OUT/$name-$ROUTE.wrk"; then fail "wrk saw errors or non-2xx answers"; fi
    local requests instructions
    requests=$(awk '/requests in/ { print $1 }' "$OUT/$name-$ROUTE.wrk")
    instructions=$(awk '/^summary:|^totals:/ { print $2; exit }' "$OUT/$name-$ROUTE.out.2" 2>/dev/null || true)
    [[ "$requests" =~ ^[1-9][0-9]*$ ]] || fail "no request count in wrk's output"
    [[ "$instructions" =~ ^[1-9][0-9]*$ ]] || fail "no instruction count in the load's dump"
    echo $((instructions / requests))
}

ours=$(per_request api-routes "$BASE_PORT" "$TARGET_DIR/release/bench-api-routes")
untimed=$(per_request api-routes-no-header-timeout $((BASE_PORT + 1)) "$TARGET_DIR/release/bench-api-routes" BENCH_HEADER_READ_TIMEOUT=off)
theirs=$(per_request axum $((BASE_PORT + 2)) "$TARGET_DIR/release/bench-axum")
echo "| route | api-routes (\`serve\`) | … header-read timeout off | axum (\`axum::serve\`) | ours / axum |"
echo "| --- | ---: | ---: | ---: | ---: |"
awk -v r="$ROUTE" -v a="$ours" -v u="$untimed" -v b="$theirs" \
    'BEGIN { printf "| %s | %d | %d | %d | %.2f× |\n", r, a, u, b, a / b }'
