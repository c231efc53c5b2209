#!/usr/bin/env bash
# The differential check against real Next.js: installs the `next` pinned in package.json, builds
# app/ (pages mirroring the tests crate's and examples/api-routes-cors's routes), starts it and
# our two servers, and runs compare.mjs, which sends the same requests to both and fails on any
# difference not listed in known-differences.txt. Skips, saying why, without Node.js >= 20, npm
# or the npm registry.
set -euo pipefail
cd "$(dirname "$0")"

skip() {
    echo "compat/run.sh: skipped: $*" >&2
    exit 0
}

command -v node >/dev/null || skip "Node.js is not installed"
command -v npm >/dev/null || skip "npm is not installed"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 20 ] || skip "Node.js $(node --version) is older than 20"

if [ ! -x node_modules/.bin/next ] || [ package.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error || skip "npm could not install the pinned next (is the registry reachable?)"
fi

next_port="${COMPAT_NEXT_PORT:-3190}"
tests_port="${COMPAT_TESTS_PORT:-3191}"
cors_port="${COMPAT_CORS_PORT:-3192}"

NEXT_TELEMETRY_DISABLED=1 node_modules/.bin/next build app >/dev/null

cargo build --quiet -p api-routes-tests -p example-api-routes-cors
target_dir="$(cargo metadata --format-version 1 --no-deps | node -p 'JSON.parse(require("fs").readFileSync(0)).target_directory')"

pids=()
stop() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap stop EXIT

NEXT_TELEMETRY_DISABLED=1 node_modules/.bin/next start app -p "$next_port" >/dev/null &
pids+=($!)
PORT="$tests_port" "$target_dir/debug/api-routes-tests" >/dev/null &
pids+=($!)
PORT="$cors_port" "$target_dir/debug/example-api-routes-cors" >/dev/null &
pids+=($!)

for port in "$next_port" "$tests_port" "$cors_port"; do
    for _ in $(seq 100); do
        (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
        sleep 0.1
    done
done

node compare.mjs "$next_port" "$tests_port" "$cors_port" known-differences.txt
