#!/usr/bin/env bash
# Instructions per request, counted by callgrind (deterministic: unaffected by machine load),
# for each route through the generated router and the hand-written one, in process
# (examples/profile.rs: `tower::ServiceExt::oneshot`, body read to the end).
#
#   bash bench/callgrind.sh [iterations (2000)]
#
# Per request = (count after N requests − count after 0) / N. The profile of the N-request run
# is kept as target/bench/callgrind/<server>-<route>.out for callgrind_annotate.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
N=${1:-2000}
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

echo "| route | api-routes instr/req | axum instr/req | ours / hand-written |"
echo "| --- | ---: | ---: | ---: |"
for route in user post echo people; do
    declare -A per
    for server in api-routes axum; do
        base=$(count "$server" "$route" 0)
        total=$(count "$server" "$route" "$N")
        per[$server]=$(((total - base) / N))
        mv "$OUT/$server-$route-$N.out" "$OUT/$server-$route.out"
        rm -f "$OUT/$server-$route-0.out"
    done
    awk -v r="$route" -v a="${per[api-routes]}" -v b="${per[axum]}" \
        'BEGIN { printf "| %s | %d | %d | %.2f× |\n", r, a, b, a / b }'
done
