#!/usr/bin/env bash
# examples/lambda run for real, locally: its Lambda function (src/main.rs) under cargo-lambda's
# emulator (`cargo lambda watch`), sent the same requests as the router on `api_routes::Server`,
# answers compared by examples/lambda/tests/emulator.rs. Skips, saying so, without cargo-lambda
# (`pip install cargo-lambda`). LAMBDA_PORT picks the emulator's port (default 9157).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! cargo lambda --version >/dev/null 2>&1; then
    echo "SKIPPED: scripts/lambda-local.sh needs cargo-lambda (pip install cargo-lambda); the Lambda function was NOT run under the emulator" >&2
    exit 0
fi

port=${LAMBDA_PORT:-9157}
target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])' 2>/dev/null || echo target)
log="$target_dir/lambda-watch.log"
mkdir -p "$target_dir"

# Built first, so that the emulator's build and the test's do not wait on each other's lock.
cargo build -p example-lambda --bin example-lambda
cargo test -p example-lambda --test emulator --no-run

# Its own process group, so that stopping it stops the function it started too.
setsid bash -c 'cd examples/lambda && exec cargo lambda watch --ignore-changes --disable-cors \
    -A 127.0.0.1 -P "$1" --bin example-lambda' _ "$port" >"$log" 2>&1 &
watch=$!
trap 'kill -- -"$watch" 2>/dev/null || true' EXIT

for _ in $(seq 1 300); do
    grep -q "starting Runtime server" "$log" && break
    if ! kill -0 "$watch" 2>/dev/null; then
        cat "$log" >&2
        echo "cargo lambda watch stopped before it listened" >&2
        exit 1
    fi
    sleep 1
done

LAMBDA_FUNCTION_URL="http://127.0.0.1:$port/lambda-url/example-lambda" \
    cargo test -p example-lambda --test emulator -- --ignored
