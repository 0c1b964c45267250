#!/usr/bin/env bash
# Unit and integration tests (`make unit`). Every integration test has a SQLite and a PostgreSQL
# variant; the PostgreSQL ones are #[ignore]d unless a server is given, so `cargo test` counts
# them as ignored (with the reason), never as passed.
#
#   UD_TEST_POSTGRES_URL set      → the PostgreSQL variants run there (and fail if it is down)
#   unset, 127.0.0.1:5432 answers → they run on the local server as user postgres
#   unset, nothing answers        → they are reported as ignored
set -euo pipefail
cd "$(dirname "$0")/.."

pg_answers() {
  if command -v pg_isready >/dev/null; then
    pg_isready -q -h 127.0.0.1 -p 5432 -t 3
  else
    timeout 3 bash -c 'exec 3<>/dev/tcp/127.0.0.1/5432' 2>/dev/null
  fi
}

run_ignored=()
if [[ -z "${UD_TEST_POSTGRES_URL:-}" ]] && pg_answers; then
  export UD_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres
fi
if [[ -n "${UD_TEST_POSTGRES_URL:-}" ]]; then
  echo "unit: PostgreSQL variants run on ${UD_TEST_POSTGRES_URL}"
  run_ignored=(--include-ignored)
else
  echo "unit: no PostgreSQL answers at 127.0.0.1:5432 and UD_TEST_POSTGRES_URL is unset: the PostgreSQL variants are reported as ignored"
fi

# Build first, with no limit (a clean build on a slow or busy machine takes what it takes), then
# run: a hung test fails the run instead of eating CI's budget. (The limit once covered the build
# too, and a clean build beside another job used 23 of its 30 minutes: the run was cut off while
# the tests were passing.)
cargo test --workspace --exclude frontend --no-run
exec timeout 30m cargo test --workspace --exclude frontend -- "${run_ignored[@]}"
