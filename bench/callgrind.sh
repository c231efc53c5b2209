#!/usr/bin/env bash
# Instructions per request, counted by callgrind (deterministic: unaffected by machine load),
# in process (examples/profile.rs: `tower::ServiceExt::oneshot`, body read to the end).
#
#   bash bench/callgrind.sh [iterations (2000)]            # each route, api-routes against axum
#   bash bench/callgrind.sh [iterations (2000)] features   # what each feature costs, on and off
#
# Per request = (count after N requests − count after 0) / N. The profile of the N-request run
# is kept as target/bench/callgrind/<server>-<route>.out for callgrind_annotate.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
N=${1:-2000}
MODE=${2:-routes}
OUT=$ROOT/target/bench/callgrind
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
command -v valgrind >/dev/null 2>&1 || { echo "callgrind.sh: valgrind is needed (apt-get install valgrind)" >&2; exit 1; }
cargo build --release --quiet -p bench-api-routes --example profile
PROFILE=$TARGET_DIR/release/examples/profile
mkdir -p "$OUT"

count() { # server route iterations → instructions
    local file=$OUT/$1-$2-$3.out
    valgrind --tool=callgrind --callgrind-out-file="$file" "$PROFILE" "$1" "$2" "$3" 2>"$file.log"
    awk '/^summary:|^totals:/ { print $2; exit }' "$file"
}

per_request() { # server route → instructions per request; keeps the N-request profile
    local base total
    base=$(count "$1" "$2" 0)
    total=$(count "$1" "$2" "$N")
    mv "$OUT/$1-$2-$N.out" "$OUT/$1-$2.out"
    rm -f "$OUT/$1-$2-0.out"
    echo $(((total - base) / N))
}

if [ "$MODE" = routes ]; then
    echo "| route | api-routes instr/req | axum instr/req | ours / hand-written |"
    echo "| --- | ---: | ---: | ---: |"
    for route in user post echo people; do
        ours=$(per_request api-routes "$route")
        theirs=$(per_request axum "$route")
        awk -v r="$route" -v a="$ours" -v b="$theirs" \
            'BEGIN { printf "| %s | %d | %d | %.2f× |\n", r, a, b, a / b }'
    done
    exit 0
fi
[ "$MODE" = features ] || { echo "callgrind.sh: unknown mode $MODE (routes or features)" >&2; exit 2; }

# feature | route | server with it on | route | server with it off
FEATURES=(
    "ETag (\`generate_etags\`)|user|api-routes|user|api-routes-no-etag"
    "ETag (\`generate_etags\`)|people|api-routes|people|api-routes-no-etag"
    "ETag (\`generate_etags\`)|echo|api-routes|echo|api-routes-no-etag"
    "compression, no \`Accept-Encoding\`|user|api-routes|user|api-routes-uncompressed"
    "compression, no \`Accept-Encoding\`|people|api-routes|people|api-routes-uncompressed"
    "compression, \`Accept-Encoding: gzip\`|people|api-routes-gzip|people|api-routes-uncompressed"
    "guard (one layer: redirects, 500, 504), on axum's handlers|user|axum-guarded-lean|user|axum"
    "guard and compression, on axum's handlers|user|axum-guarded|user|axum"
    "guard and compression, on axum's handlers|people|axum-guarded|people|axum"
    "504 deadline (\`max_duration\`)|user|api-routes|user|api-routes-no-deadline"
    "\`ConnectInfo\` (\`Server::connect_info\`)|user|api-routes-connect-info|user|api-routes"
    "\`ConnectInfo\` (\`Server::connect_info\`)|post|api-routes-connect-info|post|api-routes"
    "folder middleware (\`from_fn\`, does nothing)|middleware-user|api-routes|user|api-routes"
    "body parsing (checked, parsed, re-serialized; no ETag)|echo|api-routes-no-etag|raw-echo|api-routes-no-etag"
)
echo "| feature | route | on | off | cost |"
echo "| --- | --- | ---: | ---: | ---: |"
for row in "${FEATURES[@]}"; do
    IFS='|' read -r feature on_route on_server off_route off_server <<<"$row"
    on=$(per_request "$on_server" "$on_route")
    off=$(per_request "$off_server" "$off_route")
    awk -v f="$feature" -v r="$on_route" -v a="$on" -v b="$off" \
        'BEGIN { printf "| %s | %s | %d | %d | %+d (%+.0f %%) |\n", f, r, a, b, a - b, 100 * (a - b) / b }'
done
# `req.query()` cannot be switched off; its price is its inclusive count in the post profile.
per_request api-routes post >/dev/null
query=$(callgrind_annotate --inclusive=yes "$OUT/api-routes-post.out" 2>/dev/null |
    awk '!found && /api_routes_runtime::request::Request::query / { gsub(",", "", $1); print $1; found = 1 }')
awk -v q="${query:-0}" -v n="$N" \
    'BEGIN { printf "| query merging (`req.query()`: query parsed, route params merged) | post | %d | 0 | %+d |\n", q / n, q / n }'
