#!/usr/bin/env bash
# The load benchmark (docs/PERFORMANCE.md, "Load"): the release server on Seoul-sized data
# (`uri-dongne seed-scale`), on SQLite and on PostgreSQL, each route by wrk with 50 connections
# for BENCH_SECONDS (8) — the load generator on the same machine as the server, as the targets
# assume. Prints, per route, requests/s, p50, p99 and the answers that were not 2xx/3xx, then
# the server's peak RSS and how long it took to be ready on the seeded database, and writes the
# table into docs/PERFORMANCE.md with the date and the machine.
#
#   make build && scripts/bench.sh [sqlite|postgres|both]
#
# Needs target/release/uri-dongne (`make build`), wrk (Debian's; installed if missing) and, for
# `postgres`, a local PostgreSQL as the tests use (BENCH_POSTGRES_URL, the admin database).
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-both}
BIN=${BENCH_BINARY:-target/release/uri-dongne}
# the binary that seeds (the same unless told: a debug build seeds the same rows)
SEED_BIN=${BENCH_SEED_BINARY:-$BIN}
SECONDS_EACH=${BENCH_SECONDS:-8}
CONNECTIONS=${BENCH_CONNECTIONS:-50}
# wrk needs at least one connection per thread: BENCH_CONNECTIONS=1 times requests one at a time
THREADS=$(( CONNECTIONS < 2 ? CONNECTIONS : 2 ))
PORT=${BENCH_PORT:-3150}
PG_ADMIN=${BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
BASE="http://127.0.0.1:$PORT"

[ -x "$BIN" ] || { echo "bench: $BIN missing (make build)" >&2; exit 1; }
if ! command -v wrk >/dev/null; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get install -y -qq wrk >/dev/null
fi

# milliseconds from wrk's "1.23ms", "456.78us", "1.02s"
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/ && v !~ /ms$/) n *= 1000; printf "%.1f", n }'; }

# one route: prints "| name | req/s | p50 | p99 | not 2xx/3xx |"; `run name path` reads, `run name
# / <support|ballot|booking> <bench file>` writes (scripts/bench/writes.lua)
run() {
  local name=$1 path=$2 out
  if [ $# -gt 2 ]; then
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency -s scripts/bench/writes.lua "$BASE$path" -- "$3" "$4" 2>&1)
  else
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency "$BASE$path" 2>&1)
  fi
  local rps p50 p99 bad errors
  rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$out")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
  bad=$(awk '/Non-2xx or 3xx responses:/ { print $5 }' <<<"$out"); bad=${bad:-0}
  errors=$(awk '/Socket errors:/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' <<<"$out"); errors=${errors:-0}
  echo "| $name | $rps | $p50 | $p99 | $((bad + errors)) |"
}

bench() {
  local backend=$1 url dir
  dir=$(mktemp -d)
  if [ "$backend" = sqlite ]; then
    url="sqlite://$dir/bench.db?mode=rwc"
  else
    psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS ud_bench" -c "CREATE DATABASE ud_bench" >/dev/null
    url="${PG_ADMIN%/*}/ud_bench"
  fi
  local seeded_in t0
  t0=$(date +%s%N)
  DATABASE_URL="$url" UD_DEMO=false RUST_LOG=warn "$SEED_BIN" seed-scale --tokens "$dir/bench.txt" >/dev/null
  seeded_in=$(( ($(date +%s%N) - t0) / 1000000000 ))

  local started ready_ms pid
  if curl -s -o /dev/null "$BASE/healthz"; then echo "bench: something already answers on $BASE" >&2; exit 1; fi
  started=$(date +%s%N)
  DATABASE_URL="$url" UD_ADDR="127.0.0.1:$PORT" UD_DEMO=false RUST_LOG=warn \
    LEPTOS_SITE_ROOT=target/site LEPTOS_HASH_FILES=true "$BIN" serve --no-migrate >"$dir/server.log" 2>&1 &
  pid=$!
  SERVER_PID=$pid
  trap 'kill "${SERVER_PID:-}" 2>/dev/null || true' EXIT
  until curl -sf -o /dev/null "$BASE/readyz"; do sleep 0.02; done
  ready_ms=$(( ($(date +%s%N) - started) / 1000000 ))

  local dong first space
  dong=$(awk '$1 == "dong" { print $2 }' "$dir/bench.txt")
  first=$(awk '$1 == "proposals" { print $2 }' "$dir/bench.txt")
  space=$(awk '$1 == "spaces" { print $2 }' "$dir/bench.txt")
  local day
  day=$(TZ=Asia/Seoul date +%F)

  {
    echo "| route | req/s | p50 ms | p99 ms | not 2xx/3xx |"
    echo "| --- | --- | --- | --- | --- |"
    run "/healthz" "/healthz"
    run "home" "/"
    run "a dong" "/dongs/$dong"
    run "proposals, newest" "/dongs/$dong/proposals"
    run "proposals, most supported" "/dongs/$dong/proposals?sort=supports"
    run "proposals, closest to threshold" "/dongs/$dong/proposals?sort=threshold"
    run "proposals, search 화단 (best match)" "/dongs/$dong/proposals?q=%ED%99%94%EB%8B%A8"
    run "proposals, search 화단, newest" "/dongs/$dong/proposals?q=%ED%99%94%EB%8B%A8&sort=newest"
    run "a dong's search 화단 (REST)" "/api/v1/dongs/$dong/search?q=%ED%99%94%EB%8B%A8"
    run "proposals (REST)" "/api/v1/dongs/$dong/proposals"
    run "a proposal" "/proposals/$first"
    run "fund page" "/dongs/$dong/fund"
    run "fund journal (REST)" "/api/v1/dongs/$dong/fund/journal"
    run "spaces day table" "/dongs/$dong/spaces?day=$day"
    run "a space's availability (REST)" "/api/v1/spaces/$space/availability?from=$day&days=7"
    run "write: support" "/" support "$dir/bench.txt"
    run "write: ballot" "/" ballot "$dir/bench.txt"
    run "write: booking" "/" booking "$dir/bench.txt"
  } >"$dir/table.md"
  local rss
  rss=$(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true

  {
    echo "#### $backend"
    echo
    echo "Seeded in ${seeded_in} s; ready ${ready_ms} ms after start on the seeded database; peak RSS ${rss} MB."
    echo
    cat "$dir/table.md"
  } >"$dir/section.md"
  cat "$dir/section.md"
  # docs/PERFORMANCE.md: the section between this backend's markers
  python3 - "$backend" "$dir/section.md" <<'PY'
import sys, re, datetime, platform, os
backend, section = sys.argv[1], open(sys.argv[2]).read().strip()
path = "docs/PERFORMANCE.md"
doc = open(path).read()
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
stamp = f"{datetime.date.today()}, {os.cpu_count()} × {cpu}, release build, {os.environ.get('BENCH_SECONDS', '8')} s × {os.environ.get('BENCH_CONNECTIONS', '50')} connections per route"
block = f"<!-- bench:{backend}:start -->\n{section}\n\n({stamp})\n<!-- bench:{backend}:end -->"
pattern = re.compile(f"<!-- bench:{backend}:start -->.*?<!-- bench:{backend}:end -->", re.S)
doc = pattern.sub(lambda _: block, doc) if pattern.search(doc) else doc.rstrip() + "\n\n" + block + "\n"
open(path, "w").write(doc)
PY
  rm -rf "$dir"
  if [ "$backend" = postgres ]; then psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS ud_bench" >/dev/null; fi
}

case "$which" in
  sqlite | postgres) bench "$which" ;;
  both) bench sqlite; bench postgres ;;
  *) echo "usage: scripts/bench.sh [sqlite|postgres|both]" >&2; exit 2 ;;
esac
