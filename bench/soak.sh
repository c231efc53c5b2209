#!/usr/bin/env bash
# Load and soak test of the `api-routes-tests` server (RELIABILITY.md § Load and soak).
#
#   bench/soak.sh            60 s at high concurrency, then a 10-minute soak
#   bench/soak.sh --short    10 s, then 60 s: a quick check
#
# Bounded and loopback only: it builds `api-routes-tests` in release, serves it on 127.0.0.1 and
# a free port, drives it with wrk over mixed routes (static, dynamic, catch-all, optional
# catch-all with a query, a JSON POST), samples the server's RSS (VmRSS from /proc) at boot, at
# the start, middle and end of the soak, and stops the server it started. Every route answers
# 2xx, so any other status counts as an error, as does any socket error or timeout.
#
# Exit status: 0 when both phases had no error and RSS stayed flat over the soak, 1 otherwise.
#
# Tunables (environment): BURST_SECONDS, SOAK_SECONDS, BURST_CONNECTIONS (256),
# SOAK_CONNECTIONS (32), THREADS (nproc), RSS_GROWTH_LIMIT_KB (8192: the most the soak's RSS may
# grow from its start to its end), PORT (a free one), KEEP_LOGS=1 (keep the work directory).

set -euo pipefail

BURST_SECONDS=${BURST_SECONDS:-60}
SOAK_SECONDS=${SOAK_SECONDS:-600}
case "${1:-}" in
    --short) BURST_SECONDS=10 SOAK_SECONDS=60 ;;
    "") ;;
    -h | --help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "usage: $0 [--short]" >&2; exit 2 ;;
esac
BURST_CONNECTIONS=${BURST_CONNECTIONS:-256}
SOAK_CONNECTIONS=${SOAK_CONNECTIONS:-32}
THREADS=${THREADS:-$(nproc)}
RSS_GROWTH_LIMIT_KB=${RSS_GROWTH_LIMIT_KB:-8192}
HOST=127.0.0.1 # loopback only, whatever the environment says

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/api-routes-soak.XXXXXX")
SERVER_PID=

cleanup() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    if [[ "${KEEP_LOGS:-0}" == 1 ]]; then
        echo "logs kept in $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT

say() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*"; }

# --- the load generator ----------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        say "installing wrk"
        apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
    else
        echo "wrk is missing: install it (apt-get install wrk) and run again" >&2
        exit 1
    fi
fi

# --- build and start the server --------------------------------------------------------------
say "building api-routes-tests (release)"
cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml" -p api-routes-tests
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/api-routes-tests"
[[ -x "$BIN" ]] || { echo "no binary at $BIN" >&2; exit 1; }

port_in_use() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }
if [[ -z "${PORT:-}" ]]; then
    for _ in $(seq 50); do
        PORT=$((20000 + RANDOM % 40000))
        port_in_use "$PORT" || break
    done
fi
port_in_use "$PORT" && { echo "port $PORT is in use" >&2; exit 1; }

(cd "$WORK" && exec env HOST="$HOST" PORT="$PORT" "$BIN") >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do
    port_in_use "$PORT" && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
    sleep 0.1
done
port_in_use "$PORT" || { echo "the server did not start" >&2; exit 1; }
URL="http://$HOST:$PORT"

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$SERVER_PID/status"; }
peak_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$SERVER_PID/status"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

# --- the mixed routes ------------------------------------------------------------------------
cat >"$WORK/mixed.lua" <<'LUA'
-- Cycles through routes of api-routes-tests that all answer 2xx; counts every other status.
local routes = {
  { "GET", "/api/user" },                       -- static page
  { "GET", "/api/post/abc" },                   -- post/[pid].rs
  { "GET", "/api/post/a/b/c" },                 -- post/[...slug].rs
  { "GET", "/api/echo/a/b?x=1&y=two&y=3" },     -- echo/[[...path]].rs with a query
  { "POST", "/api/echo", '{"name":"soak","tags":["a","b"],"n":42,"nested":{"ok":true}}' },
  { "GET", "/api/users" },                      -- users/index.rs
  { "GET", "/api/hello.json?val=1" },           -- [post]/index.rs
  { "GET", "/api/post-1/comment-1" },           -- [post]/[comment].rs
}
local prepared = {}
for i, route in ipairs(routes) do
  local headers = nil
  if route[3] then headers = { ["Content-Type"] = "application/json" } end
  prepared[i] = wrk.format(route[1], route[2], headers, route[3])
end

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  sent = 0
  responses = 0
  non2xx = 0
  first_bad = ""
end

function request()
  sent = sent + 1
  return prepared[(sent % #prepared) + 1]
end

function response(status, headers, body)
  responses = responses + 1
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if first_bad == "" then first_bad = tostring(status) end
  end
end

function done(summary, latency, requests)
  local responses, non2xx, first_bad = 0, 0, ""
  for _, thread in ipairs(threads) do
    responses = responses + thread:get("responses")
    non2xx = non2xx + thread:get("non2xx")
    if first_bad == "" then first_bad = thread:get("first_bad") end
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d responses=%d non2xx=%d socket_errors=%d connect=%d read=%d write=%d timeout=%d " ..
    "rps=%.0f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f first_bad=%s\n",
    summary.requests, responses, non2xx, e.connect + e.read + e.write + e.timeout,
    e.connect, e.read, e.write, e.timeout, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    first_bad == "" and "-" or first_bad))
end
LUA

# Sanity: every route answers 2xx before the load starts.
for path in /api/user /api/post/abc /api/post/a/b/c "/api/echo/a/b?x=1" /api/users /api/hello.json /api/post-1/comment-1; do
    if command -v curl >/dev/null; then
        status=$(curl -s -o /dev/null -w '%{http_code}' "$URL$path")
        [[ "$status" == 2* ]] || { echo "GET $path answered $status before any load" >&2; exit 1; }
    fi
done

# run_phase NAME SECONDS CONNECTIONS: wrk's RESULT line, saved as $WORK/NAME.result
run_phase() {
    local name=$1 seconds=$2 connections=$3
    wrk -t"$THREADS" -c"$connections" -d"${seconds}s" --timeout 10s -s "$WORK/mixed.lua" "$URL" \
        >"$WORK/$name.wrk" 2>&1 || true
    grep '^RESULT ' "$WORK/$name.wrk" >"$WORK/$name.result" || {
        cat "$WORK/$name.wrk" >&2
        echo "wrk gave no result for $name" >&2
        exit 1
    }
}
field() { tr ' ' '\n' <"$WORK/$1.result" | awk -F= -v key="$2" '$1 == key { print $2 }'; }

say "server pid $SERVER_PID on $URL; $(nproc) cores; load average $(load); fuzzers running: $(pgrep -fc 'cargo-fuzz|fuzz/target' || true)"
RSS_BOOT=$(rss_kb)
LOAD_BEFORE=$(load)

say "burst: ${BURST_SECONDS}s, $BURST_CONNECTIONS connections, $THREADS threads"
run_phase burst "$BURST_SECONDS" "$BURST_CONNECTIONS"
RSS_AFTER_BURST=$(rss_kb)

say "soak: ${SOAK_SECONDS}s, $SOAK_CONNECTIONS connections"
RSS_SOAK_START=$(rss_kb)
run_phase soak "$SOAK_SECONDS" "$SOAK_CONNECTIONS" &
SOAK_WRK=$!
sleep $((SOAK_SECONDS / 2))
RSS_SOAK_MIDDLE=$(rss_kb)
wait "$SOAK_WRK"
RSS_SOAK_END=$(rss_kb)
RSS_PEAK=$(peak_kb)
LOAD_AFTER=$(load)
kill -0 "$SERVER_PID" 2>/dev/null || { echo "the server died" >&2; exit 1; }

# --- report ----------------------------------------------------------------------------------
echo
printf '%-6s %6s %6s %10s %8s %7s %7s %9s %9s %9s\n' phase secs conns requests req/s non2xx sockerr p50_ms p99_ms max_ms
status=0
for phase in burst soak; do
    [[ $phase == burst ]] && secs=$BURST_SECONDS conns=$BURST_CONNECTIONS || secs=$SOAK_SECONDS conns=$SOAK_CONNECTIONS
    printf '%-6s %6s %6s %10s %8s %7s %7s %9s %9s %9s\n' "$phase" "$secs" "$conns" \
        "$(field $phase requests)" "$(field $phase rps)" "$(field $phase non2xx)" \
        "$(field $phase socket_errors)" "$(field $phase p50_ms)" "$(field $phase p99_ms)" "$(field $phase max_ms)"
    errors=$(($(field $phase non2xx) + $(field $phase socket_errors)))
    if ((errors > 0)); then
        echo "  $phase: $errors errors (first non-2xx status: $(field $phase first_bad)); see server.log" >&2
        status=1
    fi
done
growth=$((RSS_SOAK_END - RSS_SOAK_START))
echo
echo "RSS (kB): boot $RSS_BOOT, after burst $RSS_AFTER_BURST; soak start $RSS_SOAK_START, middle $RSS_SOAK_MIDDLE, end $RSS_SOAK_END (growth $growth); peak $RSS_PEAK"
echo "load average (1/5/15 min): before $LOAD_BEFORE, after $LOAD_AFTER; $(nproc) cores"
if ((growth > RSS_GROWTH_LIMIT_KB)); then
    echo "RSS grew by $growth kB over the soak (limit $RSS_GROWTH_LIMIT_KB kB)" >&2
    status=1
fi
if ((status == 0)); then echo "PASS: no errors, RSS flat"; else echo "FAIL"; fi
exit $status
