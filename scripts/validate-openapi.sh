#!/usr/bin/env bash
# Validates OpenAPI 3.1 documents with openapi-spec-validator (PyPI), an implementation that is
# not ours: the schema of OpenAPI 3.1 itself, plus the rules a schema cannot say (unique
# operation ids, path parameters declared and used, `$ref`s that resolve).
#
#   bash scripts/validate-openapi.sh              # the example's ts/openapi.json and the tests crate's document
#   bash scripts/validate-openapi.sh doc.json...  # those documents
#
# The validator is installed once into a virtual environment under the cargo target folder;
# python3 with its venv module is all it needs.
set -euo pipefail
cd "$(dirname "$0")/.."

validator_version=0.9.0
target="${CARGO_TARGET_DIR:-target}"
venv="$target/openapi-spec-validator-$validator_version"
validator="$venv/bin/openapi-spec-validator"

if ! command -v python3 >/dev/null; then
    echo "validate-openapi: python3 is not on PATH; it is needed to run openapi-spec-validator" >&2
    exit 1
fi
if [[ ! -x "$validator" ]]; then
    echo "validate-openapi: installing openapi-spec-validator $validator_version into $venv" >&2
    rm -rf "$venv"
    python3 -m venv "$venv"
    if ! "$venv/bin/pip" install --quiet --disable-pip-version-check "openapi-spec-validator==$validator_version"; then
        rm -rf "$venv"
        echo "validate-openapi: cannot install openapi-spec-validator (is PyPI reachable?)" >&2
        exit 1
    fi
fi

documents=("$@")
if [[ ${#documents[@]} -eq 0 ]]; then
    generated="$target/openapi"
    mkdir -p "$generated"
    cargo run --quiet -p api-routes-tests --example openapi > "$generated/api-routes-tests.json"
    documents=(examples/api-routes-openapi/ts/openapi.json "$generated/api-routes-tests.json")
fi

"$validator" --schema 3.1 --validation-errors all "${documents[@]}"
