#!/usr/bin/env bash
# Times `drift plan` and `drift apply` of a large plan on file sources:
# ROWS rows (default 20,000) of which half differ, so about ROWS/2 ops
# (bench/apply.sh 200000 gives about 100,000). The plan is made once; then
# each build applies it to a fresh copy of right.csv with an empty state
# store, and applies it again (every op already applied). With BASE set
# (older builds: NAME=PATH, space separated, a bare PATH is named base)
# each of them runs before this checkout's build (new).
#
#   bench/apply.sh 20000
#   BASE=/tmp/old/drift bench/apply.sh 200000
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-20000}
dir="bench/data/apply-$rows"
mkdir -p bench/out
go build -o bench/out/drift .
rm -rf "$dir"
go run ./bench/gen -rows "$rows" -changed 0.5 -out "$dir"
cp "$dir/right.csv" "$dir/right.orig"
t() { /usr/bin/time -f "%e s %M KB" "$@" 2>&1 >/dev/null | tail -1; }
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "plan:  $(t bench/out/drift plan -c "$dir/drift.yaml" -o "$dir/plan.json")"
echo "ops:   $(grep -c '"action"' "$dir/plan.json")"
builds=""
for b in ${BASE:-}; do
  case $b in *=*) ;; *) b="base=$b" ;; esac
  builds="$builds $b"
done
for build in $builds new=$PWD/bench/out/drift; do
  name=${build%%=*} bin=${build#*=}
  cp "$dir/right.orig" "$dir/right.csv"
  rm -rf "$dir/.drift"
  echo "$name apply: $(t "$bin" apply "$dir/plan.json" --yes)  (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  echo "$name again: $(t "$bin" apply "$dir/plan.json" --yes)  (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
done
