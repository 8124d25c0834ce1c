#!/usr/bin/env bash
# Times `drift scan` end to end on generated CSV replicas: wall time and peak
# memory (GNU time -v) for each row count given, default 100k and 1M.
#
#   bench/run.sh 100000 1000000 5000000
set -euo pipefail
cd "$(dirname "$0")/.."
rows=("${@:-100000 1000000}")
[ $# -eq 0 ] && rows=(100000 1000000)
mkdir -p bench/out
go build -o bench/out/drift .
printf '%-10s %-10s %-10s %s\n' rows wall_s max_rss_mib exit
for n in "${rows[@]}"; do
  dir="bench/data/$n"
  [ -f "$dir/left.csv" ] || go run ./bench/gen -rows "$n" -out "$dir"
  log="bench/out/time-$n.txt"
  set +e
  /usr/bin/time -v bench/out/drift scan -c "$dir/drift.yaml" --format json -o bench/out/report-$n.json 2>"$log"
  code=$?
  set -e
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log")
  printf '%-10s %-10s %-10s %s\n' "$n" "$wall" "$rss" "$code"
done
