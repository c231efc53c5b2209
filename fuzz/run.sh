#!/bin/sh
# Runs one cargo-fuzz target with the limits RELIABILITY.md records, continuing from the kept
# corpus `fuzz/corpus/TARGET` (committed), and leaves that corpus minimised with what the run
# added (libFuzzer's `-merge=1`). New inputs go to `fuzz/work/TARGET` (ignored by git) meanwhile.
# usage: fuzz/run.sh TARGET [SECONDS] [extra libFuzzer flags…]   (from anywhere; SECONDS=0 only
# minimises the kept corpus)
# The toolchain is stable: RUSTC_BOOTSTRAP=1 lets cargo-fuzz pass its nightly-only flags
# (-Zsanitizer=address, -Cpasses=sancov-module…) to it.
set -eu
target=$1
seconds=${2:-600}
[ $# -ge 2 ] && shift 2 || shift 1
cd "$(dirname "$0")/.."
case $target in
  body|router) max_len=16384 ;;
  *) max_len=4096 ;;
esac
# The targets that call our parsers directly run without AddressSanitizer: the code under test is
# safe Rust (the workspace denies `unsafe_code`), where ASan finds nothing the borrow checker
# has not ruled out, and it costs most of the time (RELIABILITY.md). The whole-stack targets keep
# it: they run tokio, hyper and axum, which hold `unsafe`.
case $target in
  router|path_routing) sanitizer=address ;;
  *) sanitizer=none ;;
esac
# One build folder per sanitizer, so that alternating targets does not rebuild everything.
target_dir=${CARGO_TARGET_DIR:-fuzz/target}/sanitizer-$sanitizer
kept=fuzz/corpus/$target
work=fuzz/work/$target
merged=fuzz/work/$target.merged
mkdir -p "$kept" "$work"
# The first folder receives new inputs; the others are read only.
dirs="$work $kept fuzz/seeds/$target"
[ -d "fuzz/regressions/$target" ] && dirs="$dirs fuzz/regressions/$target"

fuzz() {
  env RUSTC_BOOTSTRAP=1 nice -n 10 cargo fuzz run --sanitizer "$sanitizer" \
    --target-dir "$target_dir" "$target" "$@"
}

status=0
if [ "$seconds" -gt 0 ]; then
  # shellcheck disable=SC2086
  fuzz $dirs -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -malloc_limit_mb=512 -timeout=30 \
    -max_len="$max_len" -dict="fuzz/dicts/$target.dict" -print_final_stats=1 "$@" || status=$?
fi

# The smallest set of the kept and new inputs that reaches the same edges becomes the kept corpus.
# Edges only (-use_counters=0), not how often each is hit: a few hundred small files that the next
# run grows back from in seconds, rather than thousands in git. A crasher is left out (it is in
# fuzz/artifacts/; minimise it into fuzz/regressions/).
rm -rf "$merged"
mkdir -p "$merged"
fuzz "$merged" "$kept" "$work" -- \
  -merge=1 -use_counters=0 -max_len="$max_len" -rss_limit_mb=2048 -timeout=30
rm -rf "$kept" "$work"
mv "$merged" "$kept"
echo "kept corpus $kept: $(find "$kept" -type f | wc -l) files, $(find "$kept" -type f -exec cat {} + | wc -c) bytes"
exit "$status"
