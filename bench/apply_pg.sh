#!/usr/bin/env bash
# Times `drift apply` of about ROWS/2 ops (default ROWS 20,000, so ~10,000
# ops: updates, inserts and deletes) to a PostgreSQL table: bench/gen's two
# CSV files are loaded into bench_apply_left (the authority) and
# bench_apply_right (writable), planned once, then each build applies the
# plan to a freshly loaded bench_apply_right with an empty state store:
# this checkout's build (new) with --parallel 1 and 4, and with BASE set
# (older builds: NAME=PATH, space separated, a bare PATH is named base)
# each of them with its defaults. Prints wall time, peak memory and the
# counts.
#
#   bench/apply_pg.sh [ROWS]
#   BASE=/tmp/old/drift bench/apply_pg.sh 20000
#
# Server: DRIFT_PG_DSN, by default the local one.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-20000}
export DRIFT_PG_DSN=${DRIFT_PG_DSN:-postgres://postgres@127.0.0.1:5432/test?sslmode=disable}
dir="bench/data/apply-pg-$rows"
mkdir -p bench/out
go build -o bench/out/drift .
rm -rf "$dir"
go run ./bench/gen -rows "$rows" -changed 0.5 -out "$dir"
load() {
  psql "$DRIFT_PG_DSN" -q -v ON_ERROR_STOP=1 \
    -c "DROP TABLE IF EXISTS $1" \
    -c "CREATE TABLE $1 (id bigint PRIMARY KEY, name text, email text, city text, qty integer, score integer,
        price numeric(12,2), balance numeric(14,4), created timestamptz, updated timestamptz)" \
    -c "\\copy $1 FROM '$2' CSV HEADER"
}
load bench_apply_left "$dir/left.csv"
{
  sed '/^sources:/,$d' "$dir/drift.yaml"
  echo 'sources:'
  echo '  left:  {type: postgres, dsn: "${DRIFT_PG_DSN}", table: bench_apply_left}'
  echo '  right: {type: postgres, dsn: "${DRIFT_PG_DSN}", table: bench_apply_right, writable: true}'
} >"$dir/pg.yaml"
load bench_apply_right "$dir/right.csv"
bench/out/drift plan -c "$dir/pg.yaml" -o "$dir/plan.json" >/dev/null
echo "ops: $(grep -c '"action"' "$dir/plan.json")"
runs=""
for b in ${BASE:-}; do
  case $b in *=*) ;; *) b="base=$b" ;; esac
  runs="$runs $b="
done
runs="$runs new=$PWD/bench/out/drift=1 new=$PWD/bench/out/drift=4"
printf '%-6s %-9s %-10s %-12s %s\n' build parallel wall max_rss_mib counts
for run in $runs; do
  IFS== read -r name bin parallel <<<"$run"
  load bench_apply_right "$dir/right.csv"
  rm -rf "$dir/.drift"
  flags=""
  [ -n "$parallel" ] && flags="--parallel $parallel"
  log="$dir/time-$name-$parallel.txt"
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)" >"$log.load"
  # shellcheck disable=SC2086
  /usr/bin/time -v "$bin" apply "$dir/plan.json" --yes --format json $flags >"$dir/run-$name-$parallel.json" 2>"$log" || true
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log")
  counts=$(grep -o '"counts":{[^}]*}' "$dir/run-$name-$parallel.json" || echo "?")
  printf '%-6s %-9s %-10s %-12s %s  (%s)\n' "$name" "${parallel:-default}" "$wall" "$rss" "$counts" "$(cat "$log.load")"
done
