#!/usr/bin/env bash
# Times `drift scan` against real servers: two PostgreSQL tables of ROWS rows
# (default 1M; 10 columns, 1% of rows changed, 0.1% deleted, 0.1% added), and
# a PostgreSQL table of REDIS_ROWS rows (default 100k) against its copy as
# Redis hashes (1% changed). Prints wall time and peak memory (GNU time -v).
# With BASE set to other drift binaries (older builds; NAME=PATH, space
# separated, a bare PATH is named base), each scenario runs with each of
# them and with this checkout's build (new), one after the other, and each
# report is compared with new's (bench/cmpreport).
#
#   bench/db.sh [ROWS [REDIS_ROWS]]
#   BASE=/tmp/old/drift bench/db.sh
#   BASE="start=/tmp/a/drift nostream=/tmp/b/drift" bench/db.sh
#
# Servers: DRIFT_PG_DSN and DRIFT_REDIS_ADDR (host:port or a redis:// URL
# naming a database), by default the local ones. The tables bench_left,
# bench_right and bench_cache_src and the keys bench:row:* are dropped and
# recreated.
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

builds=""
for b in ${BASE:-}; do
  case $b in *=*) ;; *) b="base=$b" ;; esac
  builds="$builds $b"
done
builds="$builds new=$PWD/bench/out/drift"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-10s %-6s %-9s %-10s %-12s %s\n' scenario build rows wall max_rss_mib exit
for case in "pg-pg $rows" "pg-redis $redis_rows"; do
  set -- $case
  for build in $builds; do
    name=${build%%=*} bin=${build#*=}
    dir="$out/$name" # each build keeps its own state next to its config
    mkdir -p "$dir"
    cp "$out/$1.yaml" "$dir/"
    log="$dir/time-$1-$2.txt"
    set +e
    /usr/bin/time -v "$bin" scan -c "$dir/$1.yaml" --format json -o "$dir/report-$1-$2.json" 2>"$log"
    code=$?
    set -e
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log")
    printf '%-10s %-6s %-9s %-10s %-12s %s\n' "$1" "$name" "$2" "$wall" "$rss" "$code"
  done
  for build in $builds; do
    name=${build%%=*}
    if [ "$name" != new ]; then
      printf '%s vs new: ' "$name"
      go run ./bench/cmpreport "$out/$name/report-$1-$2.json" "$out/new/report-$1-$2.json" || true
    fi
  done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
