#!/usr/bin/env bash
# Tests the JSON API against its own OpenAPI document with schemathesis: every operation,
# every check, generated valid and invalid requests, with and without an API token.
#
# It takes the `convene` program from the test build (`cargo test --no-run`), so after the
# test suite nothing is compiled twice, serves a fresh SQLite database on a free port (the
# server loads the bundled national dataset on first start), creates a user and an API token
# for the signed-in endpoints, runs schemathesis with a fixed seed and a time limit, stops the
# server and exits non-zero if schemathesis found any failure. Settings per operation are in
# scripts/schemathesis.toml. Environment: SCHEMATHESIS_MAX_TIME (seconds, default 150),
# SCHEMATHESIS_MAX_EXAMPLES (default 30), SCHEMATHESIS_SEED (default 20240901).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

schemathesis_version="4.32.5"
max_time="${SCHEMATHESIS_MAX_TIME:-150}"
max_examples="${SCHEMATHESIS_MAX_EXAMPLES:-30}"
seed="${SCHEMATHESIS_SEED:-20240901}"

if ! schemathesis --version 2>/dev/null | grep -q "$schemathesis_version"; then
    echo "== installing schemathesis $schemathesis_version from PyPI"
    python3 -m pip install --quiet "schemathesis==$schemathesis_version"
fi

echo "== building convene"
# The binary `cargo test` builds for the CLI's own tests, with the same features, so after
# the test suite this compiles nothing (`cargo build -p convene` would unify features
# differently and compile the dependencies a second time).
cargo test --workspace --locked --no-run
convene="$root/target/debug/convene"

work="$(mktemp -d)"
server_pid=""
cleanup() {
    if [[ -n "$server_pid" ]]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
database="$work/contract.sqlite"

echo "== starting convene on $base"
"$convene" serve --database "$database" --listen "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do
    if curl -sf "$base/healthz" >/dev/null; then
        break
    fi
    if ! kill -0 "$server_pid" 2>/dev/null; then
        cat "$work/server.log"
        echo "convene stopped before it was ready" >&2
        exit 1
    fi
    sleep 1
done
curl -sf "$base/healthz" >/dev/null

echo "== creating a user and an API token"
email="contract@example.org"
password="contract-test-password-42"
CONVENE_ADMIN_PASSWORD="$password" "$convene" admin create-user \
    --database "$database" --email "$email" --name "Contract Tester" >/dev/null
jar="$work/cookies"
csrf() {
    sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -n 1
}
token_field="$(curl -sf -c "$jar" -b "$jar" "$base/sign-in" | csrf)"
curl -sf -o /dev/null -c "$jar" -b "$jar" "$base/sign-in" \
    --data-urlencode "csrf_token=$token_field" --data-urlencode "email=$email" \
    --data-urlencode "password=$password" --data-urlencode "next=/account"
token_field="$(curl -sf -c "$jar" -b "$jar" "$base/account/api-tokens" | csrf)"
token="$(curl -sf -c "$jar" -b "$jar" "$base/account/api-tokens" \
    --data-urlencode "csrf_token=$token_field" --data-urlencode "name=schemathesis" |
    grep -o 'cvn_[A-Za-z0-9_-]*' | head -n 1)"
if [[ -z "$token" ]]; then
    echo "could not create an API token" >&2
    exit 1
fi
if [[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$base/api/v1/me")" != 200 ]]; then
    echo "the new API token is not accepted by /api/v1/me" >&2
    exit 1
fi

echo "== running schemathesis (seed $seed, at most $max_examples examples an operation, ${max_time}s)"
# One worker: with two, schemathesis's threads race inside CPython 3.11's ast module
# (`SystemError: AST constructor recursion depth mismatch`) now and then, failing a run
# that found nothing wrong with the API.
status=0
schemathesis --config-file "$root/scripts/schemathesis.toml" run "$base/api/v1/openapi.json" \
    --checks all \
    --header "Authorization: Bearer $token" \
    --max-examples "$max_examples" \
    --seed "$seed" \
    --max-time "$max_time" \
    --workers 1 \
    --generation-database none \
    --no-color || status=$?

if grep -q "panicked" "$work/server.log"; then
    echo "== the server panicked $(grep -c "panicked at" "$work/server.log") times during the run, at:"
    grep "panicked at" "$work/server.log" | sed 's/.*panicked at //' | sort | uniq -c || true
fi
exit "$status"
