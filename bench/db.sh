#!/usr/bin/env bash
# Times `drift scan` against real servers: two PostgreSQL tables of ROWS rows
# (default 1M; 10 columns, 1% of rows changed, 0.1% deleted, 0.1% added), and
# a PostgreSQL table of REDIS_ROWS rows (default 100k) against its copy as
# Redis hashes (1% changed). Prints wall time and peak memory (GNU time -v).
#
#   bench/db.sh [ROWS [REDIS_ROWS]]
#
# Servers: DRIFT_PG_DSN and DRIFT_REDIS_ADDR, by default the local ones. The
# tables bench_left, bench_right and bench_cache_src and the keys bench:row:*
# are dropped and recreated.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
redis_rows=${2:-100000}
export DRIFT_PG_DSN=${DRIFT_PG_DSN:-postgres://postgres@127.0.0.1:5432/test?sslmode=disable}
export DRIFT_REDIS_ADDR=${DRIFT_REDIS_ADDR:-127.0.0.1:6379}
out=bench/out/db
mkdir -p "$out"
go build -o bench/out/drift .
go run ./bench/gendb -rows "$rows" -redis-rows "$redis_rows" -out "$out"

printf '%-10s %-9s %-10s %-12s %s\n' scenario rows wall max_rss_mib exit
for case in "pg-pg $rows" "pg-redis $redis_rows"; do
  set -- $case
  log="$out/time-$1-$2.txt"
  set +e
  /usr/bin/time -v bench/out/drift scan -c "$out/$1.yaml" --format json -o "$out/report-$1-$2.json" 2>"$log"
  code=$?
  set -e
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log")
  printf '%-10s %-9s %-10s %-12s %s\n' "$1" "$2" "$wall" "$rss" "$code"
done
