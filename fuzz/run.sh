#!/bin/sh
# Runs one cargo-fuzz target with the limits RELIABILITY.md records.
# usage: fuzz/run.sh TARGET [SECONDS] [extra libFuzzer flags…]   (from the repository root)
# The toolchain is stable: RUSTC_BOOTSTRAP=1 lets cargo-fuzz pass its nightly-only flags
# (-Zsanitizer=address, -Cpasses=sancov-module…) to it.
set -eu
target=$1
seconds=${2:-600}
[ $# -ge 2 ] && shift 2 || shift 1
cd "$(dirname "$0")/.."
mkdir -p "fuzz/corpus/$target"
case $target in
  body|router) max_len=16384 ;;
  *) max_len=4096 ;;
esac
# The first folder receives new inputs; seeds and kept crashers are read only.
dirs="fuzz/corpus/$target fuzz/seeds/$target"
[ -d "fuzz/regressions/$target" ] && dirs="$dirs fuzz/regressions/$target"
# shellcheck disable=SC2086
exec env RUSTC_BOOTSTRAP=1 nice -n 10 cargo fuzz run "$target" $dirs -- \
  -max_total_time="$seconds" -rss_limit_mb=2048 -malloc_limit_mb=512 -timeout=30 \
  -max_len="$max_len" -dict="fuzz/dicts/$target.dict" -print_final_stats=1 "$@"
