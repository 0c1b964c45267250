#!/usr/bin/env bash
# The kill -9 harness against a given server binary (default: the release build), on SQLite and,
# when the local PostgreSQL answers (or UD_TEST_POSTGRES_URL is set), on PostgreSQL:
#
#   scripts/crash-test.sh [BINARY]        e.g. scripts/crash-test.sh target/release/uri-dongne
#   UD_CRASH_ROUNDS=50 scripts/crash-test.sh
#
# Loopback only; bounded (about 20 s per database for 20 kills). `make test` runs the same test
# against the binary `cargo test` builds. See docs/OPERATIONS.md, "Scale-out and durability".
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-target/release/uri-dongne}
[[ -x $binary ]] || { echo "crash-test: no binary at $binary (make build, or name one)"; exit 2; }
export UD_TEST_BINARY=$(realpath "$binary")
if [[ -z "${UD_TEST_POSTGRES_URL:-}" ]] && timeout 3 bash -c 'exec 3<>/dev/tcp/127.0.0.1/5432' 2>/dev/null; then
  export UD_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres
fi
ignored=()
[[ -n "${UD_TEST_POSTGRES_URL:-}" ]] && ignored=(--include-ignored)
exec timeout 15m cargo test -p server --test integration -- "${ignored[@]}" crash:: --nocapture
